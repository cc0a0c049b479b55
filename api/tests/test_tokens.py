"""Tokens: printed once by the command, stored as a hash; refused when missing, bad, expired, revoked or of another
kind; every call logged; throttled per token; refused over plain HTTP in production."""

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from api import services
from api.models import ApiCall, ApiToken, Institution
from api.tests.factories import bearer, token
from enterprises.tests.factories import SETUP

pytestmark = pytest.mark.django_db
BANK = Institution.Kind.BANK


def test_the_command_prints_the_token_once_and_stores_only_its_hash():
    out = StringIO()
    call_command("create_api_token", "--institution", "桂林银行股份有限公司", "--kind", "bank", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:8] and raw not in str(list(ApiToken.objects.values()))
    assert (stored.institution.name, stored.institution.kind, stored.kind) == ("桂林银行股份有限公司", BANK, BANK)
    assert len(raw) >= 40


def test_the_command_refuses_a_kind_other_than_the_institutions():
    token("桂林银行股份有限公司", BANK)
    with pytest.raises(CommandError, match="已登记为银行"):
        call_command("create_api_token", "--institution", "桂林银行股份有限公司", "--kind", "department",
                     stdout=StringIO())
    assert ApiToken.objects.count() == 1


def test_a_supplier_says_what_it_supplies():
    record, _ = token("桂林燃气有限公司", Institution.Kind.SUPPLIER, supplies=Institution.Supplies.GAS)
    assert record.institution.supplies == Institution.Supplies.GAS
    record, _ = token("广西电网桂林供电局", Institution.Kind.SUPPLIER)
    assert record.institution.supplies == Institution.Supplies.POWER


@pytest.mark.parametrize("headers, detail", [
    ({}, "缺少访问令牌"),
    ({"HTTP_AUTHORIZATION": "Bearer not-a-token"}, "访问令牌无效"),
    ({"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, "缺少访问令牌"),
])
def test_a_missing_or_bad_token_answers_401_in_chinese(client, headers, detail):
    response = client.get("/api/v1/pushes/", **headers)
    assert response.status_code == 401
    assert response.json()["detail"].startswith(detail) and response.json()["errors"] == []


def test_a_revoked_or_expired_token_answers_401(client):
    revoked, raw_revoked = token("桂林银行股份有限公司", BANK)
    services.revoke_token(actor=SETUP, token=revoked)
    first = ApiToken.objects.get(pk=revoked.pk).revoked_at
    services.revoke_token(actor=SETUP, token=revoked)
    assert ApiToken.objects.get(pk=revoked.pk).revoked_at == first
    expired, raw_expired = token("桂林银行股份有限公司", BANK)
    services.set_token_expiry(actor=SETUP, token=expired, expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/api/v1/pushes/", **bearer(raw_revoked)).json()["detail"] == "访问令牌已被吊销。"
    assert client.get("/api/v1/pushes/", **bearer(raw_expired)).json()["detail"] == "访问令牌已过期。"
    _, fresh = token("桂林银行股份有限公司", BANK)
    assert client.get("/api/v1/pushes/", **bearer(fresh)).status_code == 200


def test_a_token_of_another_kind_answers_403(client):
    _, raw = token("桂林市税务局", Institution.Kind.DEPARTMENT)
    response = client.get("/api/v1/pushes/", **bearer(raw))
    assert response.status_code == 403
    assert "无权调用银行" in response.json()["detail"]


def test_every_call_is_logged_with_institution_status_and_rows(client):
    record, raw = token("桂林银行股份有限公司", BANK)
    client.get("/api/v1/pushes/", **bearer(raw))
    client.get("/api/v1/pushes/", HTTP_AUTHORIZATION="Bearer wrong")
    calls = list(ApiCall.objects.order_by("pk").values_list("institution", "endpoint", "method", "status", "row_count"))
    assert calls == [(record.institution_id, "/api/v1/pushes/", "GET", 200, 0), (None, "/api/v1/pushes/", "GET", 401, 0)]
    assert ApiToken.objects.get(pk=record.pk).last_used_at is not None


def test_calls_beyond_the_limit_answer_429_per_token(client, settings):
    settings.API_CALLS_PER_MINUTE = 3
    _, raw = token("桂林银行股份有限公司", BANK)
    _, other = token("中国工商银行桂林分行", BANK)
    statuses = [client.get("/api/v1/pushes/", **bearer(raw)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/pushes/", **bearer(raw))
    assert "调用过于频繁" in refused.json()["detail"]
    assert client.get("/api/v1/pushes/", **bearer(other)).status_code == 200
    assert ApiCall.objects.filter(status=429).count() == 2


def test_plain_http_is_refused_in_production(client, settings):
    settings.API_HTTPS_ONLY = True
    _, raw = token("桂林银行股份有限公司", BANK)
    response = client.get("/api/v1/pushes/", **bearer(raw))
    assert response.status_code == 403 and "HTTPS" in response.json()["detail"]
    assert client.get("/api/v1/pushes/", secure=True, **bearer(raw)).status_code == 200



def test_production_refuses_plain_http_calls_instead_of_redirecting_them():
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="guilin_zjtx.settings.production", SECRET_KEY="k" * 60,
               ALLOWED_HOSTS="zjtx.example.gov.cn", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    script = ("import json, django; django.setup(); from django.conf import settings; "
              "print(json.dumps([settings.API_HTTPS_ONLY, settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT]))")
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-800:]
    https_only, redirect, exempt = json.loads(result.stdout.strip().splitlines()[-1])
    assert https_only is True and redirect is True
    assert any(re.match(pattern, "api/v1/pushes/") for pattern in exempt)
