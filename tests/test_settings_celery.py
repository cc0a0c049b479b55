"""Celery's eager mode is a local and test convenience: production refuses to start without a broker.

Each settings module is imported in a fresh interpreter, with only the environment the case names: settings read
the environment once, at import, and this test process already runs under settings.test."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKER = "redis://127.0.0.1:6379/0"
PRODUCTION = {"SECRET_KEY": "x" * 64, "ALLOWED_HOSTS": "zjtx.gxi.guilin.example"}
PRINT_CELERY = (
    "import importlib, json, sys; s = importlib.import_module(sys.argv[1]); "
    "print(json.dumps({'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL}))"
)


def _import_settings(module, **environment):
    env = {key: value for key, value in os.environ.items()
           if key not in ("CELERY_BROKER_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")}
    env.update(environment)
    return subprocess.run([sys.executable, "-c", PRINT_CELERY, module], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("broker", [None, "", "  "])
def test_production_refuses_to_start_without_a_broker(broker):
    environment = PRODUCTION if broker is None else {**PRODUCTION, "CELERY_BROKER_URL": broker}
    result = _import_settings("guilin_zjtx.settings.production", **environment)
    assert result.returncode != 0, result.stdout
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "CELERY_BROKER_URL" in result.stderr and BROKER in result.stderr


def test_production_with_a_broker_sends_tasks_to_it():
    result = _import_settings("guilin_zjtx.settings.production", **PRODUCTION, CELERY_BROKER_URL=BROKER)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"eager": False, "broker": BROKER}


@pytest.mark.parametrize("environment, eager", [({}, True), ({"CELERY_BROKER_URL": BROKER}, False)])
def test_local_runs_tasks_in_process_only_without_a_broker(environment, eager):
    result = _import_settings("guilin_zjtx.settings.local", **environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["eager"] is eager


def test_tests_run_tasks_in_process():
    result = _import_settings("guilin_zjtx.settings.test")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["eager"] is True
