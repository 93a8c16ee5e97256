"""HSDS export and import: endpoint shape and pagination, round trip, validation, commands."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from beratung.demo_directory import Builder
from beratung.models import (
    DirectoryOrganisation,
    Phone,
    Schedule,
    Service,
    ServiceLocation,
)
from beratung.services.hsds import HsdsImportError, hsds_export, hsds_import

pytestmark = pytest.mark.django_db


def strip_volatile(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for record in records:
        record.pop("last_modified")
    return records


def empty_directory() -> None:
    Service.objects.all().delete()
    Phone.objects.all().delete()
    ServiceLocation.objects.all().delete()
    DirectoryOrganisation.objects.all().delete()


def test_endpoint_returns_an_hsds_page(client: Client, demo_directory: Builder) -> None:
    response = client.get(reverse("beratung:hsds-services"), {"per_page": 25, "page": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    page = response.json()
    total = Service.objects.count()
    assert page["total_items"] == total
    assert page["total_pages"] == -(-total // 25)
    assert (page["page_number"], page["size"]) == (2, 25)
    assert page["first_page"] is False and page["last_page"] is False and page["empty"] is False
    assert len(page["contents"]) == 25
    record = next(r for r in page["contents"] if r["service_at_locations"])
    assert {
        "id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "organization",
        "service_at_locations",
        "phones",
        "languages",
        "cost_options",
        "required_documents",
        "taxonomy_terms",
        "contacts",
    } <= record.keys()
    location = record["service_at_locations"][0]["location"]
    assert {"id", "name", "latitude", "longitude", "addresses"} <= location.keys()
    assert location["addresses"][0]["address_type"] == "physical"
    assert record["taxonomy_terms"][0]["taxonomy"] == "familienportal-themen"
    assert {"id", "code", "name"} <= record["taxonomy_terms"][0].keys()

    last = client.get(reverse("beratung:hsds-services"), {"per_page": 25, "page": 999}).json()
    assert last["page_number"] == page["total_pages"] and last["last_page"] is True


def test_ages_are_in_years(client: Client) -> None:
    from tests.factories import DirectoryServiceFactory

    service = DirectoryServiceFactory(minimum_age_months=6, maximum_age_months=36)
    record = client.get(reverse("beratung:hsds-service", args=[service.pk])).json()
    assert (record["minimum_age"], record["maximum_age"]) == (0.5, 3.0)


def test_export_import_round_trip(demo_directory: Builder) -> None:
    exported = strip_volatile(hsds_export())
    assert len(exported) >= 300
    empty_directory()
    assert not Service.objects.exists()

    report = hsds_import(copy.deepcopy(exported))

    assert (report.services, report.created, report.updated) == (len(exported), len(exported), 0)
    assert strip_volatile(hsds_export()) == exported
    # Idempotent: importing again updates, changes nothing.
    report = hsds_import(copy.deepcopy(exported))
    assert (report.created, report.updated) == (0, len(exported))
    assert strip_volatile(hsds_export()) == exported


def test_import_reports_every_error_and_saves_nothing(demo_directory: Builder) -> None:
    records = strip_volatile(hsds_export())[:3]
    empty_directory()
    broken = copy.deepcopy(records)
    broken[0]["name"] = ""
    broken[1]["service_at_locations"][0]["schedules"] = [
        {"byday": "XX", "opens_at": "18:00", "closes_at": "09:00"}
    ]
    broken[2]["minimum_age"] = "old"
    broken[2]["email"] = "not an address"

    # The messages come from the model validators in the active language; English here.
    with translation.override("en"), pytest.raises(HsdsImportError) as raised:
        hsds_import(broken)

    errors = raised.value.errors
    assert any(e.startswith("record 0, service.name:") for e in errors), errors
    assert any("record 1, service.service_at_locations[0].schedules[0].byday" in e for e in errors)
    assert any(
        e.startswith("record 1, service.service_at_locations[0].schedules[0]") and "closing" in e
        for e in errors
    ), errors
    assert any(e.startswith("record 2, service.minimum_age") for e in errors)
    assert any(e.startswith("record 2, service.email") for e in errors)
    assert not Service.objects.exists() and not Schedule.objects.exists()


def test_import_rejects_an_unknown_district(demo_directory: Builder) -> None:
    record = strip_volatile(hsds_export())[0]
    record["service_at_locations"][0]["location"]["addresses"][0]["region"] = "Atlantis"
    with pytest.raises(HsdsImportError) as raised:
        hsds_import([record])
    assert "no district called 'Atlantis'" in raised.value.errors[0]


def test_commands_export_to_a_file_and_import_it(demo_directory: Builder, tmp_path: Path) -> None:
    target = tmp_path / "hsds.json"
    call_command("hsds_export", "--output", str(target), stderr=io.StringIO())
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported) == Service.objects.count()
    empty_directory()
    out = io.StringIO()
    call_command("hsds_import", str(target), stdout=out)
    assert f"{len(exported)} services imported" in out.getvalue()
    assert Service.objects.count() == len(exported)


def test_import_command_fails_with_the_errors(tmp_path: Path) -> None:
    target = tmp_path / "bad.json"
    target.write_text(json.dumps([{"name": "Ohne Organisation", "organization": "x"}]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("hsds_import", str(target), stderr=err)
    assert "record 0, organization: must be an object" in err.getvalue()
    (tmp_path / "nojson.json").write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("hsds_import", str(tmp_path / "nojson.json"))
