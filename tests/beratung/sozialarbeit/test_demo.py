"""The demo team and its year of work look like Bochum's Kita-Sozialarbeit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from beratung.models import (
    Case,
    CaseReferral,
    CaseStatus,
    Consultation,
    OfficeHours,
    SocialWorkerProfile,
    SocialWorkStatistic,
)
from beratung.quarters import Quarter
from familyportal.accounts.demo import DEMO_EMAIL_DOMAIN, demo_email
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_a_team_of_eleven_and_a_year_of_consultations() -> None:
    call_command("seed_demo", stdout=StringIO())

    team = User.objects.filter(groups__name=Role.KITA_SOZIALARBEIT)
    assert team.count() == 11
    login = demo_email(Role.KITA_SOZIALARBEIT)
    assert [u.email for u in team if u.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")] == [login]
    assert list(
        SocialWorkerProfile.objects.filter(is_team_lead=True).values_list("user__email", flat=True)
    ) == [login]

    # A full quarter: over 600 telephone consultations and about 500 meetings.
    full = Quarter.of(timezone.localdate()).previous()
    per_channel = dict(
        Consultation.objects.filter(date__gte=full.first_day, date__lte=full.last_day)
        .values_list("channel")
        .annotate(n=Count("pk"))
    )
    assert per_channel["phone"] > 600
    assert 420 <= per_channel["meeting"] <= 600

    districts = Case.objects.values("kita__district").distinct().count()
    assert districts >= 5
    assert Case.objects.filter(status=CaseStatus.PENDING, requested_by__isnull=False).exists()
    assert CaseReferral.objects.values("destination").distinct().count() == 9
    assert OfficeHours.objects.filter(kita__isnull=False).exists()
    assert SocialWorkStatistic.objects.filter(year=full.year, quarter=full.quarter).exists()
    # Every case has exactly its Kita's district, and a code of the year it opened.
    sample = Case.objects.select_related("kita").order_by("pk").first()
    assert sample is not None and sample.code.startswith(f"KS-{sample.opened_on.year}-")
