"""The desk's demo year: realistic, anonymous, fast."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from beratung import demo_desk
from beratung.models import DeskContact, DeskContactPerson, DeskNeed, DeskReferral
from beratung.models.desk import DeskStatistic
from familyportal.core.management.commands.seed_demo import DemoContext
from tests.factories import DirectoryServiceFactory, DistrictFactory, ServiceTopicFactory

pytestmark = pytest.mark.django_db


def test_a_year_of_desk_contacts_written_in_bulk() -> None:
    for index in range(4):
        DistrictFactory(name=f"Demo-Bezirk {index}", slug=f"demo-bezirk-{index}")
    kita = ServiceTopicFactory(code="kita-platz")
    DirectoryServiceFactory(topics=[kita])
    ctx = DemoContext(seed=7, scale="bochum", rng=random.Random(7), stdout=StringIO())

    with CaptureQueriesContext(connection) as queries:
        demo_desk.seed(ctx)

    # Bulk writes: a fixed number of queries, not one per contact. No wall-clock bound here
    # (CI machines are shared); about 1-2 s measured, see docs/familienbuero.md.
    assert len(queries) < 120, len(queries)
    contacts = DeskContact.objects.count()
    assert 1500 <= contacts <= 2600  # about eight per working day
    assert DeskNeed.objects.values("outcome").distinct().count() == 3
    assert DeskReferral.objects.filter(service__isnull=False).exists()
    statuses = dict(DeskReferral.objects.values_list("status").annotate(n=Count("pk")))
    assert {"vermittelt", "angekommen", "abgeschlossen", "nicht_zustande"} <= statuses.keys()
    # Anonymous by default: only a few recent contacts left a name, always with consent.
    persons = DeskContactPerson.objects.count()
    assert 0 < persons < contacts / 10
    assert not DeskContactPerson.objects.filter(consent_text="").exists()
    assert DeskStatistic.objects.exists()
