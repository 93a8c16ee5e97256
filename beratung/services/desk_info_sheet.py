"""The info sheet a family takes home: the offers chosen at the desk, with everything the
family needs to get there (address, opening hours, phone, e-mail, web, languages, cost,
documents to bring, how to apply).

One plain description (``InfoSheetEntry``) feeds the page, the PDF and the e-mail, so they
never say different things. The PDF is made with fpdf2 on the page set-up the allocation
letters use (``familyportal.core.pdf``: the font setting ``LETTER_FONT``, a Latin-1 fallback).
The e-mail goes through the outbox; the address typed at the desk is not kept with any desk
record.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from beratung.models import Schedule, Service
from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.core.pdf import a4_document
from familyportal.notices.models import Notice
from familyportal.notices.services import notice_queue

TEMPLATE = "desk_info_sheet"


@dataclass
class InfoSheetPlace:
    name: str
    address: str
    district: str = ""
    hours: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    accessibility: str = ""


@dataclass
class InfoSheetEntry:
    id: str
    name: str
    organisation: str
    description: str
    places: list[InfoSheetPlace]
    hours: list[str]
    phones: list[str]
    email: str
    web: str
    languages: list[str]
    cost: str
    documents: list[str]
    how_to_apply: str
    eligibility: str


def _hours(schedules: list[Schedule]) -> list[str]:
    rows = sorted(schedules, key=lambda s: (s.weekday, s.opens_at))
    lines = []
    for row in rows:
        line = f"{row.get_weekday_display()} {row.opens_at:%H:%M}–{row.closes_at:%H:%M}"
        if row.description:
            line += f" ({row.description})"
        lines.append(line)
    return lines


def _language_name(code: str) -> str:
    info = LANG_INFO.get(code.lower())
    if not info or "name" not in info:
        return code
    return f"{translation.gettext(info['name'])}"


def _phone(phone: Any) -> str:
    return f"{phone.number} ({phone.description})" if phone.description else phone.number


def info_sheet_entry(service: Service) -> InfoSheetEntry:
    """Describe one service in the active language (the prefetches of
    ``beratung.selectors.desk.info_sheet_services`` are used, no further queries)."""
    places = []
    for link in service.at_locations.all():
        location = link.location
        address = ", ".join(
            part
            for part in (
                location.address_1,
                f"{location.postal_code} {location.city}".strip(),
            )
            if part
        )
        places.append(
            InfoSheetPlace(
                name=location.name,
                address=address,
                district=location.district.name if location.district else "",
                hours=_hours(list(link.schedules.all())),
                phones=[_phone(p) for p in location.phones.all()],
                accessibility=location.accessibility,
            )
        )
    phones = [_phone(p) for p in service.phones.all()] or [
        _phone(p) for p in service.organisation.phones.all()
    ]
    if service.is_free:
        cost = _("Free of charge")
    else:
        fees = [
            " ".join(
                part
                for part in (
                    option.option,
                    f"{formats.number_format(option.amount, 2)} €" if option.amount else "",
                    option.amount_description,
                )
                if part
            )
            for option in service.cost_options.all()
        ]
        cost = "; ".join(filter(None, [service.fees_description, *fees])) or _("Fees apply")
    return InfoSheetEntry(
        id=str(service.pk),
        name=service.name,
        organisation=service.organisation.name,
        description=service.description,
        places=places,
        hours=_hours(list(service.schedules.all())),
        phones=phones,
        email=service.email or service.organisation.email,
        web=service.url or service.organisation.website,
        languages=sorted(_language_name(lang.code) for lang in service.languages.all()),
        cost=cost,
        documents=[doc.document for doc in service.required_documents.all()],
        how_to_apply=service.application_process,
        eligibility=service.eligibility_description,
    )


def info_sheet_entries(services: list[Service]) -> list[InfoSheetEntry]:
    return [info_sheet_entry(service) for service in services]


# --- PDF -------------------------------------------------------------------------------------


def info_sheet_pdf(
    entries: list[InfoSheetEntry], *, font: Path | str | None = "auto", compress: bool = True
) -> bytes:
    """An A4 document in the active language: a heading, then one block per offer."""
    document = a4_document(font=font, compress=compress, margins=(20, 18, 20), bottom=18)
    pdf, family, plain, bold = document.pdf, document.family, document.plain, document.bold
    pdf.set_title(plain(_("Offers for your family")))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, height: float = 5, style: str = "") -> None:
        pdf.set_font(family, style=style, size=size)
        pdf.multi_cell(width, height, plain(text), new_x="LMARGIN", new_y="NEXT")

    line(
        _("Familienbüro %(city)s") % {"city": settings.MUNICIPALITY_NAME},
        size=9,
    )
    line(_("Offers for your family"), size=16, height=9, style=bold)
    line(
        _("As of %(date)s") % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")},
        size=9,
    )
    pdf.ln(4)
    for entry in entries:
        line(entry.name, size=13, height=7, style=bold)
        line(entry.organisation, size=10)
        if entry.description:
            line(entry.description, size=9.5)
        for label, value in _labelled(entry):
            if value:
                line(f"{label}: {value}", size=10)
        pdf.ln(3)
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(3)
    return bytes(pdf.output())


def _labelled(entry: InfoSheetEntry) -> list[tuple[str, str]]:
    """The entry's details as (label, text) pairs, for the PDF and the plain-text e-mail."""
    rows: list[tuple[str, str]] = []
    for place in entry.places:
        where = ", ".join(filter(None, [place.name, place.address, place.district]))
        rows.append((_("Address"), where))
        if place.hours:
            rows.append((_("Opening hours"), "; ".join(place.hours)))
        if place.phones:
            rows.append((_("Telephone"), "; ".join(place.phones)))
        if place.accessibility:
            rows.append((_("Accessibility"), place.accessibility))
    rows += [
        (_("Opening hours"), "; ".join(entry.hours)),
        (_("Telephone"), "; ".join(entry.phones)),
        (_("E-mail"), entry.email),
        (_("Website"), entry.web),
        (_("Languages"), ", ".join(entry.languages)),
        (_("Cost"), entry.cost),
        (_("Who can use it"), entry.eligibility),
        (_("Please bring"), "; ".join(entry.documents)),
        (_("How to apply"), entry.how_to_apply),
    ]
    return rows


# --- E-mail ----------------------------------------------------------------------------------


def info_sheet_send(
    *,
    entries: list[InfoSheetEntry],
    recipient: str,
    language: str,
    actor: User,
    token: uuid.UUID,
) -> None:
    """Queue the info sheet as an e-mail in ``language`` through the outbox.

    The address is used for this e-mail only; no desk record keeps it, and the audit entry
    names the services, not the address. The same token twice sends once.
    """
    key = f"beratung.desk.info_sheet:{token}"
    if Notice.objects.filter(idempotency_key=key).exists():
        return  # the same form sent twice
    with translation.override(language):
        blocks = [
            {
                "name": entry.name,
                "organisation": entry.organisation,
                "details": [[label, value] for label, value in _labelled(entry) if value],
            }
            for entry in entries
        ]
    notice_queue(
        key=key,
        template=TEMPLATE,
        recipient=recipient,
        language=language,
        context={"services": blocks},
    )
    audit_log(
        actor=actor,
        action="beratung.desk.info_sheet.sent",
        data={"services": [entry.id for entry in entries], "language": language},
    )


def entries_as_dicts(entries: list[InfoSheetEntry]) -> list[dict[str, Any]]:
    return [asdict(entry) for entry in entries]
