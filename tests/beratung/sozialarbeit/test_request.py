"""A Kita leader asks the team for support for a family, with the family's consent."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from beratung.models import Case, CaseOrigin, CaseStatus, ConsentPurpose
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice
from tests.factories import KitaFactory, SocialWorkerFactory

pytestmark = pytest.mark.django_db
URL = "beratung:sozialarbeit-request"


@pytest.fixture
def leader(make_user: Callable[..., User]) -> User:
    return make_user(Role.KITA_LEITUNG)


@pytest.fixture
def leader_client(leader: User) -> Client:
    client = Client()
    client.force_login(leader)
    return client


def request_data(kita_pk: int, **overrides: object) -> dict[str, object]:
    return {
        "token": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        "kita": kita_pk,
        "description": "Mutter eines Dreijährigen, Probleme mit dem Jobcenter",
        "contact": "0221 4710 555",
        "consent": "on",
        **overrides,
    }


def test_a_request_creates_a_pending_case_and_tells_the_team(
    leader: User, leader_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    kita = KitaFactory(name="Kita Sonnenblume")
    kita.leaders.add(leader)
    team = SocialWorkerFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse(URL), request_data(kita.pk), follow=True)

    case = Case.objects.get()
    assert (case.status, case.origin, case.kita, case.requested_by) == (
        CaseStatus.PENDING,
        CaseOrigin.KITA,
        kita,
        leader,
    )
    assert case.social_worker is None
    assert case.contact == "0221 4710 555"
    assert {c.purpose for c in case.consents.all()} == {
        ConsentPurpose.KITA_EXCHANGE,
        ConsentPurpose.CONTACT,
    }
    assert {c.recorded_by for c in case.consents.all()} == {leader}
    assert case.code in " ".join(str(m) for m in response.context["messages"])

    assert sorted(n.recipient for n in Notice.objects.all()) == sorted(u.email for u in team)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team)
    # The e-mail names the case, never the family.
    body = mail.outbox[0].body
    assert case.code in body
    assert "Jobcenter" not in body and "0221" not in body


def test_without_consent_nothing_is_sent(leader: User, leader_client: Client) -> None:
    kita = KitaFactory()
    kita.leaders.add(leader)
    data = request_data(kita.pk)
    del data["consent"]
    response = leader_client.post(reverse(URL), data)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert "Mutter eines Dreijährigen" in response.content.decode()
    assert not Case.objects.exists()


def test_only_kitas_the_leader_leads_can_be_chosen(leader: User, leader_client: Client) -> None:
    own, other = KitaFactory(name="Eigene Kita"), KitaFactory(name="Fremde Kita")
    own.leaders.add(leader)
    page = leader_client.get(reverse(URL))
    assert list(page.context["form"].fields["kita"].queryset) == [own]

    response = leader_client.post(reverse(URL), request_data(other.pk))
    assert "kita" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_double_submit_creates_one_case(leader: User, leader_client: Client) -> None:
    kita = KitaFactory()
    kita.leaders.add(leader)
    leader_client.post(reverse(URL), request_data(kita.pk))
    leader_client.post(reverse(URL), request_data(kita.pk))
    assert Case.objects.count() == 1


def test_a_leader_without_a_kita_is_told_so(leader_client: Client) -> None:
    page = leader_client.get(reverse(URL))
    assert page.status_code == 200
    assert page.context["form"] is not None
    assert page.context["kitas"] == []
    assert b'name="description"' not in page.content


def test_a_social_worker_takes_the_request_on(team_client: Client, worker: User) -> None:
    case = Case.objects.create(
        code="KS-2026-0100",
        kita=KitaFactory(),
        origin=CaseOrigin.KITA,
        status=CaseStatus.PENDING,
        opened_on="2026-03-02",
    )
    url = reverse("beratung:sozialarbeit-case-take-on", args=[case.pk])
    team_client.post(url)
    case.refresh_from_db()
    assert (case.status, case.social_worker) == (CaseStatus.OPEN, worker)
    # A colleague's late click does not take it away.
    colleague = SocialWorkerFactory()
    client = Client()
    client.force_login(colleague)
    client.post(url)
    case.refresh_from_db()
    assert case.social_worker == worker
