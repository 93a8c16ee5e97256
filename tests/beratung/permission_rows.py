"""Matrix rows of the counselling app (tests/test_permission_matrix.py)."""

from familyportal.accounts.roles import Role
from tests.factories import CaseConsentFactory, CaseFactory, CaseReferralFactory
from tests.permissions import EVERYONE, Row, roles

TEAM = roles(Role.KITA_SOZIALARBEIT)
# The team lead is a member of the team with a profile flag; no role alone opens the page, so
# every role is refused here, the Kita-Sozialarbeit role included. The team lead's access is
# tested in tests/beratung/sozialarbeit/test_access.py.
NOBODY_BY_ROLE: frozenset[str] = frozenset()


def _case(ctx: object) -> dict[str, int]:
    return {"pk": CaseFactory().pk}


ROWS = {
    "beratung:sozialarbeit-office-hours": Row(EVERYONE),
    "beratung:sozialarbeit-request": Row(roles(Role.KITA_LEITUNG)),
    "beratung:sozialarbeit-case-list": Row(TEAM),
    "beratung:sozialarbeit-case-create": Row(TEAM),
    "beratung:sozialarbeit-case-detail": Row(TEAM, kwargs=_case),
    "beratung:sozialarbeit-case-edit": Row(TEAM, kwargs=_case),
    "beratung:sozialarbeit-case-take-on": Row(TEAM, method="post", kwargs=_case, ok=(302,)),
    "beratung:sozialarbeit-case-close": Row(TEAM, method="post", kwargs=_case, ok=(302,)),
    "beratung:sozialarbeit-child-protection": Row(NOBODY_BY_ROLE, kwargs=_case),
    "beratung:sozialarbeit-consultation-create": Row(TEAM, kwargs=_case),
    "beratung:sozialarbeit-referral-create": Row(TEAM, kwargs=_case),
    "beratung:sozialarbeit-consent-create": Row(TEAM, kwargs=_case),
    "beratung:sozialarbeit-referral-outcome": Row(
        TEAM, kwargs=lambda ctx: {"pk": CaseReferralFactory().pk}
    ),
    "beratung:sozialarbeit-consent-withdraw": Row(
        TEAM, method="post", kwargs=lambda ctx: {"pk": CaseConsentFactory().pk}, ok=(302,)
    ),
    "beratung:sozialarbeit-statistics": Row(roles(Role.KITA_SOZIALARBEIT, Role.STATISTIK)),
    "beratung:sozialarbeit-statistics-refresh": Row(
        roles(Role.KITA_SOZIALARBEIT, Role.STATISTIK), method="post", ok=(302,)
    ),
}

# Case data only for the team (also for superusers: see test_access.py); the team maintains the
# office hours; the Administration appoints the team lead.
ADMIN_CHANGELISTS = {
    "beratung.case": TEAM,
    "beratung.officehours": TEAM,
    "beratung.socialworkerprofile": roles(Role.KITA_SOZIALARBEIT, Role.ADMINISTRATION),
}
