"""Matrix rows of the Familienbüro desk (tests/test_permission_matrix.py).

The desk's records are for the Familienbüro alone; the Administration role gets nothing here
(it manages accounts, not families' requests), and neither does a superuser (see
tests/beratung/desk/test_access.py).
"""

from familyportal.accounts.roles import Role
from tests.factories import DeskContactFactory, DeskReferralFactory
from tests.permissions import Row, roles

DESK = roles(Role.FAMILIENBUERO)


def _contact(ctx: object) -> dict[str, int]:
    return {"pk": DeskContactFactory().pk}


ROWS = {
    "beratung:desk-contact-list": Row(DESK),
    "beratung:desk-contact-create": Row(DESK),
    "beratung:desk-contact-detail": Row(DESK, kwargs=_contact),
    "beratung:desk-referral-create": Row(DESK, kwargs=_contact),
    "beratung:desk-person-erase": Row(DESK, method="post", kwargs=_contact, ok=(302,)),
    "beratung:desk-referral-update": Row(DESK, kwargs=lambda ctx: {"pk": DeskReferralFactory().pk}),
    "beratung:desk-follow-ups": Row(DESK),
    "beratung:desk-info-sheet": Row(DESK),
    "beratung:desk-statistics": Row(DESK),
    "beratung:desk-statistics-refresh": Row(DESK, method="post", ok=(302,)),
}

ADMIN_CHANGELISTS = {
    "beratung.deskcontact": DESK,
    "beratung.deskreferral": DESK,
}
