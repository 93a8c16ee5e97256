from __future__ import annotations

from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from celery._state import _set_task_join_will_block
from django.test import Client

from familyportal import celery_app
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks_unless_worker_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests run tasks in-process (the same code path); ``worker`` tests use the real worker."""
    # Eager tasks mark the process "inside a task" through a global flag that they restore on
    # exit; eager tasks in two threads at once (the concurrency tests) can leave it set, and
    # every later result.get() would then refuse to wait. Each test starts clean.
    _set_task_join_will_block(False)
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _staff_logins_passed_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``force_login`` stands for a complete log-in: for staff that includes the TOTP code
    (familyportal/security). tests/security checks the second factor itself."""
    from familyportal.security.session import mark_verified, needs_second_factor

    force_login = Client.force_login

    def force_login_verified(self: Client, user: User, backend: str | None = None) -> None:
        force_login(self, user, backend)
        if needs_second_factor(user):
            session = self.session
            mark_verified(session, user)
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(*roles: Role, **kwargs: object) -> User:
        return UserFactory(roles=[role.value for role in roles], **kwargs)

    return make


@pytest.fixture
def client_as(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A test client logged in as a fresh user with the given roles."""

    def login(*roles: Role) -> Client:
        client = Client()
        client.force_login(make_user(*roles))
        return client

    return login


def _forget_broker_connections() -> None:
    # Celery caches its connection pools on first use; drop them so a new broker URL applies.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A broker that refuses connections (nothing listens on port 1), as in an outage.

    Celery prefers the CELERY_BROKER_URL environment variable to its configuration, so both
    are pointed at the dead port.
    """
    dead = "redis://127.0.0.1:1/0"
    monkeypatch.setenv("CELERY_BROKER_URL", dead)
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = dead
    _forget_broker_connections()
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    monkeypatch.undo()
    _forget_broker_connections()


@pytest.fixture
def delivered_mail() -> Callable[[], list[EmailMessage]]:
    """E-mails the real Celery worker wrote (CI runs it with the file e-mail backend).

    Worker tests queue a notice, wait for its task with ``.get(timeout=…)``, then read here.
    """
    from django.conf import settings

    def read() -> list[EmailMessage]:
        folder = Path(settings.EMAIL_FILE_PATH)
        messages = []
        for path in sorted(folder.glob("*.log")):
            # The file backend separates messages with a line of 79 dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk, policy=default_policy))
        return messages

    return read
