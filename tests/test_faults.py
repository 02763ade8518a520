"""Faults: a gunicorn worker with production settings survives the database dropping its connections (what a
PostgreSQL restart does to it) and answers the next request."""

import socket
import subprocess
import sys
import time
import urllib.request

import psycopg
import pytest
from django.db import connection

from tests.test_deploy import ROOT, free_port, manage, production_env


def _drop_connections_of_others() -> int:
    """Terminate every connection to the test database but the test's own, as a PostgreSQL restart would."""
    connection.ensure_connection()
    own = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname=settings["NAME"]
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [own],
        ).fetchall()
    return len(rows)


@pytest.fixture
def gunicorn(transactional_db):
    """One gunicorn worker with production settings on the test database; yields a GET function."""
    port = free_port()
    settings = connection.settings_dict
    database_url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"
    env = production_env(DATABASE_URL=database_url, ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0")
    # Production serves the collected, hashed static files, as the image build prepares them.
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "albertslund_bolig.wsgi",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(path: str) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield get
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_web_answers_after_the_database_drops_its_connections(gunicorn, body):
    assert gunicorn("/organer/sekretariat/") == 200
    assert _drop_connections_of_others() >= 1
    # The worker's next request starts with Django's health check (CONN_HEALTH_CHECKS): the dead connection is
    # replaced instead of failing the request.
    assert gunicorn("/organer/sekretariat/") == 200
    assert gunicorn("/organisationsdiagram/") == 200
