from familyportal.accounts.roles import Role
from tests.factories import KitaFactory
from tests.permissions import EVERYONE, Row, roles

PLANNERS = roles(Role.STATISTIK, Role.PLATZVERGABE, Role.ADMINISTRATION)

ROWS = {
    "kita:list": Row(EVERYONE),
    "kita:detail": Row(EVERYONE, kwargs=lambda ctx: {"pk": KitaFactory().pk}),
    "kita:statistics": Row(PLANNERS),
    "kita:statistics-refresh": Row(PLANNERS, method="post", ok=(302,)),
    "admin:kita_kita_import": Row(roles(Role.PLATZVERGABE, Role.ADMINISTRATION), admin=True),
}

ADMIN_CHANGELISTS = {
    "kita.kita": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.capacity": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.concept": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.cataloguestatistic": roles(Role.ADMINISTRATION, Role.PLATZVERGABE, Role.STATISTIK),
}
