"""Kindertagespflege providers as programmes of an allocation round.

A provider's capacity is its vacancy for the child's start month and age band; accepting one of
its offers takes the place off that vacancy (no overbooking), declining leaves it.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice
from kita.allocation import deferred_acceptance
from kita.models import (
    AgeBand,
    ApplicationOutcome,
    ApplicationStatus,
    Offer,
    OfferStatus,
)
from kita.services import (
    ProviderPlaceGone,
    offer_accept,
    offer_decline,
    round_create,
    round_inputs,
    round_preview,
    round_run,
)
from kita.services.allocation.inputs import Applicant, RoundInputs
from kita.services.allocation.results import cutoff_points as cutoffs_of
from kita.services.allocation.results import explain_rows, outcome_data, result_explain
from tagespflege.models import Vacancy
from tests.factories import ChildminderFactory, UserFactory, VacancyFactory
from tests.kita.allocation.conftest import english_client, supply

pytestmark = pytest.mark.django_db

AUGUST = dt.date(2027, 8, 1)


@pytest.fixture
def provider(north):  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(display_name="Tagespflege Pusteblume", district=north)
    VacancyFactory(provider=provider, month=AUGUST, age_band=AgeBand.U3, free_places=2)
    return provider


def test_a_round_places_children_at_a_provider_within_its_vacancy(
    allocation_round, apply, provider, north
) -> None:
    first = apply([provider], criteria=["inclusion"], district=north)
    second = apply([provider], district=north)
    third = apply([provider])  # lives elsewhere: fewer points

    statistics = round_run(allocation_round=allocation_round, user=None)

    offers = Offer.objects.filter(round=allocation_round)
    assert {offer.application_id for offer in offers} == {first.pk, second.pk}
    assert {(o.provider_id, o.kita_id, o.age_band) for o in offers} == {
        (provider.pk, None, AgeBand.U3)
    }
    assert statistics["placed"] == 2
    assert statistics["placed_tagespflege"] == 2
    assert statistics["places_tagespflege"] == 2
    third.refresh_from_db()
    assert third.status == ApplicationStatus.REJECTED
    outcome = ApplicationOutcome.objects.get(application=third)
    assert outcome.placed_kita_id is None and outcome.placed_provider_id is None
    (wish,) = outcome.wishes
    assert wish["kita_id"] is None
    assert wish["provider_id"] == provider.pk
    assert wish["kita"] == "Tagespflege Pusteblume"
    assert wish["waiting_position"] == 1
    assert wish["places"] == 2
    assert ApplicationOutcome.objects.get(application=first).placed_provider_id == provider.pk
    # The notices name the provider.
    offer_notice = Notice.objects.get(template="allocation_offer", user=first.created_by)
    assert offer_notice.context["kita"] == "Tagespflege Pusteblume"
    rejection = Notice.objects.get(template="allocation_rejection", user=third.created_by)
    assert rejection.context["wishes"] == [{"kita": "Tagespflege Pusteblume", "position": 1}]


def test_kitas_and_providers_ranked_together(
    allocation_round, apply, provider, kita_factory
) -> None:
    kita = kita_factory(name="Kita Sonnenblume")
    supply(allocation_round, kita, 1)
    wants_kita = apply([kita, provider], criteria=["inclusion"])
    second = apply([kita, provider])  # loses the Kita, gets the provider

    round_run(allocation_round=allocation_round, user=None)

    assert Offer.objects.get(application=wants_kita).kita_id == kita.pk
    offer = Offer.objects.get(application=second)
    assert (offer.kita_id, offer.provider_id) == (None, provider.pk)
    rows = ApplicationOutcome.objects.get(application=second).wishes
    assert [(w["kita"], w["placed"], w["waiting_position"]) for w in rows] == [
        ("Kita Sonnenblume", False, 1),
        ("Tagespflege Pusteblume", True, None),
    ]


def test_no_vacancy_in_the_start_month_means_no_place(allocation_round, apply, north) -> None:
    provider = ChildminderFactory(district=north)
    VacancyFactory(provider=provider, month=dt.date(2027, 9, 1), free_places=3)  # September
    VacancyFactory(provider=provider, month=AUGUST, age_band=AgeBand.UE3, free_places=3)
    application = apply([provider])  # U3, starts in August

    round_run(allocation_round=allocation_round, user=None)

    assert not Offer.objects.exists()
    (wish,) = ApplicationOutcome.objects.get(application=application).wishes
    assert (wish["places"], wish["waiting_position"]) == (0, None)


def test_open_offers_of_earlier_rounds_hold_the_providers_places(
    allocation_round, apply, provider
) -> None:
    apply([provider])
    apply([provider])
    round_run(allocation_round=allocation_round, user=None)
    late = apply([provider])
    follow_up = round_create(
        name="Nachrücken",
        kita_year=2027,
        registration_deadline=timezone.now(),
        offer_date=allocation_round.offer_date,
        actor=None,
        follow_up_of=allocation_round,
    )

    inputs = round_inputs(allocation_round=follow_up)

    (programme,) = inputs.preferences[late.pk]
    assert inputs.supplies[programme] == 2
    assert inputs.capacities[programme] == 0  # both places are held by open offers


def test_the_preview_counts_providers_as_the_run_does(allocation_round, apply, provider) -> None:
    apply([provider])
    preview = round_preview(allocation_round=allocation_round)
    statistics = round_run(allocation_round=allocation_round, user=None)
    keys = ("children", "placed", "places", "placed_tagespflege", "places_tagespflege")
    assert {k: preview[k] for k in keys} == {k: statistics[k] for k in keys}


@pytest.fixture
def provider_offer(allocation_round, apply, provider):  # type: ignore[no-untyped-def]
    parent = UserFactory(roles=[Role.ELTERN.value], language="en")
    application = apply([provider], parent=parent, first_name="Lina")
    round_run(allocation_round=allocation_round, user=None)
    return Offer.objects.get(application=application)


def test_accepting_takes_the_place_off_the_providers_vacancy(provider_offer, provider) -> None:
    parent = provider_offer.application.created_by
    offer_accept(offer=provider_offer, user=parent)
    provider_offer.refresh_from_db()
    assert provider_offer.status == OfferStatus.ACCEPTED
    vacancy = Vacancy.objects.get(provider=provider, month=AUGUST, age_band=AgeBand.U3)
    assert vacancy.free_places == 1
    # A repeated click changes nothing more.
    offer_accept(offer=provider_offer, user=parent)
    vacancy.refresh_from_db()
    assert vacancy.free_places == 1


def test_declining_leaves_the_vacancy(provider_offer, provider) -> None:
    offer_decline(offer=provider_offer, user=provider_offer.application.created_by)
    vacancy = Vacancy.objects.get(provider=provider, month=AUGUST, age_band=AgeBand.U3)
    assert vacancy.free_places == 2


def test_accepting_is_refused_when_the_provider_has_no_place_left(provider_offer, provider) -> None:
    Vacancy.objects.filter(provider=provider).update(free_places=0)
    with pytest.raises(ProviderPlaceGone):
        offer_accept(offer=provider_offer, user=provider_offer.application.created_by)
    provider_offer.refresh_from_db()
    assert provider_offer.status == OfferStatus.OPEN
    assert Vacancy.objects.get(provider=provider, month=AUGUST).free_places == 0
    provider_offer.application.refresh_from_db()
    assert provider_offer.application.status == ApplicationStatus.OFFERED


def test_the_offer_and_explanation_pages_name_the_provider(provider_offer) -> None:
    client = english_client(provider_offer.application.created_by)
    page = client.get(reverse("allocation:offer", args=[provider_offer.pk]))
    assert page.status_code == 200
    assert "Tagespflege Pusteblume" in page.content.decode()
    assert "Kindertagespflege" in page.content.decode()
    explanation = client.get(
        reverse("allocation:explanation", args=[provider_offer.application_id])
    )
    assert explanation.status_code == 200
    html = explanation.content.decode()
    assert "Offer: a place at Tagespflege Pusteblume" in html
    assert "(Kindertagespflege)" in html
    home = client.get(reverse("family:home"))
    assert "Offer of a place at Tagespflege Pusteblume" in home.content.decode()


def test_the_accept_page_takes_the_place(provider_offer, provider) -> None:
    client = english_client(provider_offer.application.created_by)
    url = reverse("allocation:offer-accept", args=[provider_offer.pk])
    assert "Tagespflege Pusteblume" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "You have accepted the place at Tagespflege Pusteblume" in response.content.decode()
    assert Vacancy.objects.get(provider=provider, month=AUGUST).free_places == 1


def test_the_kita_leaders_waiting_list_leaves_provider_wishes_out(
    allocation_round, apply, provider, kita_factory
) -> None:
    from kita.selectors import allocation_waiting_list

    kita = kita_factory()
    supply(allocation_round, kita, 1)
    apply([provider, kita])  # placed at the provider: not waiting at the Kita
    at_kita = apply([kita])
    round_run(allocation_round=allocation_round, user=None)
    allocation_round.refresh_from_db()
    entries = allocation_waiting_list(allocation_round=allocation_round, kita=kita)
    assert [(e.application_id, e.placed) for e in entries] == [(at_kita.pk, True)]


# --- explain_rows gives what outcome_data over explain gives -------------------------------


def _random_inputs(rng: random.Random) -> RoundInputs:
    children = list(range(1, rng.randint(2, 40)))
    kitas = [(k, "u3", 35) for k in range(1, rng.randint(2, 6))]
    providers = [(("tp", p), "u3", 202708) for p in range(1, rng.randint(1, 4))]
    programmes = kitas + providers
    preferences = {c: rng.sample(programmes, rng.randint(1, len(programmes))) for c in children}
    points = {c: [rng.randint(0, 3) * 10 for _ in preferences[c]] for c in children}
    capacities = {p: rng.randint(0, 3) for p in programmes}
    priorities = {}
    for p in programmes:
        if capacities[p]:
            applicants = [c for c in children if p in preferences[c]]
            applicants.sort(key=lambda c: (-points[c][preferences[c].index(p)], c))
            if applicants:
                priorities[p] = applicants
    return RoundInputs(
        preferences=preferences,
        priorities=priorities,
        capacities=capacities,
        wish_points=points,
        wish_ids={c: list(range(len(preferences[c]))) for c in children},
        applicants={c: Applicant(None, "u3", 35, c, 202708) for c in children},
        supplies=dict(capacities),
        kita_names={
            **{k[0]: f"Kita {k[0]}" for k in kitas},
            **{p[0]: f"Tagespflege {p[0][1]}" for p in providers},
        },
    )


@pytest.mark.parametrize("seed", range(40))
def test_explain_rows_match_the_engines_explanation(seed: int) -> None:
    inputs = _random_inputs(random.Random(seed))
    result = deferred_acceptance(*inputs)
    programmes, wishes = result_explain(inputs, result)
    cutoffs = cutoffs_of(inputs, programmes)

    rows, admitted = explain_rows(inputs, result)

    for child in inputs.preferences:
        expected = outcome_data(inputs, child, wishes[child], programmes, cutoffs)["wishes"]
        assert rows[child] == expected
    assert admitted == {p: o.admitted for p, o in programmes.items() if o.admitted}
