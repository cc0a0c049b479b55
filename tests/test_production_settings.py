"""Production refuses to start on a mistake an operator can make in the environment: DEBUG left on, the public
development key (or a short one), no host names. Each case imports the settings and sets Django up in a fresh
interpreter with only the environment it names, as tests/test_settings_celery.py does."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = "k" * 40 + "0123456789abcdefghij"  # 60 characters
OLD_KEY = "o" * 40 + "9876543210zyxwvutsrq"
GOOD = {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "zjtx.gxi.guilin.example", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
DEV_KEY = "dev-only-insecure-key-guilin-zjtx-never-use-in-production-0123456789"
START = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY, "
    "'fallbacks': settings.SECRET_KEY_FALLBACKS, 'hosts': settings.ALLOWED_HOSTS}))"
)
CLEARED = ("CELERY_BROKER_URL", "DEBUG", "SECRET_KEY", "SECRET_KEY_FALLBACKS", "ALLOWED_HOSTS",
           "DJANGO_SETTINGS_MODULE")


def _start(**environment):
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env["DJANGO_SETTINGS_MODULE"] = "guilin_zjtx.settings.production"
    env.update({key: value for key, value in environment.items() if value is not None})
    return subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def _refused(result, *words):
    assert result.returncode != 0, result.stdout
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr[-800:]


def test_production_starts_with_a_real_key_and_hosts():
    result = _start(**GOOD)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"debug": False, "key": KEY, "fallbacks": [],
                                         "hosts": ["zjtx.gxi.guilin.example"]}


@pytest.mark.parametrize("debug", ["True", "1", "yes"])
def test_production_refuses_debug_on(debug):
    # DEBUG=True once let base accept the public development key, which production then kept.
    _refused(_start(**{**GOOD, "SECRET_KEY": None, "DEBUG": debug}), "生产环境不得开启调试模式", "DEBUG must not be on")
    _refused(_start(**GOOD, DEBUG=debug), "生产环境不得开启调试模式")


def test_production_starts_with_debug_explicitly_off():
    assert _start(**GOOD, DEBUG="False").returncode == 0


@pytest.mark.parametrize("key", [None, "", DEV_KEY, "s" * 49])
def test_production_refuses_a_missing_public_or_short_key(key):
    # A missing or development key is refused by base already (DEBUG is off); an empty or short one by production.
    words = ("至少 50 个字符", "at least 50 characters") if key not in (None, DEV_KEY) else ("SECRET_KEY must be set",)
    _refused(_start(**{**GOOD, "SECRET_KEY": key}), "SECRET_KEY", *words)


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_production_refuses_empty_allowed_hosts(hosts):
    _refused(_start(**{**GOOD, "ALLOWED_HOSTS": hosts}), "必须设置环境变量 ALLOWED_HOSTS",
             "ALLOWED_HOSTS must list")


def test_old_keys_in_fallbacks_keep_verifying_while_the_new_key_signs():
    result = _start(**GOOD, SECRET_KEY_FALLBACKS=f"{OLD_KEY}, ")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["fallbacks"] == [OLD_KEY]
    _refused(_start(**GOOD, SECRET_KEY_FALLBACKS=DEV_KEY), "SECRET_KEY_FALLBACKS")


def test_a_session_signed_with_the_old_key_survives_rotation():
    """What rotation promises a signed-in user: a value signed before the rotation still verifies after it."""
    sign = "import django; django.setup(); from django.core import signing; print(signing.dumps('会话'))"
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update({**GOOD, "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.production", "SECRET_KEY": OLD_KEY})
    token = subprocess.run([sys.executable, "-c", sign], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=60, check=True).stdout.strip()
    check = f"import django; django.setup(); from django.core import signing; print(signing.loads({token!r}))"
    env.update({"SECRET_KEY": KEY, "SECRET_KEY_FALLBACKS": OLD_KEY})
    assert subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60).stdout.strip() == "会话"
    env.pop("SECRET_KEY_FALLBACKS")
    assert subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60).returncode != 0


def test_development_mail_goes_to_files_not_the_console(tmp_path):
    """seed_demo and runserver under the local settings: a sent e-mail is a file under EMAIL_FILE_PATH, and nothing
    of it reaches standard output."""
    script = ("import django; django.setup(); from django.core.mail import send_mail; "
              "send_mail('申报已受理', '正文', 'a@example.com', ['b@example.com'])")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.local", "EMAIL_FILE_PATH": str(tmp_path)}
    env.pop("EMAIL_BACKEND", None)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Subject" not in result.stdout and "Content-Type" not in result.stdout
    [mail] = list(tmp_path.iterdir())
    assert "Subject: =?utf-8?" in mail.read_text()
