"""Benchmark of an allocation round end to end on PostgreSQL (issue: allocation rounds, part b).

For each scale: recreate a bench database, migrate, ``seed_demo --scale …`` (Kitas, places and
the demo's pre-registrations); if the demo made fewer pre-registrations than the scale needs
(13,500 in Bochum, 40,000 at Berlin scale), generate the rest here with bulk inserts; create a
round (criterion points and free places copied as in production) and time ``round_run``: load
the inputs, match, write offers, outcomes and history, queue the notices (written to the outbox
and handed to a Redis broker that no worker reads; purged afterwards), commit. Prints the data
sizes, the time of each phase (measured separately, read-only) and the end-to-end time.

    .venv/bin/python bench/allocation_e2e.py [--scale bochum|berlin|all] [--keep-db]
        [--reuse-db] [--repeat N]

``--keep-db --repeat N`` keeps the seeded database and times N more runs, each rolled back;
``--reuse-db`` starts from such a kept database (no seeding) — for comparing code changes.

Needs PostgreSQL and Redis on loopback. The database (``--database-url``, default
postgres://postgres@127.0.0.1:5432/familyportal_allocation_bench) is dropped and recreated, so
its name must contain "bench".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALES = {"bochum": {"children": 13_500, "wishes": 5}, "berlin": {"children": 40_000, "wishes": 10}}
GOAL_SECONDS = {"bochum": 2.0, "berlin": 8.0}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BROKER = "redis://127.0.0.1:6379/13"


class BenchError(Exception):
    pass


def database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError("--database-url must be a postgres:// URL.")
    if (parts.hostname or "") not in LOOPBACK:
        raise BenchError(f"--database-url must point at loopback, not {parts.hostname!r}.")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise BenchError(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    return name


def admin_execute(url: str, statement: str, name: str) -> None:
    conninfo = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def manage(*command: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"manage.py {' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    return time.perf_counter() - started


def top_up(kita_year: int, wanted: int, max_wishes: int, seed: int) -> int:
    """Generate pre-registrations (with a parent account each) up to ``wanted``."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from familyportal.accounts.models import User
    from kita.models import Application, Capacity, Child, Criterion, Guardianship, Wish

    have = Application.objects.filter(kita_year=kita_year).count()
    missing = wanted - have
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    kitas = sorted(
        set(Capacity.objects.filter(kita_year=kita_year).values_list("kita_id", "kita__district"))
    )
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(kitas))]
    rng.shuffle(popularity)
    criteria = list(Criterion.objects.filter(per_wish=False).values_list("pk", flat=True))
    start = dt.date(kita_year, 8, 1)
    now = timezone.now()
    password = make_password(None)
    tag = secrets.token_hex(3)
    users = User.objects.bulk_create(
        [
            User(email=f"bench-{tag}-{n}@bench.example", password=password, language="de")
            for n in range(missing)
        ],
        batch_size=5000,
    )
    children = Child.objects.bulk_create(
        [
            Child(
                first_name="Bench",
                last_name=f"Kind {n}",
                birth_date=start - dt.timedelta(days=rng.randint(300, 2000)),
            )
            for n in range(missing)
        ],
        batch_size=5000,
    )
    Guardianship.objects.bulk_create(
        [Guardianship(child=c, user=u) for c, u in zip(children, users, strict=True)],
        batch_size=5000,
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                child=child,
                created_by=user,
                kita_year=kita_year,
                desired_start=start,
                care_hours=rng.choice((25, 35, 45, 45)),
                street="Benchweg 1",
                postal_code="44787",
                district_id=rng.choice(kitas)[1],
                consent_at=now,
            )
            for child, user in zip(children, users, strict=True)
        ],
        batch_size=5000,
    )
    wishes, claims = [], []
    for application in applications:
        chosen = set()
        for _ in range(rng.randint(1, max_wishes)):
            chosen.add(rng.choices(kitas, weights=popularity)[0][0])
        wishes.extend(
            Wish(application=application, rank=rank, kita_id=kita_id)
            for rank, kita_id in enumerate(chosen, 1)
        )
        if rng.random() < 0.6:
            claims.append(
                Application.criteria.through(
                    application_id=application.pk, criterion_id=rng.choice(criteria)
                )
            )
    Wish.objects.bulk_create(wishes, batch_size=10000)
    Application.criteria.through.objects.bulk_create(claims, batch_size=10000)
    # Registered before the round's deadline.
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        submitted_at=now - dt.timedelta(days=30)
    )
    return missing


class _Rollback(Exception):
    pass


def repeat_runs(repeat: int) -> None:
    """Time ``round_run`` ``repeat`` times on a kept database, each in a rolled-back transaction.

    The commit and the hand-over to the broker (both after commit) are not in these figures;
    they are for comparing code changes on the same data, minutes apart.
    """
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from familyportal import celery_app
    from kita.models import Application
    from kita.services import round_create, round_run

    kita_year = (
        Application.objects.values_list("kita_year", flat=True).order_by("-kita_year").first()
    )
    celery_app.conf.task_always_eager = False
    reverse("allocation:offer", kwargs={"offer_id": 1})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    times = []
    for _ in range(repeat):
        try:
            with transaction.atomic():
                allocation_round = round_create(
                    name="Bench repeat",
                    kita_year=kita_year,
                    registration_deadline=timezone.now(),
                    offer_date=timezone.localdate(),
                    actor=None,
                )
                began = time.perf_counter()
                statistics = round_run(allocation_round=allocation_round, user=None)
                times.append(time.perf_counter() - began)
                raise _Rollback
        except _Rollback:
            pass
    times.sort()
    print(
        f"        round_run (rolled back) x{repeat}: median {times[len(times) // 2]:.2f} s, "
        f"min {times[0]:.2f} s, max {times[-1]:.2f} s; placed {statistics['placed']:,} of "
        f"{statistics['children']:,}"
    )


