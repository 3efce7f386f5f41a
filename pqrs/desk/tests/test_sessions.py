"""Staff sessions end after an idle time and after a working day (issue 8, item 8)."""

from __future__ import annotations

import datetime as dt

from conftest import at


def test_a_desk_left_idle_logs_out_with_a_clear_message(org, as_user, frozen):
    frozen(at(2026, 7, 14, 9, 0))
    client = as_user(org.officer_a)
    frozen(at(2026, 7, 14, 9, 20))
    assert client.get("/desk/").status_code == 200
    frozen(at(2026, 7, 14, 9, 49))  # 29 minutes after the last request
    assert client.get("/desk/").status_code == 200
    frozen(at(2026, 7, 14, 10, 20))  # 31 minutes
    ended = client.get("/desk/search/?q=x")
    assert ended.status_code == 302
    assert ended["Location"] == "/desk/login/?next=/desk/search/%3Fq%3Dx"
    login_page = client.get(ended["Location"]).content.decode()
    assert "Su sesión terminó tras 30 minutos sin actividad." in login_page
    assert client.get("/desk/").status_code == 302  # really logged out


def test_a_session_lasts_at_most_a_working_day_however_active(org, as_user, frozen, settings):
    settings.PQRS_STAFF_SESSION_HOURS = 10
    start = at(2026, 7, 14, 8, 0)
    frozen(start)
    client = as_user(org.lead_a)
    moment = start
    while moment < start + dt.timedelta(hours=10):
        frozen(moment)
        assert client.get("/desk/").status_code == 200, moment
        moment += dt.timedelta(minutes=25)
    frozen(moment)
    ended = client.get("/desk/")
    assert ended.status_code == 302
    login_page = client.get(ended["Location"]).content.decode()
    assert "las sesiones duran como máximo 10 horas" in login_page


def test_a_fragment_request_sends_the_whole_page_to_the_log_in(org, as_user, frozen):
    frozen(at(2026, 7, 14, 9, 0))
    client = as_user(org.officer_a)
    frozen(at(2026, 7, 14, 11, 0))
    ended = client.get(
        "/desk/?tab=area",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/desk/?tab=mine",
    )
    assert ended["HX-Redirect"] == "/desk/login/?next=/desk/%3Ftab%3Dmine"


def test_the_admin_ends_with_the_desk(org, as_user, frozen):
    from pqrs.accounts.models import User

    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    frozen(at(2026, 7, 14, 9, 0))
    client = as_user(User.objects.get(pk=org.admin.pk))
    assert client.get("/admin/").status_code == 200
    frozen(at(2026, 7, 14, 9, 45))
    assert client.get("/admin/")["Location"].startswith("/desk/login/")
