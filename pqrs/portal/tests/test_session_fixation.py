"""Filing gives the browser a new session key (issue 8, item 8): an attacker who planted a
session id in the petitioner's browser does not get the receipt, the code or the case."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from .helpers import form_token, identified

VICTIM_SUBJECT = "Queja contra el inspector de obras"


def test_a_planted_session_id_does_not_read_the_victims_case(defaults):
    attacker = Client()
    attacker.post("/", identified(form_token(attacker), subject="Una solicitud cualquiera"))
    planted = attacker.cookies[settings.SESSION_COOKIE_NAME].value

    victim = Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = planted
    filed = victim.post("/", identified(form_token(victim), subject=VICTIM_SUBJECT))
    assert filed.status_code == 302

    stolen = attacker.get("/consulta/solicitud/")
    assert VICTIM_SUBJECT not in stolen.content.decode()
    assert stolen.status_code == 302
    assert victim.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert VICTIM_SUBJECT in victim.get(filed["Location"]).content.decode()
    assert VICTIM_SUBJECT in victim.get("/consulta/solicitud/").content.decode()


def test_the_receipts_this_browser_holds_survive_the_new_key(defaults):
    client = Client()
    first = client.post("/", identified(form_token(client), subject="Primera solicitud"))
    second = client.post("/", identified(form_token(client), subject="Segunda solicitud"))
    assert "Primera solicitud" in client.get(first["Location"]).content.decode()
    assert "Segunda solicitud" in client.get(second["Location"]).content.decode()


def test_a_double_click_with_the_old_session_id_still_shows_the_receipt(defaults):
    """The second request of a double click carries the key the first one just replaced."""
    first = Client()
    first.post("/", identified(form_token(first), subject="Una solicitud anterior"))
    old_key = first.cookies[settings.SESSION_COOKIE_NAME].value
    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = old_key

    data = identified(form_token(first), subject=VICTIM_SUBJECT)
    filed = first.post("/", data)
    again = second.post("/", data)
    assert again.status_code == 302
    assert again["Location"] == filed["Location"]
    assert VICTIM_SUBJECT in second.get(again["Location"]).content.decode()
