"""Who may use the service directory: its public pages and HSDS data are for everyone; the desk
search is for the Familienbüro (and the Administration, which supports it). Maintaining the
directory happens in the admin, guarded by model permissions (BeratungConfig.role_permissions).
"""

import rules

from familyportal.accounts.predicates import everyone, is_administration, is_family_office

rules.add_perm("beratung.view_directory", everyone)
rules.add_perm(
    "beratung.use_desk_search",
    is_family_office | is_administration,  # type: ignore[operator]
)
