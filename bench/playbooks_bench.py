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


def generate(target: Path) -> None:
    """Write 100 valid playbooks: library files with new ids, titles and guidance wording."""
    sources = sorted(LIBRARY_DIR.glob("*.yaml"))
    for n in range(GENERATED):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        pid = f"{source.stem}-generated-{n:03d}"
        text = text.replace(f"\nid: {source.stem}\n", f"\nid: {pid}\n", 1)
        text = text.replace("guidance: >-\n", f"guidance: >-\n      Variant {n}.\n")
        text = text.replace("Best regards,", f"Best regards (variant {n}),")
        (target / f"{pid}.yaml").write_text(text, encoding="utf-8")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        loads, cpu = [], []
        for _ in range(5):
            start, start_cpu = time.perf_counter(), time.process_time()
            library = load_library([Path(tmp)])
            loads.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    assert not library.errors, library.errors[:3]
    count = len(library.playbooks)
    print(f"load {count} playbooks: first (cold process) {loads[0] * 1000:.0f} ms "
          f"(CPU {cpu[0] * 1000:.0f} ms), reloads median {median_ms(loads[1:]):.0f} ms "
          f"(CPU {median_ms(cpu[1:]):.0f} ms); target < 1000 ms")

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
