from familyportal.accounts.roles import Role
from tests.factories import ChildminderFactory
from tests.permissions import EVERYONE, LOGGED_IN, RequestContext, Row, roles


def own_provider(ctx: RequestContext) -> dict[str, int]:
    """A provider linked to the requesting user: only the Tagespflegeperson role may use it."""
    return {"pk": ChildminderFactory(accounts=[ctx.user] if ctx.user else []).pk}


ADVISORS = roles(Role.FACHBERATUNG, Role.ADMINISTRATION)

ROWS = {
    "tagespflege:search": Row(EVERYONE),
    "tagespflege:detail": Row(EVERYONE, kwargs=lambda ctx: {"pk": ChildminderFactory().pk}),
    "tagespflege:contact": Row(LOGGED_IN, kwargs=lambda ctx: {"pk": ChildminderFactory().pk}),
    # An invalid link shows the friendly "expired" page to everyone.
    "tagespflege:invitation": Row(
        EVERYONE, kwargs=lambda ctx: {"uidb64": "MQ", "token": "abc-def"}
    ),
    "tagespflege:dashboard": Row(roles(Role.TAGESPFLEGEPERSON)),
    "tagespflege:profile-edit": Row(roles(Role.TAGESPFLEGEPERSON), kwargs=own_provider),
    "tagespflege:vacancies-edit": Row(roles(Role.TAGESPFLEGEPERSON), kwargs=own_provider),
    "tagespflege:statistics": Row(roles(Role.FACHBERATUNG, Role.STATISTIK, Role.ADMINISTRATION)),
}

ADMIN_CHANGELISTS = {
    "tagespflege.provider": ADVISORS,
    "tagespflege.person": ADVISORS,
    "tagespflege.carepermit": ADVISORS,
    "tagespflege.vacancy": ADVISORS,
    "tagespflege.profiledraft": ADVISORS,
}
