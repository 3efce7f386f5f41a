"""Two submissions of the same form at the same moment (a double click without JavaScript):
one case, and both responses lead to the same receipt with the same tracking code."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connections
from django.test import Client

from pqrs.cases.models import Case, NumberCounter

from .helpers import form_token, identified

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_simultaneous_submissions_file_one_case_and_show_one_code(defaults):
    data = identified(form_token(Client()))
    clients = [Client(), Client()]
    barrier = threading.Barrier(len(clients))
    locations: list[str] = []
    errors: list[BaseException] = []

    def submit(client: Client) -> None:
        try:
            barrier.wait()
            response = client.post("/", data)
            assert response.status_code == 302
            locations.append(response["Location"])
        except BaseException as exc:  # reported below, in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a submission hung"
    assert not errors, errors
    assert Case.objects.count() == 1
    assert len(locations) == len(clients)
    assert len(set(locations)) == 1
    codes = set()
    for client in clients:
        html = client.get(locations[0]).content.decode()
        codes.add(re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1))
    assert len(codes) == 1
    # The number the losing request took was rolled back: the sequence has no gap.
    assert NumberCounter.objects.get(series__code="incoming").last_value == 1
