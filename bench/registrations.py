"""Pre-registrations through the real HTTP forms, concurrently, and a count of what was lost.

Seeds a demo city into a throw-away PostgreSQL database, creates demo parents (verified e-mail,
role Eltern) with one child each, serves the app with gunicorn on 127.0.0.1 and lets N client
threads each take the next parent: log in through the log-in form (CSRF token from the page),
walk the wizard (every step's page is fetched, as a browser does after each redirect) and send
the final step. A share of the final steps is sent twice at the same moment on purpose. Prints
submissions/s, p50/p95 of the final submit, and the rows lost (submitted, answered with the
confirmation, but not in the database) and duplicated (more than one application for one
submission) — both must be 0.

    .venv/bin/python bench/registrations.py [--parents 80] [--concurrency 4] [--keep-db]

See docs/pre-registration.md ("Benchmark").
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import redis

if __package__ in (None, ""):  # run as a file: python bench/registrations.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    HOST,
    MIGRATE_TIMEOUT,
    REQUEST_TIMEOUT,
    BenchError,
    Browser,
    csrf,
    database_name,
    django_environment,
    drop_database,
    form_errors,
    log_tail,
    manage_output,
    percentile_ms,
    port_in_use,
    prepare_demo_database,
    start_gunicorn,
    stop,
    stop_on_sigterm,
    wait_until_serving,
)

PASSWORD = "Bench-Passwort-2026!"  # noqa: S105 (demo parents in a throw-away database)
TOKEN = re.compile(r'name="pruefen-submission_token" value="([^"]+)"')
INPUT_NAMES = re.compile(r'<input[^>]* name="([^"]+)"')

# allauth limits log-ins to 30 a minute per IP address; every bench client is 127.0.0.1, so the
# limit (and only it) is lifted in a settings module of the run's own.
SETTINGS = """from bench.settings import *  # noqa: F403

ACCOUNT_RATE_LIMITS = {"login": None}
"""

SETUP = """
import json
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations.models import PostalCode
from kita import calendar
from kita.models import Application, Child, Guardianship, Kita

run, count = {run!r}, {count}
start = calendar.next_kita_year_start(timezone.localdate())
birth = start.replace(year=start.year - 2, day=1)
age = calendar.age_in_months(birth, start)
password = make_password({password!r})
users = User.objects.bulk_create(
    [User(email=f"bench-{{run}}-{{i}}@example.org", password=password, language="de")
     for i in range(count)]
)
group = Group.objects.get(name=Role.ELTERN.value)
User.groups.through.objects.bulk_create(
    [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
)
if apps.is_installed("allauth.account"):
    from allauth.account.models import EmailAddress
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
    )
