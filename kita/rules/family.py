"""Parents (Eltern): their own children, pre-registrations and invitations.

The role half decides whether a page opens at all (others get 403, anonymous visitors the
log-in); the object half is checked on the object the view loaded through a scoped selector,
so a foreign id is already a 404 before any rule is asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from familyportal.accounts.predicates import is_parent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from familyportal.accounts.models import User
    from kita.models import Application, Child


@rules.predicate
def is_guardian_of_child(user: User | AnonymousUser, child: Child | None) -> bool:
    if child is None or not user.is_authenticated:
        return False
    return child.guardianships.filter(user=user).exists()


@rules.predicate
def is_guardian_of_application(user: User | AnonymousUser, application: Application | None) -> bool:
    if application is None or not user.is_authenticated:
        return False
    return application.child.guardianships.filter(user=user).exists()


# "My area", adding children, the pre-registration wizard and the wish list.
rules.add_perm("kita.use_family_area", is_parent)
# One child: change its data, invite a second parent.
rules.add_perm("kita.change_own_child", is_parent & is_guardian_of_child)
# One pre-registration: change wishes and criteria, withdraw.
rules.add_perm("kita.change_own_application", is_parent & is_guardian_of_application)
# Accepting an invitation: any parent account; the service checks the address it was sent to.
rules.add_perm("kita.accept_invitation", is_parent)
