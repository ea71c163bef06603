"""Fixtures for the playbooks tests: the built-in library, sample facts, small playbooks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from playbooks.loader import Library, load_file, load_library
from playbooks.models import Playbook

HERE = Path(__file__).parent
SAMPLE = HERE / "malformed" / "unreachable-step.yaml"


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def sample_facts() -> dict[str, Any]:
    return yaml.safe_load((HERE / "sample_facts.yaml").read_text())


@pytest.fixture
def make_playbook(tmp_path: Path) -> Callable[[str], Playbook]:
    """Load a playbook from YAML text, failing the test with its errors if it does not load."""

    def make(text: str) -> Playbook:
        path = tmp_path / "playbook.yaml"
        path.write_text(text)
        playbook, errors, _ = load_file(path)
        assert playbook is not None, [str(e) for e in errors]
        return playbook

    return make
