"""Permission checks that ask the rules alone.

``User.has_perm`` lets every active superuser through. For Kita-Sozialarbeit that is wrong:
case data is for the team, and an administrator is not part of it. These twins of
``familyportal.core.views.PermissionMixin`` and ``permission_required`` test the rule itself
with ``rules.has_perm``, so being a superuser grants nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from familyportal.accounts.models import User
from familyportal.core.views import PermissionMixin


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a request that passed a rule (no rule of ours admits anonymous
    visitors to a page that writes or reads personal data)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class RulePermissionMixin(PermissionMixin):
    def get_permission_object(self) -> Any:
        # Our rules are about the user, not the object; loading the object first would answer
        # outsiders with 404 instead of 403.
        return None

    def has_permission(self) -> bool:
        user = self.request.user  # type: ignore[attr-defined]
        return all(rules.has_perm(perm, user) for perm in self.get_permission_required())


def rule_required(
    perm: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rules.has_perm(perm, request.user):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
