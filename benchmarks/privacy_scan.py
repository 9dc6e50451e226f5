"""Benchmark the privacy scanner: ``python -m benchmarks.privacy_scan [--check] [--regions CC,CC]``.

A reproducible 100,000-character HTML page is scanned for 10,000 protected names. Reported:
the median time of ``Scanner.scan()`` once the matcher is built (goal: at most 50 ms),
against the median of one case-insensitive regular-expression alternation of the same
names run over the same page (goal: the scanner at least 20 times faster). ``scan()`` also
parses the HTML and looks for emails and phone numbers; the baseline only matches names.
Phone numbers are read in one region by default; ``--regions`` measures an international
event (each region adds one pass of the phone matcher).
"""

import argparse
import random
import re
import statistics
import sys
import time

from wagtail_coc.privacy import Scanner

SEED = 20251125
DOCUMENT_LENGTH = 100_000
NAME_COUNT = 10_000
SCAN_GOAL_MS = 50.0
RATIO_GOAL = 20.0

_ONSETS = "b br ch d f g h j k kr l m n p pr r s sh st t v w z".split()
_VOWELS = ["a", "e", "i", "o", "u", "ia", "ei", "ou", "á", "é", "ø", "ł"]
_CODAS = ["", "", "n", "r", "s", "k", "l", "m", "sz", "ck"]
_WORDS = """the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has would when
if so no out up into do only other time could new some these two may then first any like
now my such make over our even most me state after also made many did must before back
years where much your way well down should because each just those people how too little
good very great through year say us here code conduct report team event talk session
speaker venue room schedule coffee lunch welcome community safety respond contact""".split()


def _name_part(rng: random.Random, syllables: int) -> str:
    part = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    return part.capitalize()


def make_names(rng: random.Random, count: int = NAME_COUNT) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{_name_part(rng, rng.randint(1, 2))} {_name_part(rng, rng.randint(2, 3))}")
    return sorted(names)


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 18))]
    roll = rng.random()
    if roll < 0.03:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    elif roll < 0.06:
        given, surname = rng.choice(names).split(" ", 1)
        cut = rng.randint(1, len(surname) - 1)
        words.insert(rng.randrange(len(words)), f"{given} <em>{surname[:cut]}</em>{surname[cut:]}")
    elif roll < 0.09:
        words.append(
            f"on {rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
    elif roll < 0.11:
        words.append(f"({rng.randint(100, 99999):,} attendees)")
    elif roll < 0.13:
        words.insert(rng.randrange(len(words)), f"<strong>{rng.choice(_WORDS)}</strong>")
    elif roll < 0.15:
        words.append(f'<a href="/schedule/{rng.randint(1, 999)}/">{rng.choice(_WORDS)}</a>')
    return " ".join(words).capitalize() + "."


def make_document(rng: random.Random, names: list[str], length: int = DOCUMENT_LENGTH) -> str:
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head><title>Code of conduct</title></head>\n<body>\n'
    )
    blocks = [head]
    size = len(head)
    while size < length:
        if rng.random() < 0.1:
            block = f'<img src="/media/{rng.randint(1, 9999)}.jpg" alt="{_sentence(rng, names)}">\n'
        else:
            sentences = " ".join(_sentence(rng, names) for _ in range(rng.randint(2, 6)))
            block = f'<p class="body">\n  {sentences}\n</p>\n'
        blocks.append(block)
        size += len(block)
    return "".join(blocks)[:length]


def _median_ms(function, runs: int) -> tuple[float, float]:
    """Median CPU time and median wall-clock time of ``runs`` calls, in milliseconds.

    CPU time is the figure compared with the goals: on a shared machine wall-clock time
    also counts the time other processes held the CPU.
    """
    cpu, wall = [], []
    for _ in range(runs):
        cpu_began, wall_began = time.process_time(), time.perf_counter()
        function()
        cpu.append((time.process_time() - cpu_began) * 1000)
        wall.append((time.perf_counter() - wall_began) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def run(
    scan_runs: int = 15, baseline_runs: int = 3, regions: tuple[str, ...] = ("US",)
) -> dict[str, float]:
    rng = random.Random(SEED)
    names = make_names(rng)
    document = make_document(rng, names)

    began = time.process_time()
    scanner = Scanner(names=names, regions=regions)
    build_ms = (time.process_time() - began) * 1000
    findings = scanner.scan(document)

    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    baseline = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
    baseline_matches = []

    scan_ms, scan_wall_ms = _median_ms(lambda: scanner.scan(document), scan_runs)
    baseline_ms, baseline_wall_ms = _median_ms(
        lambda: baseline_matches.append(len(baseline.findall(document))), baseline_runs
    )
    return {
        "characters": len(document),
        "names": len(names),
        "build_ms": build_ms,
        "scan_ms": scan_ms,
        "scan_wall_ms": scan_wall_ms,
        "baseline_ms": baseline_ms,
        "baseline_wall_ms": baseline_wall_ms,
        "ratio": baseline_ms / scan_ms,
        "findings": len([finding for finding in findings if finding.kind == "name"]),
        "baseline_matches": baseline_matches[0],
        "scan_runs": scan_runs,
        "baseline_runs": baseline_runs,
        "regions": ",".join(scanner.regions),
    }


def report(result: dict[str, float]) -> str:
    rows = [
        ("Measurement", "CPU ms", "Wall ms", "Goal"),
        ("build matcher, once", f"{result['build_ms']:.1f}", "", ""),
        (
            f"scan(), median of {result['scan_runs']}",
            f"{result['scan_ms']:.1f}",
            f"{result['scan_wall_ms']:.1f}",
            f"<= {SCAN_GOAL_MS:g} ms",
        ),
        (
            f"regex alternation, median of {result['baseline_runs']}",
            f"{result['baseline_ms']:.1f}",
            f"{result['baseline_wall_ms']:.1f}",
            "",
        ),
        ("speed-up (baseline / scan)", f"{result['ratio']:.1f}x", "", f">= {RATIO_GOAL:g}x"),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.privacy_scan")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument(
        "--regions", default="US", help="phone regions, comma-separated (default: US)"
    )
    arguments = parser.parse_args(argv)
    result = run(regions=tuple(arguments.regions.split(",")))
    print(
        f"Privacy scanner benchmark (seed {SEED}): {result['characters']:,} characters of HTML, "
        f"{result['names']:,} protected names, phone regions {result['regions']}; "
        f"{result['findings']} name findings (the baseline matched {result['baseline_matches']})."
    )
    print(report(result))
    missed = result["scan_ms"] > SCAN_GOAL_MS or result["ratio"] < RATIO_GOAL
    if missed:
        print("Goal missed.", file=sys.stderr)
    return 1 if arguments.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
