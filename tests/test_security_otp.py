"""The admin: staff only, with a TOTP second factor (policy in afn_directory/admin_site.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from afn_directory.limits import LOGIN_PER_IP

from .factories import UserFactory

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, username="staff", token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_token": token},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_user_who_is_not_staff_cannot_log_in(client):
    UserFactory(username="manager")
    response = log_in(client, "manager")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_staff_without_an_authenticator_log_in_with_the_password_and_are_invited_to_set_one_up(client, staff):
    assert log_in(client).status_code == 302
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "set up an authenticator app" in response.content.decode()


def test_staff_with_an_authenticator_must_give_its_code(client, device):
    response = log_in(client)
    assert response.status_code == 200
    assert "Please enter your OTP token" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client, device):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    assert log_in(client, token=wrong).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_right_code_opens_the_admin(client, device):
    assert log_in(client, token=code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_opened_without_the_code_does_not_reach_the_admin(client, staff, device):
    client.force_login(staff)  # e.g. through the public login page
    assert client.get("/admin/").status_code == 302


def test_when_required_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff, settings):
    settings.ADMIN_REQUIRE_OTP = True
    response = log_in(client)
    assert response["Location"] == "/admin/two-factor/"
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/two-factor/").status_code == 200


def test_staff_set_up_an_authenticator_and_are_then_verified(client, staff):
    log_in(client)
    page = client.get("/admin/two-factor/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Scan this code" in page.content.decode()
    qr = client.get("/admin/two-factor/qrcode.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    pending = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = f"{(int(code(pending)) + 1) % 1_000_000:06d}"
    assert client.post("/admin/two-factor/", {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):  # after the throttle's pause
        response = client.post("/admin/two-factor/", {"token": code(pending)})
    assert response["Location"] == "/admin/"
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_second_device_cannot_be_added_without_the_first_ones_code(client, staff, device):
    client.force_login(staff)
    response = client.get("/admin/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_set_up_page_is_for_staff_only(client):
    client.force_login(UserFactory(username="manager"))
    assert client.get("/admin/two-factor/").status_code == 302
    assert not TOTPDevice.objects.exists()


def test_admin_logins_count_against_the_per_ip_login_policy(client, staff):
    for _ in range(LOGIN_PER_IP.limit):
        client.post("/admin/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_admin_pages_carry_the_content_security_policy_and_no_inline_script(client, device):
    log_in(client, token=code(device))
    response = client.get("/admin/workshops/workshop/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
