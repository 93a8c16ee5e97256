import rules

from familyportal.accounts.predicates import everyone

rules.add_perm("core.view_public_pages", everyone)
