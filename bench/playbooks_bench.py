"""Playbooks benchmark: load the library plus 100 generated playbooks; render one step.

Targets: loading < 1 s; rendering one step's templates (all channels) < 5 ms.
Run: .venv/bin/python bench/playbooks_bench.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from playbooks.loader import LIBRARY_DIR, load_library
from playbooks.render import render_all

GENERATED = 100
SAMPLE_FACTS = Path(__file__).parent.parent / "tests" / "playbooks" / "sample_facts.yaml"


def generate(target: Path, unique_tags: bool = False) -> None:
    """Write 100 valid playbooks derived from the library, each with its own id and wording.

    Every template's prose differs from its source. With `unique_tags`, a comment tag is added
    too, so no template shares its tag skeleton and every one is parsed (the worst case).
    """
    sources = sorted(LIBRARY_DIR.glob("*.yaml"))
    for n in range(GENERATED):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        pid = f"{source.stem}-generated-{n:03d}"
        text = text.replace(f"\nid: {source.stem}\n", f"\nid: {pid}\n", 1)
        text = text.replace("guidance: >-\n", f"guidance: >-\n      Variant {n}.\n")
        marker = f"{{# v{n} #}}" if unique_tags else ""
        text = text.replace(" {{ contact_name }}", f" (v{n}) {{{{ contact_name }}}}{marker}")
        (target / f"{pid}.yaml").write_text(text, encoding="utf-8")


def load_figures(unique_tags: bool) -> tuple[int, list[float], list[float]]:
    """Load the library plus 100 generated playbooks five times: (count, wall, CPU seconds)."""
    loads, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), unique_tags)
        for _ in range(5):
            start, start_cpu = time.perf_counter(), time.process_time()
            library = load_library([Path(tmp)])
            loads.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    assert not library.errors, library.errors[:3]
    return len(library.playbooks), loads, cpu


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    for unique_tags, label in ((False, "derived wording"), (True, "every template unique")):
        count, loads, cpu = load_figures(unique_tags)
        print(f"load {count} playbooks ({label}): first {loads[0] * 1000:.0f} ms "
              f"(CPU {cpu[0] * 1000:.0f} ms), reloads median {median_ms(loads[1:]):.0f} ms "
              f"(CPU {median_ms(cpu[1:]):.0f} ms); target < 1000 ms")

    library = load_library()
    facts = {**yaml.safe_load(SAMPLE_FACTS.read_text()), "chosen_remedy": "add_seats"}
    playbook = library.playbooks["seat-overage"]
    start = time.perf_counter()
    render_all(playbook, "agreement", facts)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(500):
        start = time.perf_counter()
        render_all(playbook, "agreement", facts)
        warm.append(time.perf_counter() - start)
    print(f"render one step (4 channels): first {cold * 1000:.2f} ms (compiles), "
          f"then median {median_ms(warm):.3f} ms, p95 "
          f"{sorted(warm)[int(len(warm) * 0.95)] * 1000:.3f} ms; target < 5 ms")


if __name__ == "__main__":
    main()
