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
