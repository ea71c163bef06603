"""The playbook library, loaded once per process for the configured directories."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from playbooks import Library, load_paths
from playbooks.loader import LIBRARY_DIR


@lru_cache(maxsize=4)
def _load(extra: str) -> Library:
    dirs = [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return load_paths([LIBRARY_DIR, *dirs])


def library_for(playbook_dirs: str) -> Library:
    """The library for TACTFUL_PLAYBOOKS (cached: playbooks change only with a restart)."""
    return _load(playbook_dirs or "")

