"""Write-side of pre-registration (Voranmeldung): children, applications, their wishes.

Every rule lives here once. Forms call the ``check_*`` functions for early, per-field messages;
the services call them again before writing, so a crafted request gets the same answer as the
form. Domain errors are ``ApplicationError`` exceptions with a message in the user's language
and the form field they belong to.
"""

from kita.services.registration.applications import (
    application_submit,
    application_update,
    application_withdraw,
)
from kita.services.registration.checks import (
    EDITABLE_STATUSES,
    ActiveApplicationExists,
    ApplicationError,
    ApplicationInvalid,
    ApplicationNotEditable,
    application_is_editable,
    check_birth_date,
    check_criteria,
    check_desired_start,
    check_no_active_application,
    check_wishes,
    district_for_postal_code,
    kita_year_label,
    wish_key,
    wish_name,
)
from kita.services.registration.children import child_create, child_update
from kita.services.registration.notices import application_notices_queue

__all__ = [
    "EDITABLE_STATUSES",
    "ActiveApplicationExists",
    "ApplicationError",
    "ApplicationInvalid",
    "ApplicationNotEditable",
    "application_is_editable",
    "application_notices_queue",
    "application_submit",
    "application_update",
    "application_withdraw",
    "check_birth_date",
    "check_criteria",
    "check_desired_start",
    "check_no_active_application",
    "check_wishes",
    "child_create",
    "child_update",
    "district_for_postal_code",
    "kita_year_label",
    "wish_key",
    "wish_name",
]
