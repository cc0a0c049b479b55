"""Two lockouts: one account from one address after 5 wrong passwords, and one address across every account after
20 failures (password spraying: one guess on many usernames never reaches any account's 5)."""

import pytest
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, make_user

SPRAYER = "10.0.0.77"


def _sign_in(client, username, password, address=SPRAYER):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


@pytest.fixture
def victim(db):
    return make_user(Role.LIAISON, username="spray-victim")


def test_one_address_guessing_on_21_usernames_is_locked_out_even_with_a_right_password(client, victim):
    for n in range(21):
        _sign_in(client, f"guess-{n}", "Guilin@2026")
    response = _sign_in(client, victim.username, TEST_PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "登录已暂停" in page and "来自该地址的登录已暂停 15 分钟" in page and "15 分钟后再试" in page


def test_the_address_lock_takes_20_failures_and_leaves_other_addresses_alone(client, victim):
    for n in range(19):
        _sign_in(client, f"guess-{n}", "wrong")
    assert _signed_in(_sign_in(client, victim.username, TEST_PASSWORD))
    client.logout()
    _sign_in(client, "guess-19", "wrong")
    assert _sign_in(client, victim.username, TEST_PASSWORD).status_code == 429
    assert _signed_in(_sign_in(client, victim.username, TEST_PASSWORD, address="10.0.0.78"))


def test_a_sprayer_signing_in_to_their_own_account_does_not_clear_the_address_count(client, victim):
    own = make_user(Role.LIAISON, username="sprayer-own")
    for n in range(19):
        _sign_in(client, f"guess-{n}", "wrong")
    assert _signed_in(_sign_in(client, own.username, TEST_PASSWORD))
    client.logout()
    _sign_in(client, "guess-19", "wrong")
    assert _sign_in(client, victim.username, TEST_PASSWORD).status_code == 429


def test_four_wrong_passwords_for_one_account_do_not_lock_it_and_the_fifth_does(client, victim):
    for _ in range(4):
        assert _sign_in(client, victim.username, "wrong").status_code == 200
    assert _signed_in(_sign_in(client, victim.username, TEST_PASSWORD))
    client.logout()
    for _ in range(5):
        _sign_in(client, victim.username, "wrong")
    response = _sign_in(client, victim.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "由于连续 5 次密码错误，该账号在本机的登录已暂停 15 分钟" in response.content.decode()


def test_the_limits_are_settings(client, victim, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        _sign_in(client, f"guess-{n}", "wrong")
    assert _sign_in(client, victim.username, TEST_PASSWORD).status_code == 429
