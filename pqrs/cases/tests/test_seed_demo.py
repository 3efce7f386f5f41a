"""The demo data never reaches a production database (issue 8, item 8)."""

import pytest
from django.core.management import CommandError, call_command

from pqrs.accounts.models import User


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PQRS_ENV = "production"
    with pytest.raises(CommandError, match="does not run with PQRS_ENV=production"):
        call_command("seed_demo", "--cases", "1")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_prints_a_working_setup_link_for_the_administrator(settings):
    import io
    import re

    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pqrs.cases.management.commands.seed_demo import DEMO_PASSWORD
    from pqrs.desk.tests.conftest import totp_token

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    out = io.StringIO()
    call_command("seed_demo", "--cases", "3", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    url = re.search(r"(http://127\.0\.0\.1:8000)(/desk/otp/setup/[\w-]+/)", printed)
    assert url, printed

    client = Client()
    client.post("/desk/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get(url.group(2))["Location"] == "/desk/otp/setup/"
    assert client.get("/desk/otp/setup/").status_code == 200
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    assert client.post("/desk/otp/setup/", {"token": totp_token(device)}).status_code == 302
    assert client.get("/desk/").status_code == 200
