"""The info sheet: everything a family needs, printable, as PDF and by e-mail; bad ids are a
message, not a server error."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zlib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from beratung.models import ServiceStatus
from beratung.selectors.desk import info_sheet_services
from beratung.services.desk_info_sheet import info_sheet_entries, info_sheet_pdf
from familyportal.audit.models import AuditEvent
from familyportal.notices.models import Notice
from tests.factories import (
    DirectoryPhoneFactory,
    DirectoryScheduleFactory,
    DirectoryServiceFactory,
    ServiceLanguageFactory,
)

URL = reverse("beratung:desk-info-sheet")


@pytest.fixture
def service(db):
    service = DirectoryServiceFactory(
        name="Elterngeldstelle Musterstadt",
        email="elterngeld@example.org",
        url="https://example.org/elterngeld",
        is_free=False,
        fees_description="Beratung kostenlos, Kopien 0,10 € je Seite",
        application_process="Antrag online oder vor Ort abgeben.",
    )
    service.required_documents.create(document="Geburtsurkunde des Kindes")
    DirectoryScheduleFactory(service=service, weekday=2, opens_at=dt.time(8), closes_at=dt.time(12))
    DirectoryPhoneFactory(service=service, number="0234 910-1234")
    ServiceLanguageFactory(service=service, code="tr")
    ServiceLanguageFactory(service=service, code="en")
    return service


def test_the_sheet_shows_what_a_family_needs(desk_client, service) -> None:
    desk_client.get(reverse("core:language", args=["en"]))
    response = desk_client.get(URL, {"service": str(service.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Elterngeldstelle Musterstadt",
        service.organisation.name,
        "Lindenweg 1",  # the location's address
        "Tuesday 08:00–12:00",
        "0234 910-1234",
        "elterngeld@example.org",
        "https://example.org/elterngeld",
        "Turkish",
        "Kopien 0,10 €",
        "Geburtsurkunde des Kindes",
        "Antrag online oder vor Ort abgeben.",
        "css/desk-info-sheet.css",  # the print stylesheet
    ):
        assert expected in html, expected


def test_the_sheet_follows_the_site_language(desk_client, service) -> None:
    desk_client.get(reverse("core:language", args=["en"]))
    english = desk_client.get(URL, {"service": str(service.pk)}).content.decode()
    assert "Offers for your family" in english
    assert "Tuesday" in english


def test_unknown_inactive_and_garbled_ids_are_reported_not_a_500(desk_client, service) -> None:
    inactive = DirectoryServiceFactory(name="Geschlossen", status=ServiceStatus.INACTIVE)
    params = {"service": [str(service.pk), str(uuid.uuid4()), str(inactive.pk), "kaputt"]}
    with translation.override("en"):
        response = desk_client.get(URL, params)
    assert response.status_code == 200
    assert [entry.name for entry in response.context["entries"]] == [service.name]
    assert response.context["missing"] == 3
    assert "3 der gewählten Angebote wurden nicht gefunden" in response.content.decode()
    assert "Geschlossen" not in response.content.decode()


def test_nothing_valid_chosen_says_so(desk_client) -> None:
    with translation.override("en"):
        response = desk_client.get(URL, {"service": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "Keines der gewählten Angebote kann angezeigt werden" in response.content.decode()
    # Asking for a PDF of nothing shows the page instead.
    pdf = desk_client.get(URL, {"service": str(uuid.uuid4()), "format": "pdf"})
    assert pdf["Content-Type"].startswith("text/html")


def _pdf_text(pdf: bytes) -> bytes:
    """The page content streams, inflated."""
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text


def test_the_pdf_download_is_a_pdf_with_the_service(desk_client, service, settings) -> None:
    settings.LETTER_FONT = "/nonexistent.ttf"  # the built-in font: text stays readable here
    response = desk_client.get(URL, {"service": str(service.pk), "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert b"Elterngeldstelle Musterstadt" in text
    assert b"Geburtsurkunde des Kindes" in text


def test_the_pdf_with_a_unicode_font_embeds_it(service) -> None:
    from familyportal.core.pdf import letter_font

    font = letter_font()
    if font is None:
        pytest.skip("No Unicode TrueType font on this machine")
    entries = info_sheet_entries(info_sheet_services(ids=[service.pk]))
    pdf = info_sheet_pdf(entries, font=font, compress=False)
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf


def test_the_sheet_is_sent_through_the_outbox_in_the_chosen_language(
    desk_client, staff, service, django_capture_on_commit_callbacks
) -> None:
    token = str(uuid.uuid4())
    data = {"recipient": "familie@example.org", "language": "en", "token": token}
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(f"{URL}?service={service.pk}", data)
        desk_client.post(f"{URL}?service={service.pk}", data)  # a double click
    assert response.status_code == 302
    assert Notice.objects.filter(template="desk_info_sheet").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["familie@example.org"]
    assert "Elterngeldstelle Musterstadt" in message.body
    assert "Please bring: Geburtsurkunde des Kindes" in message.body
    # The address is in no desk record and not in the audit entry.
    event = AuditEvent.objects.get(action="beratung.desk.info_sheet.sent")
    assert event.data["services"] == [str(service.pk)]
    assert "familie@example.org" not in str(event.data)


def test_a_bad_address_is_a_form_error(desk_client, service) -> None:
    response = desk_client.post(
        f"{URL}?service={service.pk}",
        {"recipient": "keine-adresse", "language": "de", "token": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert "recipient" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_the_sheet_needs_the_same_queries_for_1_and_9_services(
    desk_client, service, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk_client.get(URL, {"service": str(service.pk)})
    with CaptureQueriesContext(connection) as one:
        desk_client.get(URL, {"service": str(service.pk)})
    others = [DirectoryServiceFactory() for _ in range(8)]
    for other in others:
        DirectoryScheduleFactory(service=other)
        DirectoryPhoneFactory(service=other)
    ids = [str(service.pk), *(str(o.pk) for o in others)]
    with django_assert_num_queries(len(one)):
        response = desk_client.get(URL, {"service": ids})
    assert len(response.context["entries"]) == 9
