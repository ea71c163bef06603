"""Fixtures for the tone checker tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tone.lexicon import ENV_VAR

FIRST_CONTACT_EMAIL = """Hi Priya,

Thanks for your time on the call last week, and congratulations on the new office in Lisbon.

I'm writing about your seat count. Our records show 140 people signed in during May, and your
plan includes 100 seats. That is 40 seats (40%) above the plan since 3 May. Our console did not
warn your admins when you passed the limit, and that is on us.

We can fix this together in a few ways:
- add 40 seats at your current price of $30 per seat per month, from 1 June;
- move to the Growth tier, which includes 250 seats;
- or remove inactive users, and we will check the count with you on 14 June.

There is no penalty for the months before today, and nothing changes for your users while we agree
on a plan. Could you let me know by Friday 14 June which option suits you? I'm happy to talk it
through on a call; my direct line is +44 20 7946 0000.

Best regards,
Dana Reyes, Account Manager
"""

HOSTILE_EMAIL = """FINAL NOTICE

It has come to our attention that your company is in violation of the EULA. You have been using
unlicensed copies of our software and you failed to respond to our previous emails. Per my last
email, you must purchase the missing licences immediately. Failure to do so will result in
termination of your licence and we will not hesitate to take legal action!!!
"""


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the scanner's index cache out of the real home directory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def first_contact_email() -> str:
    return FIRST_CONTACT_EMAIL


@pytest.fixture
def hostile_email() -> str:
    return HOSTILE_EMAIL


@pytest.fixture
def team_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write YAML files into a fresh directory and point TACTFUL_LEXICON at them."""

    def write(**files: str) -> Path:
        folder = tmp_path / "team"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            (folder / f"{name}.yaml").write_text(content, encoding="utf-8")
        monkeypatch.setenv(ENV_VAR, str(folder))
        return folder

    return write
