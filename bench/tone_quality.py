"""Print the tone checker's precision/recall per category on a labelled set.

    .venv/bin/python bench/tone_quality.py                      # the measure-only set
    .venv/bin/python bench/tone_quality.py --set tune --mistakes  # tuning: list what is wrong
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tone import check
from tone.evaluation import GROUPS, evaluate, load_samples

DATA = Path(__file__).resolve().parent.parent / "tests" / "tone" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="measure_only", choices=[p.stem for p in sorted(DATA.glob("*.yaml"))])
    parser.add_argument("--mistakes", action="store_true", help="list sentences judged wrongly")
    args = parser.parse_args()
    samples = load_samples(DATA / f"{args.set}.yaml")
    result = evaluate(samples, check)
    print(f"{args.set}: {len(samples)} sentences, {result.neutral_total} neutral")
    print(f"{'category':<24}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for name, scores in [*result.categories.items(), *result.groups.items()]:
        print(f"{name:<24}{scores.precision:>10.2f}{scores.recall:>8.2f}"
              f"{scores.true_pos:>5}{scores.false_pos:>5}{scores.false_neg:>5}")
    for group in GROUPS:
        print(f"neutral sentences flagged ({group}): {result.neutral_flagged[group]:.1%}")
    print(f"findings with a suggestion (blame..vague): {result.suggestion_coverage:.1%}")
    if args.mistakes:
        for text, expected, found in result.mistakes:
            print(f"- expected {sorted(expected) or 'neutral'}, found {sorted(found) or 'nothing'}: {text}")


if __name__ == "__main__":
    main()
