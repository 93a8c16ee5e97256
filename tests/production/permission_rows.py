from tests.permissions import EVERYONE, Row

# /healthz: probes and monitoring, no log-in; it shows no personal data (tests/production).
ROWS = {"healthz": Row(EVERYONE)}

ADMIN_CHANGELISTS: dict[str, frozenset[str]] = {}
