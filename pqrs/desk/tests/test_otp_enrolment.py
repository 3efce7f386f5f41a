"""An administrator's second factor is enrolled only through a one-time setup link (issue 8,
item 8): whoever first logs in with a stolen password cannot pair their own phone."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import at
from pqrs.accounts.models import OTPSetupLink, Role, User
from pqrs.accounts.services import otp_setup_link_create

from .conftest import login, totp_token

PASSWORD = "x-Secret-2026"
LINK_RE = re.compile(r"/desk/otp/setup/([A-Za-z0-9_-]{20,})/")


@pytest.fixture(autouse=True)
def _no_throttle(settings):  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def password_only(username: str) -> Client:
    client = Client()
    assert (
        client.post("/desk/login/", {"username": username, "password": PASSWORD}).status_code == 302
    )
    return client


def pair(client: Client, user: User) -> int:
    """Scan the code shown and send the first code; the status of the answer."""
    page = client.get("/desk/otp/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post("/desk/otp/setup/", {"token": totp_token(device)}).status_code


def test_the_password_alone_cannot_enrol_an_administrator(org):
    client = password_only("admin")
    assert client.get("/desk/")["Location"] == "/desk/otp/setup/"
    page = client.get("/desk/otp/setup/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Pida a otro administrador un enlace de configuración." in html
    assert "<svg" not in html
    assert 'data-testid="otp-secret"' not in html
    assert client.post("/desk/otp/setup/", {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=org.admin).exists()
    assert client.get("/desk/").status_code == 302


def test_a_superuser_of_another_role_needs_a_link_too(org):
    User.objects.filter(pk=org.clerk.pk).update(is_superuser=True)
    assert password_only("radicador").get("/desk/otp/setup/").status_code == 403


def test_a_setup_link_enrols_its_administrator_once(org):
    _link, token = otp_setup_link_create(user=org.admin, actor=None)
    client = Client()
    opened = client.get(f"/desk/otp/setup/{token}/")
    assert opened["Location"] == "/desk/login/?next=/desk/otp/setup/"  # the token stays out
    logged_in = client.post(
        opened["Location"], {"username": "admin", "password": PASSWORD, "next": "/desk/otp/setup/"}
    )
    assert logged_in["Location"] == "/desk/otp/setup/"
    assert pair(client, org.admin) == 302
    assert client.get("/desk/").status_code == 200
    assert OTPSetupLink.objects.get().used_at is not None

    again = Client().get(f"/desk/otp/setup/{token}/")
    assert again.status_code == 404
    assert "no es válido" in again.content.decode()


def test_a_link_works_only_for_its_own_user(org):
    other_admin = User.objects.create_user("admin2", password=PASSWORD, role=Role.ADMINISTRATOR)
    _link, token = otp_setup_link_create(user=other_admin, actor=org.admin)
    client = password_only("admin")
    refused = client.get(f"/desk/otp/setup/{token}/")
    assert refused.status_code == 403
    assert client.get("/desk/otp/setup/").status_code == 403


def test_an_expired_or_replaced_link_opens_nothing(org, frozen):
    frozen(at(2026, 7, 14, 9))
    _old, old_token = otp_setup_link_create(user=org.admin, actor=None)
    _new, new_token = otp_setup_link_create(user=org.admin, actor=None)
    assert Client().get(f"/desk/otp/setup/{old_token}/").status_code == 404
    frozen(at(2026, 7, 14, 9) + dt.timedelta(hours=24, minutes=1))
    assert Client().get(f"/desk/otp/setup/{new_token}/").status_code == 404


def test_a_link_revoked_while_pairing_confirms_nothing(org):
    link, token = otp_setup_link_create(user=org.admin, actor=None)
    client = password_only("admin")
    client.get(f"/desk/otp/setup/{token}/")
    client.get("/desk/otp/setup/")
    OTPSetupLink.objects.filter(pk=link.pk).update(revoked_at=link.created_at)
    assert client.get("/desk/otp/setup/").status_code == 403
    assert not TOTPDevice.objects.filter(user=org.admin, confirmed=True).exists()


def test_a_secret_shown_before_the_link_is_discarded(org):
    stale = TOTPDevice.objects.create(user=org.admin, name="desk", confirmed=False)
    _link, token = otp_setup_link_create(user=org.admin, actor=None)
    client = password_only("admin")
    client.get(f"/desk/otp/setup/{token}/")
    client.get("/desk/otp/setup/")
    assert TOTPDevice.objects.get(user=org.admin).key != stale.key


def test_other_staff_may_still_enrol_on_their_own(org):
    client = password_only("gestor.a")
    assert client.get("/desk/").status_code == 200
    assert pair(client, org.officer_a) == 302
    assert TOTPDevice.objects.get(user=org.officer_a).confirmed


def test_an_administrator_makes_a_link_from_the_admin(org):
    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    newcomer = User.objects.create_user("admin2", password=PASSWORD, role=Role.ADMINISTRATOR)
    admin = login(Client(), User.objects.get(pk=org.admin.pk))
    done = admin.post(
        "/admin/accounts/user/",
        {"action": "create_otp_setup_link", "_selected_action": [newcomer.pk]},
        follow=True,
    )
    html = done.content.decode()
    token = LINK_RE.search(html).group(1)
    link = OTPSetupLink.objects.get(user=newcomer)
    assert link.created_by_id == org.admin.pk
    assert token not in link.token_hash  # only its hash is kept

    client = password_only("admin2")
    client.get(f"/desk/otp/setup/{token}/")
    assert pair(client, newcomer) == 302

    refused = admin.post(
        "/admin/accounts/user/",
        {"action": "create_otp_setup_link", "_selected_action": [newcomer.pk]},
        follow=True,
    )
    assert "ya tiene un segundo factor" in refused.content.decode()


def test_an_administrator_revokes_a_link_from_the_admin(org):
    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    link, token = otp_setup_link_create(user=org.officer_a, actor=None)
    admin = login(Client(), User.objects.get(pk=org.admin.pk))
    admin.post(
        "/admin/accounts/otpsetuplink/",
        {"action": "revoke", "_selected_action": [link.pk]},
        follow=True,
    )
    assert Client().get(f"/desk/otp/setup/{token}/").status_code == 404


def test_the_first_administrator_gets_a_link_from_the_command(org):
    out = io.StringIO()
    call_command("otp_setup_link", "admin", stdout=out)
    token = LINK_RE.search(out.getvalue()).group(1)
    assert out.getvalue().strip().splitlines()[-1].strip().startswith("http")
    client = password_only("admin")
    client.get(f"/desk/otp/setup/{token}/")
    assert pair(client, org.admin) == 302
    with pytest.raises(CommandError, match=r"ya tiene un segundo factor|already has"):
        call_command("otp_setup_link", "admin", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No user named"):
        call_command("otp_setup_link", "nobody", stdout=io.StringIO())
