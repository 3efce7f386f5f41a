"""Production settings: no default secret, and Django's deploy checks are clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PQRS_"))}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", PQRS_ENV="production", DJANGO_ALLOWED_HOSTS="pqrs.example.gov.co")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


@pytest.mark.slow
def test_deploy_checks_are_clean_in_production():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PQRS_ENV="production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Q!" * 12,
        DJANGO_ALLOWED_HOSTS="pqrs.example.gov.co",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/pqrs",
        CACHE_URL="redis://127.0.0.1:6379/1",
        PQRS_PUBLIC_BASE_URL="https://pqrs.example.gov.co",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_the_public_address():
    result = _manage(
        "check",
        PQRS_ENV="production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Q!" * 12,
        DJANGO_ALLOWED_HOSTS="pqrs.example.gov.co",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode != 0
    assert "PQRS_PUBLIC_BASE_URL" in result.stderr


def test_production_requires_a_shared_cache():
    result = _manage(
        "check",
        PQRS_ENV="production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Q!" * 12,
        DJANGO_ALLOWED_HOSTS="pqrs.example.gov.co",
    )
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


@pytest.mark.slow
def test_the_shared_cache_is_the_real_redis():
    """Rate limits counted by one web process are seen by another through Redis."""
    env = {"CACHE_URL": "redis://127.0.0.1:6379/1"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", _django_snippet("cache.set('pqrs-test-key', 'seen', 30)")],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    reader = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _django_snippet("print(cache.get('pqrs-test-key'))")],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert reader.stdout.strip() == "seen"


def _django_snippet(statement: str) -> str:
    return (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        f"django.setup(); from django.core.cache import cache; {statement}"
    )
