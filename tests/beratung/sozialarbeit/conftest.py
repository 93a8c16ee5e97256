from __future__ import annotations

import pytest
from django.test import Client

from familyportal.accounts.models import User
from tests.factories import SocialWorkerFactory


@pytest.fixture
def worker(db: None) -> User:
    return SocialWorkerFactory(first_name="Sanne", last_name="Berger")


@pytest.fixture
def team_client(worker: User) -> Client:
    client = Client()
    client.force_login(worker)
    return client


@pytest.fixture
def lead(db: None) -> User:
    return SocialWorkerFactory(team_lead=True)


@pytest.fixture
def lead_client(lead: User) -> Client:
    client = Client()
    client.force_login(lead)
    return client
