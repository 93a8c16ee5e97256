from familyportal.accounts.roles import Role
from tests.permissions import EVERYONE, LOGGED_IN, Row, roles

ROWS = {
    # Logged-in users are sent on from the log-in page.
    "accounts:login": Row(EVERYONE, ok=(200, 302)),
    "accounts:logout": Row(LOGGED_IN, method="post", ok=(302,)),
}

ADMIN_CHANGELISTS = {
    "accounts.user": roles(Role.ADMINISTRATION),
    "auth.group": roles(Role.ADMINISTRATION),
    "audit.auditevent": roles(Role.ADMINISTRATION),
    "notices.notice": roles(Role.ADMINISTRATION),
    "organisations.district": roles(Role.ADMINISTRATION, Role.PLATZVERGABE, Role.STATISTIK),
    "organisations.postalcode": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.provider": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.language": roles(Role.ADMINISTRATION),
}
