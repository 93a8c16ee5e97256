"""Throughput of the public Kita catalogue, measured against a bare Django view in the same run.

Seeds a demo city (Berlin scale by default) into a throw-away PostgreSQL database, serves the
app with gunicorn on 127.0.0.1, and drives a closed-loop load (N threads, keep-alive
connections, bounded in time and in requests) against each scenario. Prints requests/s, p50
and p95 per scenario and the ratio catalogue ÷ bare view. Goal: the catalogue at no less than
half the bare view's throughput.

    .venv/bin/python bench/catalogue.py [--scale bochum] [--seconds 10] [--keep-db]

See bench/README.md for what the figures mean and what they do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import math
import os
import platform
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
import redis

if __package__ in (None, ""):  # run as a file: python bench/catalogue.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    HEADERS,
    HOST,
    MIGRATE_TIMEOUT,
    REQUEST_TIMEOUT,
    ROOT,
    SEED_TIMEOUT,
    BenchError,
    database_name,
    drop_database,
    fetch,
    log_tail,
    manage,
    percentile_ms,
    port_in_use,
    recreate_database,
    start_gunicorn,
    stop,
    stop_on_sigterm,
    wait_until_serving,
)
from bench.common import django_environment as common_environment

GOAL_RATIO = 0.5


@dataclass(frozen=True)
class Scenario:
    name: str
    paths: tuple[str, ...]
    # Every request gets a unique extra parameter: the page cache never hits (worst case).
    unique: bool = False


@dataclass
class Result:
    scenario: Scenario
    seconds: float
    latencies: list[float] = field(default_factory=list)  # of 200 responses, in seconds
    outcomes: Counter[str] = field(default_factory=Counter)  # status code or exception name

    @property
    def requests(self) -> int:
        return sum(self.outcomes.values())

    @property
    def errors(self) -> int:
        return self.requests - self.outcomes["200"]

    @property
    def rate(self) -> float:
        # Only 200 responses count: a failing page must not look fast.
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, pct: float) -> float:
        return percentile_ms(self.latencies, pct)


# --- Arguments and environment -------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Catalogue throughput against a bare Django view (see bench/README.md)."
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/familyportal_bench",
        help="PostgreSQL on loopback; the database is dropped and recreated, so its name must "
        "contain 'bench' (default: %(default)s)",
    )
    parser.add_argument("--scale", choices=("berlin", "bochum"), default="berlin")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed (default 1)")
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/12",
        help="Redis database for the page cache; emptied before the run",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario (default 10)")
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="per scenario (default 50000)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--keep-db", action="store_true", help="leave the database in place afterwards"
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="benchmark the database as it is: no drop, migrate or seed (implies --keep-db)",
    )
    args = parser.parse_args(argv)
    for name in ("seconds", "max_requests", "concurrency", "workers"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    if args.seconds > 120:
        parser.error("--seconds is capped at 120 so that a run stays within minutes")
    return args


def django_environment(args: argparse.Namespace, static_root: str) -> dict[str, str]:
    return common_environment(
        database_url=args.database_url, cache_url=args.cache_url, static_root=static_root
    )


# --- Database ------------------------------------------------------------------------------------


def data_facts(env: dict[str, str]) -> dict[str, Any]:
    """Sizes of the seeded data, and real ids and codes for the scenarios' URLs."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, F, Sum
    from django.utils import timezone

    from familyportal.organisations.models import District, PostalCode
    from kita import calendar
    from kita.models import Capacity, Kita

    today = timezone.localdate()
    start = calendar.next_kita_year_start(today)
    kita_year = calendar.kita_year_of(start)
    shown = Kita.objects.filter(is_active=True)
    shown_count = shown.count()
    if not shown_count:
        raise BenchError(
            "seed_demo created no Kitas in the catalogue; nothing to measure. "
            "Does every app's demo module exist yet?"
        )
    places = Capacity.objects.filter(kita_year=kita_year, kita__is_active=True).aggregate(
        total=Sum("places"), free=Sum(F("places") - F("places_taken"))
    )
    district = (
        District.objects.annotate(kitas_shown=Count("kitas")).order_by("-kitas_shown", "pk").first()
    )
    busiest_code = (
        shown.filter(postal_code__in=PostalCode.objects.values("code"))
        .values("postal_code")
        .annotate(kitas_there=Count("pk"))
        .order_by("-kitas_there", "postal_code")
        .first()
    )
    assert district is not None, "Kitas exist, so their districts do"
    if busiest_code is None:
        raise BenchError("No Kita lies in a known postal code; the distance scenario needs one.")
    facts = {
        "kitas": Kita.objects.count(),
        "kitas_shown": shown_count,
        "capacities": Capacity.objects.count(),
        "kita_year": kita_year,
        "places": places["total"] or 0,
        "free_places": places["free"] or 0,
        "districts": District.objects.count(),
        "postal_codes": PostalCode.objects.count(),
        "district_id": district.pk,
        "postal_code": busiest_code["postal_code"],
        "detail_id": shown.order_by("pk").values_list("pk", flat=True)[shown_count // 2],
        "start": start,
        "birth_date": years_before(today, 2),
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        facts["postgres"] = cursor.fetchone()[0].split()[0]
    connection.close()
    return facts


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def scenarios(facts: dict[str, Any]) -> tuple[Scenario, list[Scenario], Scenario]:
    """(bare view, the catalogue list scenarios, the detail page)."""

    def kitas(**query: Any) -> str:
        return f"/kitas/?{urlencode(query)}" if query else "/kitas/"

    lists = [
        Scenario("/kitas/ unfiltered", (kitas(),)),
        Scenario("/kitas/ district", (kitas(district=facts["district_id"]),)),
        Scenario(
            "/kitas/ age+start+hours",
            (
                kitas(
                    birth_date=facts["birth_date"].isoformat(),
                    start=facts["start"].isoformat(),
                    care_hours=35,
                ),
            ),
        ),
        Scenario(
            "/kitas/ postcode 5 km by dist",
            (kitas(postal_code=facts["postal_code"], radius=5, sort="distance"),),
        ),
        Scenario("/kitas/ free+language p.2", (kitas(free_places="on", language="tr", page=2),)),
    ]
    uncached = Scenario(
        "catalogue mix, cache missed", tuple(s.paths[0] for s in lists), unique=True
    )
    mix = Scenario("catalogue mix (5 above)", tuple(s.paths[0] for s in lists))
    return (
        Scenario("bare Django view", ("/bench/bare/",)),
        [*lists, uncached, mix],
        Scenario("Kita detail page", (f"/kitas/{facts['detail_id']}/",)),
    )


# --- Load ----------------------------------------------------------------------------------------


def run_load(
    scenario: Scenario, *, port: int, seconds: float, concurrency: int, max_requests: int
) -> Result:
    """Closed loop: each thread sends its next request when the previous answer is read."""
    lock = threading.Lock()
    issued = 0
    per_thread = [Result(scenario, 0.0) for _ in range(concurrency)]
    start_together = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def take_ticket() -> bool:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() >= deadline:
                return False
            issued += 1
            return True

    def worker(index: int) -> None:
        result = per_thread[index]
        # Sync gunicorn workers close after each answer; http.client then reconnects by itself.
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        paths = scenario.paths
        turn = index  # threads start at different URLs of a mix
        start_together.wait()
        try:
            while take_ticket():
                path = paths[turn % len(paths)]
                if scenario.unique:
                    path = f"{path}{'&' if '?' in path else '?'}nocache={index}-{turn}"
                turn += 1
                began = time.perf_counter()
                try:
                    connection.request("GET", path, headers=HEADERS)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as exc:
                    result.outcomes[type(exc).__name__] += 1
                    connection.close()
                    continue
                elapsed = time.perf_counter() - began
                result.outcomes[str(response.status)] += 1
                if response.status == 200:
                    result.latencies.append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start_together.wait()
    for thread in threads:
        thread.join()
    total = Result(scenario, time.perf_counter() - began)
    for result in per_thread:
        total.latencies.extend(result.latencies)
        total.outcomes.update(result.outcomes)
    return total


# --- Report --------------------------------------------------------------------------------------


def print_facts(args: argparse.Namespace, facts: dict[str, Any], setup: dict[str, float]) -> None:
    year = facts["kita_year"]
    timings = ", ".join(f"{step} {seconds:.0f} s" for step, seconds in setup.items())
    print(f"Familienportal catalogue benchmark, scale {args.scale}, seed {args.seed}")
    print(
        f"Data: {facts['kitas']:,} Kitas ({facts['kitas_shown']:,} in the catalogue), "
        f"{facts['capacities']:,} capacity rows; Kita-year {year}/{(year + 1) % 100:02d}: "
        f"{facts['places']:,} places, {facts['free_places']:,} free; "
        f"{facts['districts']} districts, {facts['postal_codes']} postal codes"
    )
    print(
        f"Server: gunicorn, {args.workers} sync workers on {HOST}:{args.port}, "
        f"PostgreSQL {facts['postgres']}; client: {args.concurrency} threads, "
        f"{args.seconds:g} s or {args.max_requests:,} requests per scenario"
    )
    print(
        f"Machine: {os.cpu_count()} CPUs shared by client, server and database; "
        f"Python {platform.python_version()}" + (f"; setup: {timings}" if timings else "")
    )


def print_table(results: list[Result]) -> None:
    header = (
        f"{'scenario':<30} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.scenario.name:<30} {result.requests:>9,} {result.rate:>8.1f} "
            f"{result.percentile_ms(50):>8.1f} {result.percentile_ms(95):>8.1f} "
            f"{result.errors:>7}"
        )
    print()
    for result in results:
        if len(result.scenario.paths) == 1:
            print(f"  {result.scenario.name:<30} GET {result.scenario.paths[0]}")
    for result in results:
        if result.errors:
            detail = ", ".join(f"{k}×{v}" for k, v in sorted(result.outcomes.items()) if k != "200")
            print(f"  errors in {result.scenario.name}: {detail}")


def print_verdict(bare: Result, mix: Result, uncached: Result) -> None:
    ratio = mix.rate / bare.rate if bare.rate else math.nan
    verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
    print()
    print(
        f"Catalogue mix {mix.rate:.1f} req/s ÷ bare view {bare.rate:.1f} req/s = {ratio:.2f} "
        f"(goal ≥ {GOAL_RATIO:.2f}): {verdict}"
    )
    uncached_ratio = uncached.rate / bare.rate if bare.rate else math.nan
    print(
        f"Without the page cache (every URL new): {uncached.rate:.1f} req/s = "
        f"{uncached_ratio:.2f} of the bare view"
    )


# --- Main ----------------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, env: dict[str, str], facts: dict[str, Any]) -> int:
    bare, lists, detail = scenarios(facts)
    every = [bare, *lists, detail]
    if port_in_use(args.port):  # again: setup takes a while, and gunicorn must be alone there
        raise BenchError(f"Port {args.port} is already in use; pass --port.")
    # Pages cached by an earlier run would otherwise be served for this run's data.
    redis.Redis.from_url(args.cache_url).flushdb()
    with tempfile.TemporaryFile() as log:
        process = start_gunicorn(port=args.port, workers=args.workers, env=env, log=log)
        try:
            wait_until_serving(process, args.port, log)
            paths = tuple(dict.fromkeys(path for s in every for path in s.paths))
            for path in paths:
                status = fetch(args.port, path)
                if status != 200:
                    print(f"warning: GET {path} answered {status}", file=sys.stderr)
            warm_up = Scenario("warm-up", paths)
            run_load(
                warm_up,
                port=args.port,
                seconds=min(3.0, args.seconds),
                concurrency=args.concurrency,
                max_requests=args.max_requests,
            )
            results = []
            for scenario in every:
                results.append(
                    run_load(
                        scenario,
                        port=args.port,
                        seconds=args.seconds,
                        concurrency=args.concurrency,
                        max_requests=args.max_requests,
                    )
                )
                print(f"  measured {scenario.name}", file=sys.stderr, flush=True)
        finally:
            stop(process)
            server_log = log_tail(log)
    by_scenario = {result.scenario: result for result in results}
    print_table(results)
    print_verdict(by_scenario[bare], by_scenario[lists[-1]], by_scenario[lists[-2]])
    if any(result.errors for result in results) and server_log:
        print(f"\nLast lines of the server's log:\n{server_log}", file=sys.stderr)
    return 1 if any(result.errors for result in results) else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        name = database_name(args.database_url)
        if port_in_use(args.port):
            raise BenchError(f"Port {args.port} is already in use; pass --port.")
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup: dict[str, float] = {}
    static_root = tempfile.TemporaryDirectory(prefix="familienportal-bench-static-")
    env = django_environment(args, static_root.name)
    try:
        setup["collectstatic"] = manage(
            env, "collectstatic", "--noinput", "-v0", timeout=MIGRATE_TIMEOUT
        )
        if not args.reuse_db:
            print(f"Recreating database {name} …", file=sys.stderr, flush=True)
            recreate_database(args.database_url, name)
            setup["migrate"] = manage(env, "migrate", "--noinput", timeout=MIGRATE_TIMEOUT)
            print(f"Seeding scale {args.scale} …", file=sys.stderr, flush=True)
            setup["seed"] = manage(
                env,
                "seed_demo",
                "--scale",
                args.scale,
                "--seed",
                str(args.seed),
                timeout=SEED_TIMEOUT,
            )
        facts = data_facts(env)
        print_facts(args, facts, setup)
        return benchmark(args, env, facts)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        static_root.cleanup()
        if not (args.keep_db or args.reuse_db):
            try:
                drop_database(args.database_url, name)
            except psycopg.Error as exc:  # reported, so it cannot mask the run's own error
                print(f"warning: could not drop database {name}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
