"""Letters on paper for families without e-mail: one PDF, one letter per family.

The text is the e-mail's (``templates/notices/emails/allocation_*``), in the family's language,
so the letter and the e-mail never say different things. The PDF is made with fpdf2 (pure
Python); page set-up and fonts are shared with other documents in familyportal/core/pdf.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from familyportal.core.pdf import a4_document
from kita.models import ApplicationOutcome, Offer
from kita.services.allocation.notices import Links


@dataclass(frozen=True)
class Letter:
    language: str
    address: list[str]
    subject: str
    body: str


def _render(template: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    base = f"notices/emails/{template}"
    context = {**context, "municipality_name": settings.MUNICIPALITY_NAME}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        body = render_to_string(f"{base}_body.txt", context).strip()
    return subject, body


def _date(language: str, day: dt.date) -> str:
    with translation.override(language):
        return str(formats.date_format(day, "DATE_FORMAT"))


def _family(application: Any) -> tuple[str, list[str]]:
    """The family's language and address block (parents' names, street, postal code, city)."""
    guardians = sorted(application.child.guardians.all(), key=lambda user: user.pk)
    language = guardians[0].language if guardians else settings.LANGUAGE_CODE
    names = " / ".join(f"{u.first_name} {u.last_name}".strip() for u in guardians)
    if not names:
        with translation.override(language):
            names = translation.gettext("Family %(name)s") % {"name": application.child.last_name}
    return language, [
        names,
        application.street,
        f"{application.postal_code} {settings.MUNICIPALITY_NAME}",
    ]


def letters_for_offers(offers: QuerySet[Offer]) -> list[Letter]:
    links = Links()
    letters = []
    for offer in offers.select_related("kita", "provider", "application__child").prefetch_related(
        "application__child__guardians"
    ):
        language, address = _family(offer.application)
        subject, body = _render(
            "allocation_offer",
            language,
            {
                "child": offer.application.child.first_name,
                "kita": offer.place_name,
                "deadline": _date(language, offer.deadline),
                "url": links.offer(offer.pk),
            },
        )
        letters.append(Letter(language, address, subject, body))
    return letters


def letters_for_outcomes(outcomes: QuerySet[ApplicationOutcome]) -> list[Letter]:
    """An offer letter for placed children (their offer of that round), a rejection otherwise."""
    outcomes = outcomes.select_related("application__child", "round").prefetch_related(
        "application__child__guardians"
    )
    offers = {
        (offer.round_id, offer.application_id): offer
        for offer in Offer.objects.filter(
            application__allocation_outcomes__in=outcomes
        ).select_related("kita", "provider")
    }
    links = Links()
    letters = []
    for outcome in outcomes:
        application = outcome.application
        language, address = _family(application)
        child = application.child.first_name
        offer = offers.get((outcome.round_id, application.pk))
        if offer is not None:
            context: dict[str, Any] = {
                "child": child,
                "kita": offer.place_name,
                "deadline": _date(language, offer.deadline),
                "url": links.offer(offer.pk),
            }
            subject, body = _render("allocation_offer", language, context)
        else:
            wishes = [
                {"kita": wish["kita"], "position": wish["waiting_position"]}
                for wish in outcome.wishes
            ]
            context = {"child": child, "wishes": wishes, "url": links.explanation(application.pk)}
            subject, body = _render("allocation_rejection", language, context)
        letters.append(Letter(language, address, subject, body))
    return letters


def letters_pdf(
    letters: list[Letter], *, font: Path | str | None = "auto", compress: bool = True
) -> bytes:
    """One A4 page (or more) per letter, with sender, address, date, subject and text."""
    document = a4_document(font=font, compress=compress, margins=(25, 20, 20), bottom=20)
    pdf, family, plain = document.pdf, document.family, document.plain
    today = timezone.localdate()
    for letter in letters:
        pdf.add_page()
        pdf.set_font(family, size=9)
        with translation.override(letter.language):
            sender = translation.gettext(
                "Youth Welfare Office %(city)s – Kita place allocation"
            ) % {"city": settings.MUNICIPALITY_NAME}
            dated = formats.date_format(today, "DATE_FORMAT")
        pdf.cell(0, 5, plain(sender), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font(family, size=11)
        for line in letter.address:
            pdf.cell(0, 5.5, plain(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
        pdf.cell(0, 5.5, plain(str(dated)), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font(family, size=12)
        pdf.multi_cell(0, 6, plain(letter.subject), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(family, size=11)
        pdf.multi_cell(0, 5.5, plain(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
