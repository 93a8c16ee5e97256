from __future__ import annotations

import pytest

from familyportal.notices import privacy
from familyportal.notices.models import Notice, NoticeStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_notice(key: str, recipient: str, status: str, user=None) -> Notice:  # type: ignore[no-untyped-def]
    return Notice.objects.create(
        idempotency_key=key,
        template="greeting",
        recipient=recipient,
        language="de",
        context={"child": "Mia"},
        status=status,
        user=user,
    )


def test_export_and_erase_cover_the_users_notices_only() -> None:
    parent, other = UserFactory(email="anna@example.org"), UserFactory()
    make_notice("a", "anna@example.org", NoticeStatus.SENT, parent)
    make_notice("b", "ANNA@example.org", NoticeStatus.PENDING)
    make_notice("c", other.email, NoticeStatus.SENT, other)

    exported = privacy.export(parent)["notices"]
    assert [n["content"] for n in exported] == [{"child": "Mia"}, {"child": "Mia"}]

    privacy.erase(parent)

    kept = Notice.objects.get(idempotency_key="a")
    assert (kept.recipient, kept.context, kept.user) == ("geloescht@invalid", {}, None)
    assert not Notice.objects.filter(idempotency_key="b").exists()
    assert Notice.objects.get(idempotency_key="c").context == {"child": "Mia"}
