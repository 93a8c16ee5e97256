"""Matrix rows of the service directory (tests/test_permission_matrix.py)."""

from familyportal.accounts.roles import Role
from tests.factories import DirectoryServiceFactory
from tests.permissions import EVERYONE, Row, roles

FAMILY_OFFICE = roles(Role.FAMILIENBUERO)


def _service(ctx: object) -> dict[str, object]:
    return {"pk": DirectoryServiceFactory().pk}


ROWS = {
    "beratung:service-list": Row(EVERYONE),
    "beratung:service-detail": Row(EVERYONE, kwargs=_service),
    "beratung:hsds-services": Row(EVERYONE),
    "beratung:hsds-service": Row(EVERYONE, kwargs=_service),
    "beratung:desk-search": Row(roles(Role.FAMILIENBUERO, Role.ADMINISTRATION)),
}

# The Familienbüro maintains the directory in the admin.
ADMIN_CHANGELISTS = {
    "beratung.service": FAMILY_OFFICE,
    "beratung.serviceatlocation": FAMILY_OFFICE,
    "beratung.directoryorganisation": FAMILY_OFFICE,
    "beratung.servicelocation": FAMILY_OFFICE,
    "beratung.servicetopic": FAMILY_OFFICE,
    "beratung.targetgroup": FAMILY_OFFICE,
}
