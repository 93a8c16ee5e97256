"""The simulated visitors of ``bench/load.py`` (a locust file; run through load.py, not alone).

Facts about the seeded city (ids, slugs, demo parents) come from the JSON file named in
``LOAD_FACTS``. Requests are grouped under page names, so the report shows one line per page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

from locust import HttpUser, between, task

FACTS: dict[str, Any] = json.loads(open(os.environ["LOAD_FACTS"], encoding="utf-8").read())  # noqa: PTH123, SIM115
THINK = tuple(float(part) for part in os.environ.get("LOAD_THINK", "0.5-2").split("-"))
HEADERS = {"Accept-Language": "de-DE,de;q=0.9", "User-Agent": "familienportal-load"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="pruefen-submission_token" value="([^"]+)"')

_parents = iter(FACTS["parents"])
_parents_lock = threading.Lock()
_counter = itertools.count()


def next_parent() -> tuple[str, int] | None:
    with _parents_lock:
        return next(_parents, None)


def csrf(page: str) -> str:
    match = CSRF.search(page)
    return match.group(1) if match else ""


class Visitor(HttpUser):
    """Browses the Kita catalogue, Kita pages, the childminder search and the service list."""

    weight = 4
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.client.headers.update(HEADERS)
        self.rng = random.Random(next(_counter))

    @task(4)
    def catalogue(self) -> None:
        self.client.get("/kitas/", name="/kitas/")

    @task(4)
    def catalogue_filtered(self) -> None:
        rng = self.rng
        query = rng.choice(
            [
                f"district={rng.choice(FACTS['district_ids'])}",
                f"birth_date={FACTS['birth_date']}&start={FACTS['start']}&care_hours=35",
                f"postal_code={rng.choice(FACTS['postal_codes'])}&radius=5&sort=distance",
                "free_places=on&page=2",
            ]
        )
        self.client.get(f"/kitas/?{query}", name="/kitas/?filters")

    @task(4)
    def kita_detail(self) -> None:
        self.client.get(f"/kitas/{self.rng.choice(FACTS['kita_ids'])}/", name="/kitas/[id]/")

    @task(2)
    def childminders(self) -> None:
        district = self.rng.choice(FACTS["district_ids"])
        self.client.get(f"/kindertagespflege/?district={district}", name="/kindertagespflege/")

    @task(1)
    def services(self) -> None:
        if FACTS["services"]:
            self.client.get("/angebote/?q=Beratung", name="/angebote/")


class Parent(HttpUser):
    """Logs in, fills in the pre-registration wizard and submits it; then looks at Mein Bereich."""

    weight = 1
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.client.headers.update(HEADERS)
        self.rng = random.Random(1000 + next(_counter))
        self.log_in_next_parent()

    def log_in_next_parent(self) -> None:
        """Each demo parent pre-registers once; then this user goes on as the next parent."""
        self.client.cookies.clear()
        self.parent = next_parent()
        self.submitted = False
        if self.parent is None:
            return
        login = FACTS["login_path"]
        page = self.client.get(login, name="log-in page").text
        self.client.post(
            login,
            {
                "csrfmiddlewaretoken": csrf(page),
                "login": self.parent[0],
                "password": FACTS["password"],
            },
            name="log-in",
            allow_redirects=False,
        )

    @task
    def pre_register(self) -> None:
        if self.parent is None or self.submitted:
            self.client.get("/mein-bereich/", name="/mein-bereich/")
            return
        rng = self.rng
        kitas = rng.sample(FACTS["wish_kita_ids"], min(3, len(FACTS["wish_kita_ids"])))
        steps = [
            ("kind", {"child": str(self.parent[1])}),
            (
                "betreuung",
                {
                    "desired_start": FACTS["start"],
                    "care_hours": rng.choice(["25", "35", "45"]),
                    "street": f"Lastweg {rng.randint(1, 200)}",
                    "postal_code": rng.choice(FACTS["postal_codes"]),
                },
            ),
            ("wuensche", {"kitas": [str(k) for k in kitas]}),
            ("kriterien", {"consent": "on"}),
        ]
        page = self.client.get("/voranmeldung/?reset", name="/voranmeldung/[step]/ GET").text
        for step, fields in steps:
            data: dict[str, Any] = {
                "csrfmiddlewaretoken": csrf(page),
                "voranmeldung-current_step": step,
            }
            data.update({f"{step}-{name}": value for name, value in fields.items()})
            with self.client.post(
                f"/voranmeldung/{step}/",
                data,
                name="/voranmeldung/[step]/ POST",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"step {step} answered {response.status_code}")
                    return
                location = response.headers["Location"]
            page = self.client.get(location, name="/voranmeldung/[step]/ GET").text
        token = TOKEN.search(page)
        if token is None:
            return
        with self.client.post(
            "/voranmeldung/pruefen/",
            {
                "csrfmiddlewaretoken": csrf(page),
                "voranmeldung-current_step": "pruefen",
                "pruefen-submission_token": token.group(1),
            },
            name="/voranmeldung/pruefen/ submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/mein-bereich/" in response.headers["Location"]:
                self.submitted = True
            else:
                response.failure(f"submit answered {response.status_code}")
                return
        self.client.get("/mein-bereich/", name="/mein-bereich/")
        self.log_in_next_parent()
