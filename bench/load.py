"""Load test: 20 concurrent users against gunicorn + PostgreSQL + Redis + a Celery worker.

Seeds the demo city (``--scale bochum``: 192 Kitas, about 13,500 pre-registrations) into a
throw-away PostgreSQL database, creates demo parents, and starts on loopback what production
runs: gunicorn (``--workers``, sync), a Redis cache shared by its workers, Redis as broker and a
Celery worker that delivers the receipts (to a dummy mail backend). Then locust (headless,
bounded by ``--seconds``) runs a mix of visitors who browse the Kita catalogue with filters,
Kita pages, the childminder search and the service directory, and parents who log in, walk the
pre-registration wizard and submit it. Prints throughput and p50/p95 per page and overall, the
data sizes, and whether p95 ≤ 100 ms overall.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python bench/load.py [--users 20] [--seconds 60] [--workers 3] [--keep-db]

Loopback only: the database must be on loopback and its name contain "bench" (it is dropped);
every request goes to 127.0.0.1. See docs/operations.md ("Load").
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import redis

if __package__ in (None, ""):  # run as a file: python bench/load.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench.common
from bench.common import (
    HOST,
    MIGRATE_TIMEOUT,
    ROOT,
    BenchError,
    database_name,
    django_environment,
    drop_database,
    fetch,
    log_tail,
    manage_output,
    port_in_use,
    prepare_demo_database,
    start_gunicorn,
    stop,
    stop_on_sigterm,
    wait_until_serving,
)
from bench.registrations import PASSWORD, SETTINGS, SETUP

# gunicorn, a Celery worker and the seeding compete for 2 cores: allow a slow start.
bench.common.STARTUP_TIMEOUT = 120

GOAL_P95_MS = 100.0

FACTS = """
import json
from django.utils import timezone
from familyportal.organisations.models import District
from kita import calendar
from kita.models import Application, Kita
today = timezone.localdate()
shown = list(Kita.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
try:
    birth = today.replace(year=today.year - 2)
except ValueError:
    birth = today.replace(year=today.year - 2, day=28)
print(json.dumps({
    "kita_ids": shown,
    "district_ids": list(District.objects.values_list("pk", flat=True)),
    "birth_date": birth.isoformat(),
    "applications": Application.objects.count(),
    "kitas_total": Kita.objects.count(),
    "districts": District.objects.count(),
}))
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load test with locust (loopback only).")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/familyportal_load_bench",
        help="PostgreSQL on loopback; dropped and recreated, so its name must contain 'bench'",
    )
    parser.add_argument("--scale", choices=("berlin", "bochum"), default="bochum")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument(
        "--broker-url",
        default="redis://127.0.0.1:6379/9",
        help="Redis database for the Celery queue; emptied after the run",
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--seconds", type=int, default=60, help="time bound (default 60)")
    parser.add_argument(
        "--think",
        default="0.5-2",
        help="each user's pause between two pages, min-max seconds (default 0.5-2)",
    )
    parser.add_argument("--parents", type=int, default=200, help="demo parents for log-ins")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="no drop, migrate or seed")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 200:
        parser.error("--users must be between 1 and 200")
    if not 5 <= args.seconds <= 600:
        parser.error("--seconds must be between 5 and 600")
    if not 1 <= args.workers <= 8:
        parser.error("--workers must be between 1 and 8")
    try:
        low, high = (float(part) for part in args.think.split("-"))
    except ValueError:
        parser.error("--think must look like 0.5-2")
    if not 0 <= low <= high <= 30:
        parser.error("--think must be 0 <= min <= max <= 30")
    return args


def locust_executable() -> str:
    found = Path(sys.executable).with_name("locust")
    if found.exists():
        return str(found)
    which = shutil.which("locust")
    if which is None:
        raise BenchError('locust is not installed: .venv/bin/pip install -e ".[bench]"')
    return which


