"""Who may use the second-factor pages: staff accounts (parents and childminders need none)."""

from __future__ import annotations

import rules

from familyportal.accounts.predicates import is_staff_account

rules.add_perm("security.use_second_factor", is_staff_account)
