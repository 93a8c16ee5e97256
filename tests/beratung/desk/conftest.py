from __future__ import annotations

import pytest
from django.test import Client

from beratung.models import ServiceTopic
from familyportal.accounts.models import User
from tests.factories import DeskStaffFactory, DistrictFactory, ServiceTopicFactory


@pytest.fixture
def staff(db: None) -> User:
    return DeskStaffFactory(first_name="Dana", last_name="Desk", email="dana@example.org")


@pytest.fixture
def colleague(db: None) -> User:
    return DeskStaffFactory(first_name="Kim", last_name="Kollegin", email="kim@example.org")


@pytest.fixture
def desk_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def topic(db: None) -> ServiceTopic:
    return ServiceTopicFactory(code="test-elterngeld", name="Test Elterngeld", position=1)


@pytest.fixture
def other_topic(db: None) -> ServiceTopic:
    return ServiceTopicFactory(code="test-wohnen", name="Test Wohnen", position=2)


@pytest.fixture
def district(db: None):
    return DistrictFactory(name="Wattenscheid", slug="wattenscheid")
