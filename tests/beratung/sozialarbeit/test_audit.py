"""Every read and write of a case is in the audit log: who, when, what, and no family data."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beratung.models import Case
from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent
from tests.factories import CaseFactory, KitaFactory

pytestmark = pytest.mark.django_db
PERSONAL = ("Familie Nowak", "0221 4710 123", "Wohngeld")


def events(case: Case) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type="beratung.case", target_id=str(case.pk)).order_by(
            "pk"
        )
    )


def assert_no_personal_data() -> None:
    dumped = json.dumps(list(AuditEvent.objects.values("action", "data")), ensure_ascii=False)
    for text in PERSONAL:
        assert text not in dumped


def test_reading_a_case_is_audited_in_the_portal_and_in_the_admin(
    team_client: Client, worker: User
) -> None:
    case = CaseFactory(family_name="Familie Nowak", contact="0221 4710 123")
    team_client.get(reverse("beratung:sozialarbeit-case-detail", args=[case.pk]))
    team_client.get(reverse("admin:beratung_case_change", args=[case.pk]))

    viewed = events(case)
    assert [(e.action, e.actor, e.data) for e in viewed] == [
        ("beratung.case.viewed", worker, {"via": "portal"}),
        ("beratung.case.viewed", worker, {"via": "admin"}),
    ]
    assert all(e.created_at <= timezone.now() for e in viewed)
    assert_no_personal_data()


def test_an_export_audits_every_exported_case(team_client: Client, worker: User) -> None:
    cases = CaseFactory.create_batch(3, family_name="Familie Nowak")
    response = team_client.get(reverse("beratung:sozialarbeit-case-list"), {"format": "csv"})
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    # The export is for planning: codes, no names.
    assert all(case.code in content for case in cases)
    assert "Familie Nowak" not in content
    exported = AuditEvent.objects.filter(action="beratung.case.exported", actor=worker)
    assert sorted(int(e.target_id) for e in exported) == sorted(case.pk for case in cases)


def test_an_outsider_refused_leaves_no_read_entry(client_as) -> None:  # type: ignore[no-untyped-def]
    case = CaseFactory()
    client_as().get(reverse("beratung:sozialarbeit-case-detail", args=[case.pk]))
    assert events(case) == []


def test_every_write_is_audited_without_family_data(team_client: Client, worker: User) -> None:
    today = timezone.localdate().isoformat()
    team_client.post(
        reverse("beratung:sozialarbeit-case-create"),
        {
            "token": "51111111-2222-4333-8444-555555555555",
            "kita": KitaFactory().pk,
            "origin": "self",
            "opened_on": today,
            "family_name": "Familie Nowak",
            "contact": "0221 4710 123",
        },
    )
    case = Case.objects.get()
    team_client.post(
        reverse("beratung:sozialarbeit-case-edit", args=[case.pk]),
        {
            "kita": case.kita_id,
            "origin": "self",
            "opened_on": today,
            "family_name": "Familie Nowak",
            "contact": "0221 4710 123",
            "description": "Wohngeld",
        },
    )
    team_client.post(
        reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]),
        {
            "token": "61111111-2222-4333-8444-555555555555",
            "date": today,
            "channel": "phone",
            "duration_minutes": "20",
            "topics": ["money"],
            "note": "Wohngeld",
        },
    )
    team_client.post(
        reverse("beratung:sozialarbeit-referral-create", args=[case.pk]),
        {
            "token": "71111111-2222-4333-8444-555555555555",
            "destination": "jobcenter",
            "referred_on": today,
        },
    )
    team_client.post(
        reverse("beratung:sozialarbeit-consent-create", args=[case.pk]),
        {"token": "81111111-2222-4333-8444-555555555555", "purpose": "contact", "given_on": today},
    )
    team_client.post(reverse("beratung:sozialarbeit-case-close", args=[case.pk]), {"day": today})

    actions = [e.action for e in events(case) if e.action != "beratung.case.viewed"]
    assert actions == [
        "beratung.case.created",
        "beratung.case.changed",
        "beratung.consultation.recorded",
        "beratung.referral.recorded",
        "beratung.consent.recorded",
        "beratung.case.closed",
    ]
    assert all(e.actor == worker for e in events(case))
    changed = next(e for e in events(case) if e.action == "beratung.case.changed")
    assert changed.data == {"fields": ["description"]}
    assert_no_personal_data()


def test_the_child_protection_audit_entry_does_not_tell_the_flag(lead_client: Client) -> None:
    case = CaseFactory()
    lead_client.post(
        reverse("beratung:sozialarbeit-child-protection", args=[case.pk]),
        {"flag": "on", "note": "Verdacht"},
    )
    entry = AuditEvent.objects.get(action="beratung.case.child_protection_changed")
    assert entry.target_id == str(case.pk)
    assert entry.data == {}


def test_a_search_is_audited_without_the_search_term(team_client: Client, worker: User) -> None:
    CaseFactory(family_name="Familie Nowak")
    team_client.get(reverse("beratung:sozialarbeit-case-list"), {"q": "Nowak"})
    team_client.get(reverse("admin:beratung_case_changelist"), {"q": "Nowak"})
    searches = AuditEvent.objects.filter(action="beratung.cases.searched", actor=worker)
    assert sorted(e.data["via"] for e in searches) == ["admin", "portal"]
    assert all(e.data["results"] == 1 for e in searches)
    assert_no_personal_data()
    assert "Nowak" not in json.dumps(list(searches.values_list("data", flat=True)))
