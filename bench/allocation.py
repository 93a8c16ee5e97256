"""Benchmark of the allocation engine alone (issue: allocation rounds, part a).

Builds synthetic rounds at Bochum scale (13,500 children × 5 wishes × 700 programmes) and
Berlin scale (40,000 × 10 × 2,600): popular programmes are wished for far more often (a Zipf
law), families wish mostly near home, and each programme orders its applicants by points with
a seeded tie-break, as the service does. Prints seconds (median of several runs, excluding
input generation), the share placed, and peak memory of one run (tracemalloc, measured in a
separate run because tracing slows Python down).

    .venv/bin/python bench/allocation.py [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kita.allocation import deferred_acceptance

SCALES = {
    "bochum": {"children": 13_500, "wishes": 5, "programmes": 700},
    "berlin": {"children": 40_000, "wishes": 10, "programmes": 2_600},
}
GOAL_SECONDS = {"bochum": 0.050}


def build(children: int, wishes: int, programmes: int, seed: int) -> tuple[dict, dict, dict]:
    rng = random.Random(seed)
    # Programmes lie on a line through the city; families wish near home, popular ones more.
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(programmes)]
    rng.shuffle(popularity)
    window = max(wishes * 6, programmes // 10)
    preferences: dict[int, list[int]] = {}
    for child in range(children):
        home = rng.randrange(programmes)
        nearby = [(home + offset) % programmes for offset in range(-window // 2, window // 2)]
        weights = list(itertools.accumulate(popularity[p] for p in nearby))
        chosen: list[int] = []
        while len(chosen) < min(wishes, len(nearby)):
            pick = nearby[bisect.bisect(weights, rng.random() * weights[-1])]
            if pick not in chosen:
                chosen.append(pick)
        preferences[child] = chosen
    points = {child: rng.choice((0, 0, 20, 20, 40, 60, 90)) for child in range(children)}
    lottery = {child: rng.random() for child in range(children)}
    applicants: dict[int, list[int]] = {p: [] for p in range(programmes)}
    for child, chosen in preferences.items():
        for programme in chosen:
            applicants[programme].append(child)
    priorities = {
        p: sorted(kids, key=lambda c: (-points[c], lottery[c])) for p, kids in applicants.items()
    }
    # Places for about 85 % of the children, spread by size.
    total = int(children * 0.85)
    sizes = [rng.uniform(0.3, 1.7) for _ in range(programmes)]
    scale = total / sum(sizes)
    capacities = {p: max(1, round(size * scale)) for p, size in enumerate(sizes)}
    return preferences, priorities, capacities


def run(scale: str, runs: int, seed: int) -> None:
    shape = SCALES[scale]
    began = time.perf_counter()
    preferences, priorities, capacities = build(seed=seed, **shape)
    generated = time.perf_counter() - began
    wishes_total = sum(len(w) for w in preferences.values())
    timings = []
    result: dict = {}
    for _ in range(runs):
        began = time.perf_counter()
        result = deferred_acceptance(preferences, priorities, capacities)
        timings.append(time.perf_counter() - began)
    tracemalloc.start()
    deferred_acceptance(preferences, priorities, capacities)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    placed = sum(1 for p in result.values() if p is not None)
    first_choice = sum(1 for c, p in result.items() if p is not None and preferences[c][0] == p)
    median = statistics.median(timings)
    goal = GOAL_SECONDS.get(scale)
    verdict = (
        ""
        if goal is None
        else f"  (goal ≤ {goal * 1000:.0f} ms: {'met' if median <= goal else 'NOT met'})"
    )
    print(
        f"{scale:<7} {shape['children']:>7,} children  {wishes_total:>8,} wishes  "
        f"{shape['programmes']:>6,} programmes  {sum(capacities.values()):>7,} places"
    )
    print(
        f"        engine median {median * 1000:8.1f} ms over {runs} runs "
        f"(min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f}){verdict}"
    )
    print(
        f"        peak memory {peak / 2**20:6.1f} MiB; placed {placed / len(result):.1%}, "
        f"first wish {first_choice / len(result):.1%}; input generated in {generated:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    args = parser.parse_args(argv)
    print(f"Allocation engine benchmark (Python {sys.version.split()[0]}, pure Python engine)")
    for scale in SCALES if args.scale == "all" else [args.scale]:
        run(scale, args.runs, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
