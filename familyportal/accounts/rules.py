import rules

from familyportal.accounts.predicates import everyone

rules.add_perm("accounts.login", everyone)
rules.add_perm("accounts.logout", rules.is_authenticated)
