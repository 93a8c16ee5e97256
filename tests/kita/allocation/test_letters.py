"""Letters on paper (PDF) for families without e-mail, in the family's language."""

from __future__ import annotations

import re

import pytest

from familyportal.core.pdf import letter_font
from kita.letters import letters_for_offers, letters_for_outcomes, letters_pdf
from kita.models import ApplicationOutcome, Offer
from kita.services import round_run
from tests.kita.allocation.conftest import supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes(allocation_round, apply, kita_factory):  # type: ignore[no-untyped-def]
    kita = kita_factory(name="Kita Löwenzahn")
    supply(allocation_round, kita, 1)
    apply([kita], criteria=["inclusion"], first_name="Jürgen")
    apply([kita], language="en", first_name="Şule")
    round_run(allocation_round=allocation_round, user=None)
    return ApplicationOutcome.objects.filter(round=allocation_round).order_by("pk")


def test_one_letter_per_family_in_its_language(outcomes) -> None:
    offer_letter, rejection = letters_for_outcomes(outcomes)
    assert offer_letter.language == "de"
    assert "Jürgen" in offer_letter.subject and "Kita Löwenzahn" in offer_letter.subject
    assert "/vergabe/angebot/" in offer_letter.body
    assert rejection.language == "en"
    assert rejection.subject == "No place for Şule in this round"
    assert "Kita Löwenzahn: position 1" in rejection.body
    assert rejection.address[1] == "Lindenweg 3"
    assert [letter.subject for letter in letters_for_offers(Offer.objects.all())] == [
        offer_letter.subject
    ]


def test_the_pdf_has_a_page_per_letter_and_the_text_with_umlauts(outcomes) -> None:
    letters = letters_for_outcomes(outcomes)
    # The built-in font, uncompressed: the text is in the file as Latin-1.
    pdf = letters_pdf(letters, font=None, compress=False)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    assert "Kita Löwenzahn".encode("latin-1") in pdf
    assert b"No place for Sule in this round" in pdf  # Ş has no Latin-1 form: S


@pytest.mark.skipif(letter_font() is None, reason="no Unicode TrueType font on this machine")
def test_with_a_unicode_font_every_letter_is_embedded(outcomes) -> None:
    pdf = letters_pdf(letters_for_outcomes(outcomes))
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    assert b"/FontFile2" in pdf  # the TrueType font is embedded (subset), so Ş prints
