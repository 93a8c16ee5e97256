"""docker-compose.yml, the Dockerfile and docs/env.example describe one installation that works.

No Docker here: the files are parsed and checked against each other and against the code
(settings that are read, modules that are started), so a renamed module, an undocumented
variable or a health check that the app itself would turn away fails in CI, not on a server.
"""

from __future__ import annotations

import re
import shlex
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / "docs" / "env.example"
SETTINGS = ROOT / "familyportal" / "settings.py"

APP_SERVICES = ("web", "worker", "beat")
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
COMPOSE_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
SETTINGS_VARIABLE = re.compile(r"env_(?:str|bool|int|list|database|url)\(\s*\"([A-Z][A-Z0-9_]*)\"")
ENV_LINE = re.compile(r"^\s*(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


# --- Reading the files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


def interpolate(value: str) -> str:
    """Resolve compose variables as an empty environment would: defaults, else a placeholder."""

    def resolve(match: re.Match[str]) -> str:
        operator, argument = match.group(2), match.group(3)
        if operator in (":-", "-"):
            return argument
        return f"placeholder-{match.group(1).lower()}"

    return COMPOSE_VARIABLE.sub(resolve, value).replace("$$", "$")


def command_tokens(service: dict[str, Any]) -> list[str]:
    """The command as words, with `sh -c "…"` scripts split into their words too."""
    command = service.get("command")
    assert command, "service has no command"
    parts = [command] if isinstance(command, str) else list(command)
    return [token for part in parts for token in shlex.split(part)]


def has_app_option(tokens: list[str], app: str) -> bool:
    pairs = zip(tokens, [*tokens[1:], ""], strict=True)
    return any(
        (flag in ("-A", "--app") and value == app) or flag in (f"-A{app}", f"--app={app}")
        for flag, value in pairs
    )


def env_file_paths(service: dict[str, Any]) -> list[str]:
    env_file = service.get("env_file") or []
    entries = [env_file] if isinstance(env_file, str | dict) else env_file
    return [entry["path"] if isinstance(entry, dict) else entry for entry in entries]


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def env_example() -> tuple[dict[str, str], set[str]]:
    """(the assignments that are set, every name that is documented, set or commented out)."""
    assigned: dict[str, str] = {}
    documented: set[str] = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.match(line)
        if match:
            documented.add(match.group(2))
            if not match.group(1):
                assigned[match.group(2)] = match.group(3).strip()
    return assigned, documented


def effective_environment(service: dict[str, Any]) -> dict[str, str]:
    """What the container sees when .env is a copy of docs/env.example; environment wins."""
    environment: dict[str, str] = {}
    if ".env" in env_file_paths(service):
        environment.update(env_example()[0])
    environment.update(environment_of(service))
    return {name: interpolate(value) for name, value in environment.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def web_healthcheck_code(services: dict[str, Any]) -> str:
    test = services["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], test
    return test[3]


# --- Services ----------------------------------------------------------------------------------


def test_the_five_services_exist(services: dict[str, Any]) -> None:
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


def test_app_services_share_one_image_and_one_configuration(services: dict[str, Any]) -> None:
    web = services["web"]
    assert web.get("build") and web.get("image")
    for name in ("worker", "beat"):
        service = services[name]
        assert service.get("build") == web["build"], name
        assert service.get("image") == web["image"], name
        assert env_file_paths(service) == env_file_paths(web), name
        assert environment_of(service) == environment_of(web), name
    context = web["build"] if isinstance(web["build"], str) else web["build"]["context"]
    assert (ROOT / context / "Dockerfile").is_file()


def test_web_migrates_then_serves_the_wsgi_module_with_gunicorn(services: dict[str, Any]) -> None:
    tokens = command_tokens(services["web"])
    assert "migrate" in tokens and "gunicorn" in tokens
    assert tokens.index("migrate") < tokens.index("gunicorn")
    served = tokens[tokens.index("gunicorn") + 1 :]
    assert served[0] == "familyportal.wsgi"
    assert (ROOT / "familyportal" / "wsgi.py").is_file()
    assert served[served.index("--bind") + 1] == "0.0.0.0:8000"
    assert 2 <= int(served[served.index("--workers") + 1]) <= 4


@pytest.mark.parametrize("service, subcommand", [("worker", "worker"), ("beat", "beat")])
def test_celery_processes_run_the_project_app(
    services: dict[str, Any], service: str, subcommand: str
) -> None:
    tokens = command_tokens(services[service])
    assert tokens[0] == "celery"
    assert has_app_option(tokens, "familyportal")
    assert subcommand in tokens
    assert (ROOT / "familyportal" / "celery.py").is_file()


def test_web_is_published_on_loopback_only(services: dict[str, Any]) -> None:
    # The reverse proxy on the host is the only way in; port 8000 speaks plain HTTP.
    ports = [str(port) for port in services["web"].get("ports", [])]
    assert ports, "web publishes no port for the reverse proxy"
    assert all(port.startswith("127.0.0.1:") for port in ports), ports


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_reach_the_bundled_database_and_broker(
    services: dict[str, Any], name: str
) -> None:
    environment = effective_environment(services[name])
    database = urlsplit(environment["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql")
    assert database.hostname == "db"
    broker = urlsplit(environment["CELERY_BROKER_URL"])
    assert broker.scheme == "redis"
    assert broker.hostname == "redis"


def test_database_url_matches_the_db_service_credentials(services: dict[str, Any]) -> None:
    db_environment = environment_of(services["db"])
    url = urlsplit(effective_environment(services["web"])["DATABASE_URL"])
    assert url.username == db_environment["POSTGRES_USER"]
    assert url.path.lstrip("/") == db_environment["POSTGRES_DB"]
    assert url.password == interpolate(db_environment["POSTGRES_PASSWORD"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_a_healthy_database_and_broker(
    services: dict[str, Any], name: str
) -> None:
    depends_on = services[name]["depends_on"]
    assert isinstance(depends_on, dict), "depends_on needs conditions, not a plain list"
    for dependency in ("db", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)


def test_postgres_data_lives_on_a_declared_named_volume(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    mounts = [str(volume).split(":") for volume in services["db"]["volumes"]]
    named = [source for source, target, *_ in mounts if target == "/var/lib/postgresql/data"]
    assert named, "PostgreSQL's data directory is not on a volume"
    assert named[0] in (compose.get("volumes") or {})


# --- Health checks -----------------------------------------------------------------------------


def test_db_and_redis_have_health_checks(services: dict[str, Any]) -> None:
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    redis_test = services["redis"]["healthcheck"]["test"]
    assert "redis-cli" in redis_test and "ping" in redis_test


@pytest.mark.django_db
@pytest.mark.parametrize(
    "allowed_hosts_env, allowed_hosts",
    [
        ("familienportal.example.de,www.familienportal.example.de", None),
        (".example.de", None),
        (None, ["localhost", "127.0.0.1", "[::1]"]),  # settings.py's default
    ],
)
def test_web_health_check_is_answered_under_production_security_settings(
    services: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    allowed_hosts_env: str | None,
    allowed_hosts: list[str] | None,
) -> None:
    sent: list[urllib.request.Request] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, **kwargs: sent.append(request))
    if allowed_hosts_env is None:
        monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    else:
        monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts_env)
    exec(compile(web_healthcheck_code(services), "web healthcheck", "exec"), {})  # noqa: S102

    (request,) = sent
    url = urlsplit(request.full_url)
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", 8000, "/healthz")
    settings.ALLOWED_HOSTS = allowed_hosts or allowed_hosts_env.split(",")  # type: ignore[union-attr]
    settings.SECURE_SSL_REDIRECT = True
    settings.HEALTHZ_CACHE_SECONDS = 0
    host, scheme = request.get_header("Host"), request.get_header("X-forwarded-proto")
    assert host and scheme
    response = Client().get(url.path, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO=scheme)
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == {"status": "ok"}


def test_web_health_check_fails_when_healthz_answers_503(
    services: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # urlopen raises on 503 (database down), so the probe exits non-zero: "unhealthy".
    def unavailable(request: urllib.request.Request, **kwargs: Any) -> None:
        raise urllib.error.HTTPError(request.full_url, 503, "Service Unavailable", {}, None)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib.request, "urlopen", unavailable)
    with pytest.raises(urllib.error.HTTPError):
        exec(compile(web_healthcheck_code(services), "web healthcheck", "exec"), {})  # noqa: S102


def test_the_worker_has_a_health_check_that_pings_itself(services: dict[str, Any]) -> None:
    test = services["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    words = shlex.split(test[1])
    assert words[:2] == ["celery", "-A"] and "ping" in words
    # $$ is compose's escape: the container's own node name, not one worker of several.
    assert "celery@$$HOSTNAME" in words


def test_the_gunicorn_command_is_bounded_and_leaves_access_logs_to_the_app(
    services: dict[str, Any],
) -> None:
    tokens = command_tokens(services["web"])
    served = tokens[tokens.index("gunicorn") :]
    assert int(served[served.index("--timeout") + 1]) <= 60
    assert "--access-logfile" not in served


# --- Configuration -----------------------------------------------------------------------------


def test_env_example_documents_every_variable_that_settings_read() -> None:
    read = set(SETTINGS_VARIABLE.findall(SETTINGS.read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= read, "the pattern broke"
    _, documented = env_example()
    assert not read - documented, f"not in docs/env.example: {sorted(read - documented)}"


def test_env_example_documents_every_variable_the_compose_file_needs(
    services: dict[str, Any],
) -> None:
    used = set(COMPOSE_VARIABLE.findall(COMPOSE.read_text(encoding="utf-8")))
    names = {name for name, _, _ in used}
    assert "POSTGRES_PASSWORD" in names
    _, documented = env_example()
    assert not names - documented, f"not in docs/env.example: {sorted(names - documented)}"
    for name in APP_SERVICES:
        assert env_file_paths(services[name]) == [".env"], name


def test_env_example_ships_no_secret() -> None:
    # Empty on purpose: a forgotten SECRET_KEY stops start-up instead of running with ours.
    assigned, _ = env_example()
    assert assigned["SECRET_KEY"] == ""
    assert assigned["POSTGRES_PASSWORD"] == ""
    assert assigned.get("DEBUG", "0") in ("", "0")


# --- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_builds_a_non_root_image_with_translations_and_static_files() -> None:
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [argument for keyword, argument in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    runs = " ".join(argument for keyword, argument in instructions if keyword == "RUN")
    assert "pybabel compile -d locale -D django" in runs
    assert "collectstatic --noinput" in runs
    assert re.search(r"\bSECRET_KEY=\S+ .*collectstatic", runs)
    assert "pip install" in runs
    # collectstatic and the translations run before the image drops root.
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")
    assert ("EXPOSE", "8000") in instructions


def test_dockerfile_copies_files_that_exist() -> None:
    copies = [argument for keyword, argument in dockerfile_instructions() if keyword == "COPY"]
    assert copies
    for argument in copies:
        *sources, _destination = [word for word in argument.split() if not word.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
    copied = {word.rstrip("/") for argument in copies for word in argument.split()[:-1]}
    for needed in ("pyproject.toml", "manage.py", "familyportal", "templates", "static", "locale"):
        assert needed in copied, f"the image lacks {needed}"


def test_dockerfile_starts_the_wsgi_module_that_exists() -> None:
    (command,) = [argument for keyword, argument in dockerfile_instructions() if keyword == "CMD"]
    words = yaml.safe_load(command)  # the exec form is a JSON (so YAML) list
    assert words[0] == "gunicorn"
    module = words[1]
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").is_file(), module
