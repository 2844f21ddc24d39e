import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import IN_CI, need_service

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """The URL of pytest-django's test database, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def broker_is_reachable(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


@pytest.fixture
def celery_worker_with_beat(transactional_db, tmp_path):
    """A real `celery worker --beat` on the test database; stopped after the test."""
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    if IN_CI and not broker.startswith("redis://"):
        pytest.fail("CI must run the worker tests on Redis: set CELERY_BROKER_URL")
    if broker.startswith("redis://"):
        need_service(broker_is_reachable(broker), f"Redis at {broker}")
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker,
        "CRM_BROKER_DIR": str(tmp_path / "broker"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DEBUG": "false",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dealer_crm",
            "worker",
            "--beat",
            "--pool=solo",
            "--loglevel=INFO",
            f"--schedule={tmp_path / 'beat-schedule'}",
            "--pidfile=",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
    log.close()
    if worker.returncode not in (0, -15, None):
        print((tmp_path / "worker.log").read_text())


def wait_for(condition, timeout: float, interval: float = 1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return None


def require_postgresql():
    need_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
