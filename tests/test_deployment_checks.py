"""Production settings pass Django's deploy checks and the models match their migrations."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 30 + "-a-long-random-production-secret-9F3x",
    "ALLOWED_HOSTS": "crm.example.com",
    "STATIC_MANIFEST": "true",
    "SECURE_SSL": "",
}


def manage(*args, **env):
    test_only = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE", "SMS_BACKEND", "CELERY_TASK_ALWAYS_EAGER"}
    environment = {k: v for k, v in os.environ.items() if k not in test_only} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_fails_the_deploy_check_and_serves_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr
    serve = manage(
        "shell",
        "-c",
        "from django.test import Client; Client().get('/login/', secure=True, HTTP_HOST='crm.example.com')",
        **{**PRODUCTION, "SECRET_KEY": ""},
    )
    assert serve.returncode != 0 and "SECRET_KEY" in serve.stderr


def test_a_malformed_setting_is_refused_with_its_name():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr
    result = manage("check", **{**PRODUCTION, "TRUSTED_PROXY_COUNT": "one"})
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_models_and_migrations_agree():
    result = manage("makemigrations", "--check", "--dry-run", DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_collect_under_the_production_manifest(tmp_path):
    result = manage("collectstatic", "--no-input", **PRODUCTION, CRM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    for vendored in ("bootstrap.min.css", "htmx.min.js", "chart.umd.min.js", "bootstrap-icons.woff2"):
        assert vendored in manifest


def test_pages_load_no_script_or_style_from_the_internet():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert "http://" not in base and "https://" not in base and "//cdn" not in base
