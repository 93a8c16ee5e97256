"""The demo first year of pre-registrations (kita/demo/registrations.py, run by seed_demo)."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from familyportal.accounts.demo import demo_email
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations.demo_names import distance_km
from familyportal.organisations.models import PostalCode
from kita.calendar import age_in_months, is_u3, kita_year_of, kita_year_start
from kita.demo import registrations as demo
from kita.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Child,
    DuplicateFlag,
    Kita,
    Wish,
)

pytestmark = pytest.mark.django_db

COMING_YEAR = kita_year_of(timezone.localdate()) + 1


def seed_demo(*args: str) -> None:
    call_command("seed_demo", *args, stdout=StringIO())


def share(part: int, whole: int) -> float:
    return part / whole


def test_the_first_year_looks_like_bochums() -> None:
    """One seed (about ten seconds) for all the figures: counts, mixes, wishes, criteria."""
    seed_demo()

    applications = list(
        Application.objects.values_list(
            "pk", "kita_year", "desired_start", "care_hours", "status", "child__birth_date"
        )
    )
    total = len(applications)
    assert total == 13_500
    assert {row[1] for row in applications} == {COMING_YEAR}
    u3 = sum(is_u3(birth, start) for _pk, _y, start, _h, _s, birth in applications)
    assert 0.30 <= share(u3, total) <= 0.40
    hours = Counter(row[3] for row in applications)
    assert 0.40 <= share(hours[45], total) <= 0.50
    assert 0.40 <= share(hours[35], total) <= 0.50
    assert 0.07 <= share(hours[25], total) <= 0.13
    starts = Counter(row[2] for row in applications)
    assert 0.75 <= share(starts[kita_year_start(COMING_YEAR)], total) <= 0.95
    assert all(kita_year_of(start) == COMING_YEAR and start.day == 1 for start in starts)
    statuses = Counter(row[4] for row in applications)
    assert share(statuses[ApplicationStatus.RECEIVED], total) >= 0.85
    assert set(statuses) <= {"received", "in_review", "withdrawn"}
    wishes_are_nearby_popular_and_fit_the_childs_age()
    criteria_are_claimed_at_realistic_rates()


def wishes_are_nearby_popular_and_fit_the_childs_age() -> None:
    per_application = Counter(Wish.objects.values_list("application_id", flat=True))
    assert set(per_application.values()) <= set(range(1, 6))
    assert len(per_application) == 13_500
    assert 2.7 <= sum(per_application.values()) / len(per_application) <= 3.3
    # Every wish's Kita takes the child at its age on the desired start.
    rows = Wish.objects.filter(kita__isnull=False).values_list(
        "kita__min_age_months",
        "kita__max_age_months",
        "application__child__birth_date",
        "application__desired_start",
    )
    for youngest, oldest, birth, start in rows:
        assert youngest <= age_in_months(birth, start) <= oldest
    # Mostly near home.
    where = {pc.code: (pc.latitude, pc.longitude) for pc in PostalCode.objects.all()}
    kitas = {kita.pk: (kita.latitude, kita.longitude) for kita in Kita.objects.all()}
    wishes = Wish.objects.filter(kita__isnull=False).values_list(
        "kita_id", "application__postal_code"
    )
    near = sum(distance_km(*where[code], *kitas[kita]) <= demo.NEARBY_KM for kita, code in wishes)
    assert share(near, len(wishes)) >= 0.8
    # Some Kitas are everybody's favourite.
    firsts = Counter(
        Wish.objects.filter(rank=1, kita__isnull=False).values_list("kita_id", flat=True)
    )
    mean = 13_500 / len(kitas)
    assert max(firsts.values()) >= 4 * mean
    # Some families of under-threes rank a childminder of their district that takes the child.
    childminders = Wish.objects.filter(provider__isnull=False).values_list(
        "provider__min_age_months",
        "provider__max_age_months",
        "provider__district_id",
        "application__district_id",
        "application__child__birth_date",
        "application__desired_start",
    )
    assert 300 <= len(childminders) <= 2000
    for youngest, until, district, home, birth, start in childminders:
        assert youngest <= age_in_months(birth, start) < min(until, 36)
        assert district == home


def criteria_are_claimed_at_realistic_rates() -> None:
    claims = Counter(Application.criteria.through.objects.values_list("criterion__code", flat=True))
    assert 0.12 <= share(claims["single-parent"], 13_500) <= 0.18
    assert 0.55 <= share(claims["working-or-training"], 13_500) <= 0.65
    assert 0.025 <= share(claims["inclusion"], 13_500) <= 0.055
    with_description = Application.objects.exclude(inclusion_description="")
    assert with_description.count() == claims["inclusion"]
    assert not with_description.exclude(criteria__code="inclusion").exists()
    siblings = Wish.criteria.through.objects.filter(criterion__code="sibling")
    assert 0.12 <= share(siblings.count(), 13_500) <= 0.18
    per_application = Counter(siblings.values_list("wish__application_id", flat=True))
    assert set(per_application.values()) == {1}
    assert not Application.criteria.through.objects.filter(criterion__code="sibling").exists()


def test_duplicates_parents_history_and_the_demo_logins() -> None:
    seed_demo()

    flags = list(
        DuplicateFlag.objects.select_related("application__child", "other__child").filter(
            resolved_at__isnull=True
        )
    )
    assert 0.003 * 13_500 <= len(flags) / 2 <= 0.007 * 13_500
    pairs = {(flag.application_id, flag.other_id) for flag in flags}
    for flag in flags:
        assert (flag.other_id, flag.application_id) in pairs
        first, second = flag.application.child, flag.other.child
        assert first.pk != second.pk
        assert (first.first_name, first.last_name, first.birth_date) == (
            second.first_name,
            second.last_name,
            second.birth_date,
        )
        assert flag.application.street == flag.other.street
    parents = User.objects.filter(email__endswith="@familie.example")
    assert parents.count() == Application.objects.values("created_by").distinct().count() - 1
    assert not any(parent.has_usable_password() for parent in parents[:50])
    assert not parents.exclude(groups__name=Role.ELTERN.value).exists()
    # Every application has its "received" history entry, dated at its submission.
    received = ApplicationEvent.objects.filter(kind="received")
    assert received.count() == 13_500
    times = Application.objects.values_list("submitted_at", flat=True)
    assert max(times) <= timezone.now()
    assert (max(times) - min(times)).days >= 30
    assert not Child.objects.filter(guardianships__isnull=True).exists()
    the_demo_parent_and_the_demo_leader()


def the_demo_parent_and_the_demo_leader() -> None:
    parent = User.objects.get(email=demo_email(Role.ELTERN))
    children = list(parent.children.annotate(count=Count("applications")).order_by("-count"))
    assert [child.count for child in children] == [1, 0]
    (application,) = children[0].applications.all()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.wishes.count() == 3

    leader = User.objects.get(email=demo_email(Role.KITA_LEITUNG))
    (kita,) = leader.led_kitas.all()
    assert kita.wishes.filter(application=application).exists()
    assert kita.wishes.count() >= 20


def snapshot() -> dict[str, Any]:
    return {
        "applications": list(
            Application.objects.order_by(
                "child__first_name", "child__last_name", "submitted_at"
            ).values_list(
                "child__first_name",
                "child__last_name",
                "child__birth_date",
                "created_by__email",
                "desired_start",
                "care_hours",
                "status",
                "street",
                "postal_code",
                "remark",
                "inclusion_description",
                "submitted_at",
            )
        ),
        "wishes": sorted(
            Wish.objects.values_list("application__created_by__email", "rank", "kita__name")
        ),
        "criteria": sorted(
            Application.criteria.through.objects.values_list(
                "application__created_by__email", "criterion__code"
            )
        ),
        "flags": sorted(
            DuplicateFlag.objects.values_list(
                "application__created_by__email", "other__created_by__email"
            )
        ),
    }


def seeded(seed: int) -> dict[str, Any]:
    with transaction.atomic():
        seed_demo("--seed", str(seed))
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_registrations(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fewer families keep the three runs quick; the code path is the same.
    monkeypatch.setitem(demo.APPLICATION_COUNTS, "bochum", 1_500)
    first = seeded(5)
    assert len(first["applications"]) == 1_500

    second = seeded(5)
    # Submission times count back from the moment of seeding; everything else is equal.
    assert {k: v for k, v in second.items() if k != "applications"} == {
        k: v for k, v in first.items() if k != "applications"
    }
    assert [row[:-1] for row in second["applications"]] == [
        row[:-1] for row in first["applications"]
    ]
    assert seeded(6)["wishes"] != first["wishes"]


def test_berlin_families_name_up_to_ten_kitas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(demo.APPLICATION_COUNTS, "berlin", 2_000)

    seed_demo("--scale", "berlin")

    per_application = Counter(Wish.objects.values_list("application_id", flat=True))
    assert len(per_application) == 2_000
    assert max(per_application.values()) == 10
    assert 4.0 <= sum(per_application.values()) / 2_000 <= 5.0
