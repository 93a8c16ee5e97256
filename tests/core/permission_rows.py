from tests.permissions import EVERYONE, STAFF, Row

ROWS = {
    "core:home": Row(EVERYONE),
    "core:imprint": Row(EVERYONE),
    "core:privacy": Row(EVERYONE),
    "core:accessibility": Row(EVERYONE),
    "core:language": Row(
        EVERYONE, kwargs=lambda ctx: {"language": "en"}, data={"next": "/"}, ok=(302,)
    ),
    "admin:index": Row(STAFF, admin=True),
}

ADMIN_CHANGELISTS: dict[str, frozenset[str]] = {}
