"""Who may use the Familienbüro desk.

The desk's records (contacts, needs, referrals, a family's name given with consent) are for the
Familienbüro staff alone. Like Kita-Sozialarbeit, the views check these rules with
``rules.has_perm`` (``beratung.views.access``), so being a superuser grants nothing here.
"""

from __future__ import annotations

import rules

from familyportal.accounts.predicates import is_family_office

rules.add_perm("beratung.use_desk", is_family_office)
rules.add_perm("beratung.view_desk_statistics", is_family_office)
