"""Factories for the parents' side: invitations to share a child."""

from __future__ import annotations

import factory

from kita.models import Invitation
from tests.factories.core import UserFactory
from tests.factories.registration import ChildFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    created_by = factory.SubFactory(UserFactory)
    child = factory.LazyAttribute(lambda o: ChildFactory(parents=[o.created_by]))
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
