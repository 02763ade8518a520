"""Production deployment: settings pass Django's deploy check, the compose file is complete and documented."""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETTINGS_SOURCE = (ROOT / "albertslund_bolig" / "settings.py").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "beat")


def settings_variables() -> set[str]:
    """Every environment variable settings.py reads through its env_* helpers."""
    return set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', SETTINGS_SOURCE))


def production_env(**overrides: str) -> dict[str, str]:
    """A production environment: no DEBUG, a long random key, a host name, PostgreSQL."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "albertslund_bolig.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "boligportal.albertslund.dk",
        "CSRF_TRUSTED_ORIGINS": "https://boligportal.albertslund.dk",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/boligportalen"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_without_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_deploy_check_fails_when_production_is_made_insecure():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(SESSION_COOKIE_SECURE="0"))
    assert result.returncode != 0
    assert "security.W012" in result.stderr


@pytest.mark.parametrize("debug", [None, "0"])
def test_start_without_secret_key_and_without_debug_fails_with_danish_message(debug):
    result = manage("check", env=production_env(SECRET_KEY=None, DEBUG=debug))
    assert result.returncode != 0
    assert "SECRET_KEY skal sættes, når DEBUG ikke er slået til." in result.stderr


def test_compose_has_the_production_services():
    assert {"migrate", "web", "worker", "beat", "postgres", "redis"} <= set(SERVICES)
    assert SERVICES["web"]["command"][:2] == ["gunicorn", "albertslund_bolig.wsgi"]
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "albertslund_bolig", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "albertslund_bolig", "beat"]
    assert SERVICES["migrate"]["command"] == [
        "sh",
        "-c",
        "python manage.py check --deploy --fail-level WARNING && python manage.py migrate --noinput",
    ]
    assert SERVICES["postgres"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"


def test_app_services_read_env_file_and_start_after_migrations():
    for name in APP_SERVICES:
        assert SERVICES[name]["env_file"] == ".env", name
        assert SERVICES[name]["build"] == ".", name
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert SERVICES[name]["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_compose_health_checks():
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_database_and_media_live_on_volumes():
    assert {"pgdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    for name in APP_SERVICES:
        media_root = SERVICES[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in SERVICES[name]["volumes"], name


def test_every_variable_the_compose_file_sets_for_the_portal_is_read_by_settings():
    known = settings_variables()
    for name in APP_SERVICES:
        unknown = set(SERVICES[name]["environment"]) - known
        assert not unknown, f"{name}: {unknown}"
    # The database container's own variables belong to the postgres image.
    assert set(SERVICES["postgres"]["environment"]) == {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def test_every_setting_variable_is_documented_in_deploy_guide():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    missing = sorted(name for name in settings_variables() if f"`{name}`" not in guide)
    assert not missing, f"Mangler i docs/deploy.md: {missing}"


def test_dockerfile_runs_gunicorn_as_non_root_with_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim\n" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile
    assert "RUN pip install .\n" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER boligportalen\n" in dockerfile
    assert '"gunicorn", "albertslund_bolig.wsgi"' in dockerfile


def test_collectstatic_of_the_image_build_succeeds_with_production_storage(tmp_path):
    """The Dockerfile's collectstatic step, on a copy: the manifest storage fails on a missing referenced file."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "*cache*", "*.egg-info"))
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": "collectstatic-build-step-only"}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (copy / "var" / "static" / "staticfiles.json").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# How long `docker compose stop` waits before it kills a container (its default stop_grace_period).
STOP_SECONDS = 10


def _seconds(duration: str) -> int:
    """Return a compose duration such as "20s" in seconds."""
    assert duration.endswith("s"), duration
    return int(duration[:-1])


def test_web_health_check_command_succeeds_against_gunicorn_in_production(tmp_path):
    """Run the compose file's web command with production settings and its own health check command against it, as
    compose does: retried until it succeeds within the start period (the server warms up before it answers); then
    the server stops on SIGTERM before compose's stop period (10 s) is over."""
    port = free_port()
    env = production_env()
    command = SERVICES["web"]["command"]
    assert command[0] == "gunicorn"
    # The server's log to a file: a pipe nobody reads would stall it once full.
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", *[arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in command]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    healthcheck = SERVICES["web"]["healthcheck"]
    try:
        command = healthcheck["test"]
        assert command[0] == "CMD"
        args = [arg.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for arg in command[1:]]
        args[0] = sys.executable
        deadline = time.monotonic() + _seconds(healthcheck["start_period"])
        while True:
            result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30)
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert result.returncode == 0, result.stderr + log_path.read_text()[-3000:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise AssertionError("gunicorn stoppede ikke: " + log_path.read_text()[-3000:]) from None
        finally:
            log.close()
