import rules

from familyportal.accounts.predicates import (
    everyone,
    is_administration,
    is_allocation_team,
    is_statistics,
)

rules.add_perm("kita.view_catalogue", everyone)
rules.add_perm(
    "kita.view_catalogue_statistics", is_statistics | is_allocation_team | is_administration
)
rules.add_perm("kita.import_kitas", is_administration | is_allocation_team)
