"""Best-effort files in `$XDG_CACHE_HOME/tactful` (`~/.cache/tactful`), like .pyc files: reading one
saves a CLI run work it can always redo, so an unreadable or unwritable cache only costs time."""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tactful"


def read(path: Path) -> Any | None:
    """The plain data stored at `path` (dicts, lists, tuples, str, int), or None."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write(path: Path, data: Any) -> bool:
    """Store `data` atomically (a reader sees the old file or the new one); False if it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(data))
        partial.replace(path)
    except (OSError, ValueError):
        return False
    return True
