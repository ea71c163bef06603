"""Loading playbook files and directories into a Library; broken files are skipped and reported."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from playbooks.models import LoadError, Playbook
from playbooks.nodes import Reader
from playbooks.parse import parse_playbook
from playbooks.source import SourceError, compose, read_text

LIBRARY_DIR = Path(__file__).parent / "library"
ENV_VAR = "TACTFUL_PLAYBOOKS"
SUFFIXES = (".yaml", ".yml")


@dataclass
class Library:
    """The playbooks that loaded, by id, and every error from the files that did not."""

    playbooks: dict[str, Playbook] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    def choose(self, breach_kind: str, intent: str) -> Playbook:
        """The best playbook for a case: one covering the breach kind with the same intent.

        Then one covering the kind with intent "any"; then the closest intent for another kind.
        A playbook of the other intent comes last, so a firm playbook is never picked for a
        good-faith case while a good-faith one exists. "unknown" intent counts as inadvertent
        (assume good faith until shown otherwise). Ties go to the smallest id. Raises
        LookupError only when nothing is loaded.
        """
        if not self.playbooks:
            raise LookupError("no playbooks are loaded; run `playbooks lint` to see why")
        wanted = "inadvertent" if intent == "unknown" else intent

        def rank(pb: Playbook) -> tuple[bool, int, bool]:
            fit = 2 if pb.intent == wanted else 1 if pb.intent == "any" else 0
            covers = breach_kind in pb.applies_to
            return covers and fit > 0, fit, covers

        top = max(rank(pb) for pb in self.playbooks.values())
        return min((pb for pb in self.playbooks.values() if rank(pb) == top), key=lambda p: p.id)


def _id_position(root: yaml.Node) -> tuple[int, int]:
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value == "id":
            return value.start_mark.line + 1, value.start_mark.column + 1
    return 1, 1


def load_file(path: Path) -> tuple[Playbook | None, list[LoadError], tuple[int, int]]:
    """One file: the playbook (None if anything is wrong), its errors and where its id stands."""
    name = str(path)
    try:
        text = read_text(path)
        root = compose(name, text)
    except SourceError as exc:
        return None, [exc.error], (1, 1)
    if root is None:
        return None, [LoadError(name, 1, 1, "file is empty; a playbook needs an id and steps")], (1, 1)
    reader = Reader(name)
    playbook = parse_playbook(root, reader, text)
    if reader.errors or playbook is None:
        return None, sorted(reader.errors, key=lambda e: (e.line, e.column)), (1, 1)
    return playbook, [], _id_position(root)


def playbook_files(paths: Iterable[Path]) -> tuple[list[Path], list[LoadError]]:
    """Expand files and directories into the playbook files they hold, sorted per directory."""
    files, errors = [], []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(LoadError(str(path), 1, 1, "no such file or directory"))
    return files, errors


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading allocates hundreds of thousands of small objects (YAML nodes, Jinja ASTs) that
    reference counting frees on its own; the collector's passes over everything the process
    holds made loading two to four times slower in bench/playbooks_bench.py.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_paths(paths: Iterable[Path]) -> Library:
    """Load every playbook under `paths`; a second file reusing an id is reported and skipped."""
    files, errors = playbook_files(paths)
    library = Library(errors=errors)
    with _gc_paused():
        _load_into(library, files)
    return library


def _load_into(library: Library, files: list[Path]) -> None:
    for path in files:
        playbook, problems, (line, column) = load_file(path)
        library.errors.extend(problems)
        if playbook is None:
            continue
        first = library.playbooks.get(playbook.id)
        if first is not None:
            library.errors.append(LoadError(
                str(path), line, column,
                f"playbook id {playbook.id!r} is already used by {first.source}",
            ))
            continue
        library.playbooks[playbook.id] = replace(playbook, source=path)


def load_library(extra_dirs: Sequence[Path] | None = None) -> Library:
    """The built-in library, then `extra_dirs`, then the directories in $TACTFUL_PLAYBOOKS."""
    from_env = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return load_paths([LIBRARY_DIR, *(extra_dirs or ()), *from_env])
