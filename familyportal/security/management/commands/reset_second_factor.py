"""Reset a staff member's lost authenticator app: ``manage.py reset_second_factor EMAIL``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familyportal.accounts.models import User
from familyportal.security.services import reset_second_factor


class Command(BaseCommand):
    help = "Deletes the user's TOTP devices; the next log-in asks to set up a new app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist as error:
            raise CommandError(f"No user with the e-mail address {email!r}.") from error
        deleted = reset_second_factor(user)
        self.stdout.write(
            f"Reset the second factor of {user.email}: {deleted} device(s) deleted. "
            "The next log-in asks to set up a new authenticator app."
        )