def start_worker(env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "familyportal",
            "worker",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--hostname=load-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def run_locust(args: argparse.Namespace, facts_path: Path, out: Path) -> None:
    env = {
        **os.environ,
        "LOAD_FACTS": str(facts_path),
        "LOAD_THINK": args.think,
    }
    command = [
        locust_executable(),
        "-f",
        str(ROOT / "bench" / "load_users.py"),
        "--headless",
        "--host",
        f"http://{HOST}:{args.port}",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(out / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    completed = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=args.seconds + 120,
        check=False,
    )
    # locust exits 1 when some requests failed; the report says which.
    if not (out / "load_stats.csv").exists():
        raise BenchError(f"locust failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}")


def read_stats(out: Path) -> list[dict[str, str]]:
    with (out / "load_stats.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(
    args: argparse.Namespace,
    facts: dict[str, Any],
    rows: list[dict[str, str]],
    extra: dict[str, Any],
) -> int:
    print(f"Familienportal load test, scale {args.scale}, seed {args.seed}")
    print(
        f"Data: {facts['kitas_total']:,} Kitas ({len(facts['kita_ids']):,} in the catalogue), "
        f"{facts['districts']} districts, {facts['applications']:,} pre-registrations before "
        f"the run, {len(facts['parents'])} demo parents"
    )
    print(
        f"Server: gunicorn {args.workers} sync workers on {HOST}:{args.port}, PostgreSQL "
        f"{extra['postgres']}, Redis cache + broker, 1 Celery worker (receipts to a dummy backend)"
    )
    print(
        f"Load: locust, {args.users} users (4 visitors : 1 parent), think time {args.think} s, "
        f"{args.seconds} s; machine: {os.cpu_count()} CPUs shared by client, server, database, "
        f"Redis and worker; Python {platform.python_version()}"
    )
    print()
    header = f"{'page':<34} {'requests':>8} {'fails':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    aggregated = None
    for row in rows:
        if row["Name"] == "Aggregated":
            aggregated = row
            continue
        print_row(row["Type"] + " " + row["Name"], row)
    if aggregated is None:
        raise BenchError("locust wrote no aggregated figures")
    print("-" * len(header))
    print_row("all requests", aggregated)
    p95 = float(aggregated["95%"] or "nan")
    failures = int(aggregated["Failure Count"])
    print()
    print(
        f"submitted pre-registrations: {extra['submitted']}; receipts delivered by the worker: "
        f"{extra['sent']} (pending {extra['pending']}); /healthz after the run: {extra['health']}"
    )
    verdict = "MET" if p95 <= GOAL_P95_MS and not failures else "NOT MET"
    print(
        f"Goal p95 <= {GOAL_P95_MS:.0f} ms at {args.users} users: {verdict} "
        f"(p95 {p95:.0f} ms over all requests, {failures} failed requests)"
    )
    return 0 if verdict == "MET" else 1


def print_row(name: str, row: dict[str, str]) -> None:
    print(
        f"{name[:34]:<34} {int(row['Request Count']):>8} {int(row['Failure Count']):>6} "
        f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7}"
    )


def health(port: int) -> str:
    """/healthz's verdict and its checks, e.g. "ok (database ok, broker ok, worker missing)"."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", "/healthz", headers={"Host": HOST})
        body = json.loads(connection.getresponse().read())
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return f"no answer ({type(exc).__name__})"
    finally:
        connection.close()
    checks = ", ".join(f"{name} {check['status']}" for name, check in body["checks"].items())
    return f"{body['status']} ({checks})"


def outcome(database_url: str, run: str) -> dict[str, Any]:
    with psycopg.connect(database_url, connect_timeout=5) as connection:
        submitted = connection.execute(
            "SELECT COUNT(*) FROM kita_application a JOIN kita_child c ON c.id = a.child_id "
            "WHERE c.last_name = %s",
            [run],
        ).fetchone()
        by_status = dict(
            connection.execute(
                "SELECT status, COUNT(*) FROM notices_notice WHERE template = "
                "'application_received' AND created_at > now() - interval '1 hour' "
                "GROUP BY status"
            ).fetchall()
        )
        version = connection.execute("SHOW server_version").fetchone()
    return {
        "submitted": submitted[0] if submitted else 0,
        "sent": by_status.get("sent", 0),
        "pending": by_status.get("pending", 0),
        "postgres": version[0].split()[0] if version else "?",
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        name = database_name(args.database_url)
        if port_in_use(args.port):
            raise BenchError(f"Port {args.port} is already in use; pass --port.")
        locust_executable()
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    workdir = tempfile.TemporaryDirectory(prefix="familienportal-load-")
    work = Path(workdir.name)
    (work / "static").mkdir()
    (work / "bench_load_settings.py").write_text(SETTINGS)
    env = django_environment(
        database_url=args.database_url,
        cache_url=args.cache_url,
        static_root=str(work / "static"),
        settings_module="bench_load_settings",
        extra_path=str(work),
    )
    env.update(
        # Plain HTTP on loopback (production has a TLS proxy): cookies must not be Secure-only,
        # or the client would not send the session and CSRF cookies back.
        SECURE_COOKIES="0",
        CELERY_BROKER_URL=args.broker_url,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    try:
        prepare_demo_database(
            env,
            database_url=args.database_url,
            name=name,
            scale=args.scale,
            seed=args.seed,
            reuse=args.reuse_db,
        )
        run = f"l{os.getpid()}x{int(time.time()) % 100000}"
        script = SETUP.format(run=run, count=args.parents, password=PASSWORD)
        _s, output = manage_output(env, "shell", "-c", script, timeout=MIGRATE_TIMEOUT)
        facts = json.loads(output.strip().splitlines()[-1])
        _s, output = manage_output(env, "shell", "-c", FACTS, timeout=MIGRATE_TIMEOUT)
        facts.update(json.loads(output.strip().splitlines()[-1]))
        if not facts["kita_ids"] or not facts["kitas"]:
            raise BenchError("The demo city has no Kitas for the catalogue or the wizard.")
        facts["wish_kita_ids"] = facts.pop("kitas")
        facts["password"] = PASSWORD
        facts_path = work / "facts.json"
        facts_path.write_text(json.dumps(facts))

        with (work / "server.log").open("w+b") as log, (work / "worker.log").open("w+b") as wlog:
            server = start_gunicorn(port=args.port, workers=args.workers, env=env, log=log)
            worker = start_worker(env, wlog)
            try:
                wait_until_serving(server, args.port, log)
                # The service directory (/angebote/) exists once the Familienbüro is installed.
                facts["services"] = fetch(args.port, "/angebote/") == 200
                facts_path.write_text(json.dumps(facts))
                print(
                    f"Running {args.users} users for {args.seconds} s …",
                    file=sys.stderr,
                    flush=True,
                )
                run_locust(args, facts_path, work)
                # Give the worker a moment to send the last receipts, then look.
                deadline = time.monotonic() + 60
                result = outcome(args.database_url, run)
                while result["pending"] and time.monotonic() < deadline:
                    time.sleep(1)
                    result = outcome(args.database_url, run)
                result["health"] = health(args.port)
            finally:
                stop(server)
                stop(worker)
                server_log = log_tail(log)
                worker_log = log_tail(wlog)
        if result["pending"]:
            print(f"Last lines of the worker's log:\n{worker_log[-3000:]}", file=sys.stderr)
        code = report(args, facts, read_stats(work), result)
        failures = work / "load_failures.csv"
        if failures.exists() and failures.stat().st_size > 0:
            lines = failures.read_text().splitlines()
            if len(lines) > 1:
                print("\nFailures (locust):\n" + "\n".join(lines[:10]), file=sys.stderr)
                print(f"\nLast lines of the server's log:\n{server_log[-3000:]}", file=sys.stderr)
        return code
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        workdir.cleanup()
        redis.Redis.from_url(args.broker_url).flushdb()
        redis.Redis.from_url(args.cache_url).flushdb()
        if not (args.keep_db or args.reuse_db):
            try:
                drop_database(args.database_url, name)
            except psycopg.Error as exc:
                print(f"warning: could not drop database {name}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
