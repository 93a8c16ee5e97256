"""Families' pages: the offer with accept/decline, and the explanation of the result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.roles import Role
from kita.models import Application, ApplicationStatus, Offer, OfferStatus
from kita.services import round_run
from tests.factories import OfferFactory, UserFactory
from tests.kita.allocation.conftest import english_client, supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(db: None):  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.ELTERN.value], language="en")


def client_of(user) -> Client:  # type: ignore[no-untyped-def]
    return english_client(user)


@pytest.fixture
def finished(allocation_round, apply, kita_factory, parent):  # type: ignore[no-untyped-def]
    """A run round: the parent's child got its second wish; the first went to another child."""
    first, second = kita_factory(name="Kita Sonnenblume"), kita_factory(name="Kita Regenbogen")
    supply(allocation_round, first, 1)
    supply(allocation_round, second, 1)
    apply([first], criteria=["inclusion"])
    application = apply([first, second], parent=parent, first_name="Lina")
    round_run(allocation_round=allocation_round, user=None)
    return application


def test_the_offer_page_shows_the_place_and_the_deadline(finished, parent) -> None:
    offer = Offer.objects.get(application=finished)
    response = client_of(parent).get(reverse("allocation:offer", args=[offer.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kita Regenbogen" in content
    assert "Please tell us by" in content
    assert reverse("allocation:offer-accept", args=[offer.pk]) in content


def test_accepting_takes_a_confirmation_and_a_post(finished, parent) -> None:
    offer = Offer.objects.get(application=finished)
    client = client_of(parent)
    url = reverse("allocation:offer-accept", args=[offer.pk])

    confirm = client.get(url)
    assert "Yes, accept the place" in confirm.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN  # looking at the question changes nothing

    response = client.post(url, follow=True)
    assert "You have accepted the place at Kita Regenbogen" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    # A second click (another tab) on decline is refused with a clear message.
    again = client.post(reverse("allocation:offer-decline", args=[offer.pk]), follow=True)
    assert "already been answered" in again.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_declining(finished, parent) -> None:
    offer = Offer.objects.get(application=finished)
    response = client_of(parent).post(
        reverse("allocation:offer-decline", args=[offer.pk]), follow=True
    )
    assert "You have declined the place" in response.content.decode()
    finished.refresh_from_db()
    assert finished.status == ApplicationStatus.WITHDRAWN


def test_an_expired_offer_gets_a_friendly_message_and_no_buttons(finished, parent) -> None:
    offer = Offer.objects.get(application=finished)
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.localdate() - dt.timedelta(1))
    client = client_of(parent)

    page = client.get(reverse("allocation:offer", args=[offer.pk])).content.decode()
    assert "The deadline to answer this offer has passed" in page
    assert reverse("allocation:offer-accept", args=[offer.pk]) not in page
    # A stale confirmation link leads back to the offer; a stale form post is refused.
    stale = client.get(reverse("allocation:offer-accept", args=[offer.pk]))
    assert stale.status_code == 302
    refused = client.post(reverse("allocation:offer-accept", args=[offer.pk]), follow=True)
    assert "The deadline to answer this offer has passed" in refused.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_other_families_get_404_for_offers_and_explanations(finished) -> None:
    offer = Offer.objects.get(application=finished)
    stranger = client_of(UserFactory(roles=[Role.ELTERN.value]))
    urls = [
        reverse("allocation:offer", args=[offer.pk]),
        reverse("allocation:offer-accept", args=[offer.pk]),
        reverse("allocation:explanation", args=[finished.pk]),
        reverse("allocation:offer", args=[offer.pk + 1000]),
    ]
    for url in urls:
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(reverse("allocation:offer-accept", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_the_explanation_shows_points_cut_off_and_waiting_position(finished, parent) -> None:
    response = client_of(parent).get(reverse("allocation:explanation", args=[finished.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    rows = content.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    sonnenblume, regenbogen = rows
    # First wish: the last child admitted had 30 points (inclusion), Lina 0; 1st waiting.
    assert "Kita Sonnenblume" in sonnenblume
    assert "Waiting list, position 1" in sonnenblume
    assert '<td class="text-end">0</td>' in sonnenblume
    assert '<td class="text-end">30</td>' in sonnenblume
    assert "Kita Regenbogen" in regenbogen and "Place offered" in regenbogen


def test_the_include_for_mein_bereich_shows_the_open_offer(finished) -> None:
    application = Application.objects.prefetch_related("offers__kita").get(pk=finished.pk)
    html = render_to_string(
        "kita/allocation/_application_allocation.html", {"application": application}
    )
    offer = application.offers.get()
    assert "Kita Regenbogen" in html
    assert reverse("allocation:offer-accept", args=[offer.pk]) in html
    assert reverse("allocation:explanation", args=[application.pk]) in html


def test_a_parent_who_is_not_a_guardian_of_the_offers_child_is_refused() -> None:
    offer = OfferFactory()
    # Logged in as the Kita leader role: the area rule answers 403 before any lookup.
    leader = client_of(UserFactory(roles=[Role.KITA_LEITUNG.value]))
    assert leader.get(reverse("allocation:offer", args=[offer.pk])).status_code == 403