def database_has_data(url: str, name: str) -> bool:
    conninfo = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            return False
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            return bool(connection.execute("SELECT count(*) FROM kita_application").fetchone()[0])
    except psycopg.Error:
        return False


def measure(scale: str, seed: int, reuse: bool = False, repeat: int = 0) -> None:
    from django.db import connection, connections, transaction
    from django.urls import reverse
    from django.utils import timezone

    from familyportal import celery_app
    from familyportal.notices.models import Notice
    from kita.allocation import deferred_acceptance
    from kita.models import (
        Application,
        ApplicationEvent,
        ApplicationOutcome,
        Kita,
        Offer,
        ProgrammeSupply,
        Wish,
    )
    from kita.services import round_create, round_inputs, round_run

    connections.close_all()
    name = database_name(os.environ["DATABASE_URL"])
    if reuse and database_has_data(os.environ["DATABASE_URL"], name):
        manage("migrate", "--noinput")
        print(f"{scale:<7} reusing database {name}")
        reset_rounds()
        repeat_runs(repeat or 3)
        return
    admin_execute(os.environ["DATABASE_URL"], "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    admin_execute(os.environ["DATABASE_URL"], "CREATE DATABASE {}", name)
    migrate = manage("migrate", "--noinput")
    seeded = manage("seed_demo", "--scale", scale, "--seed", str(seed))
    kita_year = (
        Application.objects.values_list("kita_year", flat=True).order_by("-kita_year").first()
    ) or timezone.localdate().year
    began = time.perf_counter()
    generated = top_up(kita_year, SCALES[scale]["children"], SCALES[scale]["wishes"], seed)
    generated_seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    allocation_round = round_create(
        name=f"Bench {scale}",
        kita_year=kita_year,
        registration_deadline=timezone.now(),
        offer_date=timezone.localdate(),
        actor=None,
    )
    # The phases, measured read-only before the real run.
    with transaction.atomic():
        began = time.perf_counter()
        inputs = round_inputs(allocation_round=allocation_round)
        load = time.perf_counter() - began
    began = time.perf_counter()
    result = deferred_acceptance(*inputs)
    match = time.perf_counter() - began

    celery_app.conf.task_always_eager = False
    reverse("allocation:offer", kwargs={"offer_id": 1})  # URLs are loaded in a running server
    began = time.perf_counter()
    statistics = round_run(allocation_round=allocation_round, user=None)
    end_to_end = time.perf_counter() - began
    celery_app.control.purge()

    children = len(inputs.preferences)
    wishes = sum(len(w) for w in inputs.preferences.values())
    goal = GOAL_SECONDS[scale]
    print(
        f"{scale:<7} {Kita.objects.count():>6,} Kitas  {len(inputs.capacities):>6,} programmes "
        f"({ProgrammeSupply.objects.count():,} supplies, {sum(inputs.capacities.values()):,} "
        f"places)  {children:>7,} children  {wishes:>8,} wishes "
        f"({Wish.objects.count():,} in the database)"
    )
    print(
        f"        set-up: migrate {migrate:.1f} s, seed_demo {seeded:.1f} s, "
        f"{generated:,} pre-registrations generated in {generated_seconds:.1f} s"
    )
    print(
        f"        phases: load {load * 1000:.0f} ms, match {match * 1000:.0f} ms "
        f"(placed {sum(p is not None for p in result.values()):,})"
    )
    print(
        f"        round_run end to end {end_to_end:.2f} s (goal ≤ {goal:.0f} s: "
        f"{'met' if end_to_end <= goal else 'NOT met'}); wrote "
        f"{Offer.objects.count():,} offers, {ApplicationOutcome.objects.count():,} outcomes, "
        f"{ApplicationEvent.objects.filter(kind__startswith='allocation.').count():,} "
        f"history entries, {Notice.objects.count():,} notices; placed {statistics['placed']:,}, "
        f"unplaced {statistics['unplaced']:,}"
    )
    print(
        f"        peak memory (max RSS) "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    if repeat:
        # Back to the state before the run, then time it again on the same data.
        reset_rounds()
        repeat_runs(repeat)


def reset_rounds() -> None:
    """The bench database as before its first round: no rounds, offers, outcomes, notices."""
    from django.db import connection

    from familyportal.notices.models import Notice
    from kita.models import (
        AllocationRound,
        Application,
        ApplicationEvent,
        ApplicationOutcome,
        Offer,
    )

    Notice.objects.all().delete()
    ApplicationEvent.objects.filter(kind__startswith="allocation.").delete()
    ApplicationOutcome.objects.all().delete()
    Offer.objects.all().delete()
    Application.objects.filter(status__in=["offered", "rejected"]).update(status="received")
    AllocationRound.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/familyportal_allocation_bench"
    )
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="use a kept database as it is (migrated, not seeded again); implies --keep-db",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="then time round_run this many times more, each rolled back (median, min, max)",
    )
    args = parser.parse_args(argv)
    try:
        name = database_name(args.database_url)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    os.environ.update(
        DJANGO_SETTINGS_MODULE="familyportal.settings",
        DATABASE_URL=args.database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        CELERY_BROKER_URL=BROKER,
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    import django

    django.setup()
    from django.db import connections

    print(f"Allocation round end to end (Python {sys.version.split()[0]}, PostgreSQL, {BROKER})")
    try:
        for scale in SCALES if args.scale == "all" else [args.scale]:
            measure(scale, args.seed, reuse=args.reuse_db, repeat=args.repeat)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        connections.close_all()
        if not (args.keep_db or args.reuse_db):
            admin_execute(args.database_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