children = Child.objects.bulk_create(
    [Child(first_name=f"Bench{{i}}", last_name=run, birth_date=birth) for i in range(count)]
)
Guardianship.objects.bulk_create(
    [Guardianship(child=c, user=u) for c, u in zip(children, users)]
)
kitas = list(
    Kita.objects.filter(is_active=True, min_age_months__lte=age, max_age_months__gte=age)
    .values_list("pk", flat=True)
)
codes = list(PostalCode.objects.values_list("code", flat=True)[:50])
print(json.dumps({{
    "parents": [[u.email, c.pk] for u, c in zip(users, children)],
    "kitas": kitas,
    "postal_codes": codes,
    "start": start.isoformat(),
    "max_wishes": settings.MAX_WISHES,
    "login_path": reverse(settings.LOGIN_URL),
    "kitas_total": Kita.objects.count(),
    "applications_before": Application.objects.count(),
}}))
"""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    submit_latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    # submission token → child id, for every final step answered with the confirmation
    confirmed: dict[str, int] = field(default_factory=dict)
    doubled: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)


def register(
    browser: Browser, facts: dict[str, Any], email: str, child_id: int, rng: random.Random
) -> tuple[list[tuple[str, str]], str]:
    """Log in and walk the wizard up to the review page; returns the final POST and its token."""
    login_path = facts["login_path"]
    _path, page = browser.get(login_path)
    names = set(INPUT_NAMES.findall(page))
    login_field = next(n for n in ("login", "email", "username") if n in names)
    browser.post(
        login_path,
        [("csrfmiddlewaretoken", csrf(page)), (login_field, email), ("password", PASSWORD)],
    )
    path, page = browser.get("/voranmeldung/?reset")
    kitas = rng.sample(facts["kitas"], rng.randint(1, min(facts["max_wishes"], 5)))
    steps = [
        ("kind", [("child", str(child_id))]),
        (
            "betreuung",
            [
                ("desired_start", facts["start"]),
                ("care_hours", rng.choice(["25", "35", "45"])),
                ("street", f"Benchweg {rng.randint(1, 200)}"),
                ("postal_code", rng.choice(facts["postal_codes"])),
            ],
        ),
        ("wuensche", [("kitas", str(kita)) for kita in kitas]),
        ("kriterien", [("consent", "on")]),
    ]
    for step, fields in steps:
        data = [("csrfmiddlewaretoken", csrf(page)), ("voranmeldung-current_step", step)]
        data += [(f"{step}-{name}", value) for name, value in fields]
        _status, location = browser.post(path, data)
        path, page = browser.get(location)
    token = TOKEN.search(page)
    if token is None or not path.startswith("/voranmeldung/pruefen/"):
        raise BenchError(f"did not reach the review page ({path}): {form_errors(page)}")
    final = [
        ("csrfmiddlewaretoken", csrf(page)),
        ("voranmeldung-current_step", "pruefen"),
        ("pruefen-submission_token", token.group(1)),
    ]
    return final, token.group(1)


def submit_final(
    browser: Browser, final: list[tuple[str, str]], twice: bool
) -> list[tuple[int, str, float]]:
    """The last step; ``twice`` sends it from two connections at the same moment."""
    results: list[tuple[int, str, float]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2 if twice else 1)

    def send() -> None:
        barrier.wait()
        began = time.perf_counter()
        try:
            status, location, _content = browser.request("POST", "/voranmeldung/pruefen/", final)
        except (OSError, http.client.HTTPException) as exc:
            status, location = 0, type(exc).__name__
        with lock:
            results.append((status, location, time.perf_counter() - began))

    threads = [threading.Thread(target=send) for _ in range(2 if twice else 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT * 2)
    return results


def run_clients(args: argparse.Namespace, facts: dict[str, Any]) -> tuple[Tally, float]:
    tally = Tally()
    queue = list(enumerate(facts["parents"]))
    queue_lock = threading.Lock()
    deadline = time.perf_counter() + args.seconds
    every = max(1, round(1 / args.double_share)) if args.double_share > 0 else 0

    def worker(index: int) -> None:
        rng = random.Random(args.seed * 1000 + index)
        while time.perf_counter() < deadline:
            with queue_lock:
                if not queue:
                    return
                number, (email, child_id) = queue.pop(0)
            browser = Browser(args.port)
            try:
                final, token = register(browser, facts, email, child_id, rng)
                twice = bool(every) and number % every == 0
                results = submit_final(browser, final, twice)
            except (BenchError, OSError, http.client.HTTPException) as exc:
                with tally.lock:
                    tally.outcomes["wizard failed"] += 1
                    tally.failures.append(f"{email}: {exc}")
                    tally.requests += browser.requests
                continue
            with tally.lock:
                tally.requests += browser.requests
                tally.doubled += twice
                for status, location, seconds in results:
                    confirmed = status == 302 and location.startswith("/mein-bereich/")
                    tally.outcomes["confirmed" if confirmed else f"final {status}"] += 1
                    tally.submit_latencies.append(seconds)
                    if confirmed:
                        tally.confirmed[token] = child_id

    threads = [
        threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.concurrency)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - began


def count_rows(database_url: str, tally: Tally, children: list[int]) -> tuple[int, int]:
    """(lost, duplicated): confirmed submissions not in the database; extra rows per child."""
    with psycopg.connect(database_url, connect_timeout=5) as connection:
        stored = {
            str(token)
            for (token,) in connection.execute(
                "SELECT submission_token FROM kita_application WHERE child_id = ANY(%s)",
                [children],
            )
        }
        extra = connection.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM kita_application "
            "WHERE child_id = ANY(%s) GROUP BY child_id) per_child",
            [children],
        ).fetchone()
    lost = sum(1 for token in tally.confirmed if token not in stored)
    return lost, int(extra[0]) if extra else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Concurrent pre-registrations over HTTP.")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/familyportal_registrations_bench",
        help="PostgreSQL on loopback; dropped and recreated, so its name must contain 'bench'",
    )
    parser.add_argument("--scale", choices=("berlin", "bochum"), default="bochum")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument(
        "--broker-url",
        default="redis://127.0.0.1:6379/11",
        help="Redis database the receipts are queued in; emptied after the run",
    )
    parser.add_argument("--parents", type=int, default=80, help="submissions (default 80)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument(
        "--double-share",
        type=float,
        default=0.2,
        help="share of final steps sent twice at once (default 0.2)",
    )
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound (default 120)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="no drop, migrate or seed")
    args = parser.parse_args(argv)
    for name in ("parents", "concurrency", "workers", "seconds"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name} must be positive")
    if not 0 <= args.double_share <= 1:
        parser.error("--double-share must be between 0 and 1")
    if args.seconds > 600 or args.parents > 5000:
        parser.error("--seconds is capped at 600 and --parents at 5000")
    return args


def report(args: argparse.Namespace, facts: dict[str, Any], tally: Tally, wall: float) -> int:
    lost, duplicated = count_rows(args.database_url, tally, [c for _e, c in facts["parents"]])
    submissions = len(tally.confirmed)
    print(f"Familienportal pre-registration benchmark, scale {args.scale}, seed {args.seed}")
    print(
        f"Data: {facts['kitas_total']:,} Kitas ({len(facts['kitas']):,} take a two-year-old), "
        f"{facts['applications_before']:,} pre-registrations before the run; "
        f"{len(facts['parents'])} demo parents with one child each"
    )
    print(
        f"Server: gunicorn, {args.workers} sync workers on {HOST}:{args.port}, PostgreSQL; "
        f"client: {args.concurrency} threads, log-in + 5 wizard steps per parent; "
        f"{tally.doubled} final steps sent twice at once"
    )
    print(
        f"Machine: {os.cpu_count()} CPUs shared by client, server and database; Python "
        f"{platform.python_version()}"
    )
    print()
    print(
        f"submissions           {submissions:>8} in {wall:.1f} s = {submissions / wall:.2f}/s "
        f"(whole flow: log-in, wizard, submit; {tally.requests:,} HTTP requests)"
    )
    print(f"final submit p50      {percentile_ms(tally.submit_latencies, 50):>8.1f} ms")
    print(f"final submit p95      {percentile_ms(tally.submit_latencies, 95):>8.1f} ms")
    print(f"answers to the final step: {dict(sorted(tally.outcomes.items()))}")
    print(f"lost rows             {lost:>8}  (confirmed, but not in the database)")
    print(f"duplicated rows       {duplicated:>8}  (more than one application for a submission)")
    for failure in tally.failures[:5]:
        print(f"  failed: {failure}", file=sys.stderr)
    bad = lost or duplicated or tally.failures or any(k != "confirmed" for k in tally.outcomes)
    return 1 if bad else 0


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
    static_root = tempfile.TemporaryDirectory(prefix="familienportal-bench-static-")
    settings_dir = tempfile.TemporaryDirectory(prefix="familienportal-bench-settings-")
    Path(settings_dir.name, "bench_registrations_settings.py").write_text(SETTINGS)
    env = django_environment(
        database_url=args.database_url,
        cache_url=args.cache_url,
        static_root=static_root.name,
        settings_module="bench_registrations_settings",
        extra_path=settings_dir.name,
    )
    # As in production, a request only hands the receipt to the broker; no worker reads this
    # Redis database during the run (it is emptied afterwards), and no mail leaves the machine.
    env.update(
        CELERY_BROKER_URL=args.broker_url,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
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
        run = f"r{os.getpid()}x{int(time.time()) % 100000}"
        script = SETUP.format(run=run, count=args.parents, password=PASSWORD)
        _seconds, output = manage_output(env, "shell", "-c", script, timeout=MIGRATE_TIMEOUT)
        facts = json.loads(output.strip().splitlines()[-1])
        if not facts["kitas"] or not facts["postal_codes"]:
            raise BenchError("The demo city has no Kita for a two-year-old or no postal codes.")
        with tempfile.TemporaryFile() as log:
            process = start_gunicorn(port=args.port, workers=args.workers, env=env, log=log)
            try:
                wait_until_serving(process, args.port, log)
                print(f"Submitting {args.parents} pre-registrations …", file=sys.stderr, flush=True)
                tally, wall = run_clients(args, facts)
            finally:
                stop(process)
                server_log = log_tail(log)
        status = report(args, facts, tally, wall)
        if status and server_log:
            print(f"\nLast lines of the server's log:\n{server_log}", file=sys.stderr)
        return status
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        static_root.cleanup()
        settings_dir.cleanup()
        redis.Redis.from_url(args.broker_url).flushdb()
        if not (args.keep_db or args.reuse_db):
            try:
                drop_database(args.database_url, name)
            except psycopg.Error as exc:
                print(f"warning: could not drop database {name}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
