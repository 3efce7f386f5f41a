"""Staff change their own password from the desk (issue 8, item 8)."""

from __future__ import annotations

from django.test import Client

from pqrs.accounts.models import User

from .conftest import login


def test_staff_change_their_password_and_stay_logged_in(org, as_user):
    client = as_user(org.officer_a)
    assert 'href="/desk/password/"' in client.get("/desk/").content.decode()
    form = client.get("/desk/password/")
    assert form.status_code == 200
    assert "Cambiar contraseña" in form.content.decode()
    changed = client.post(
        "/desk/password/",
        {
            "old_password": "x-Secret-2026",
            "new_password1": "otra-Clave-segura-77",
            "new_password2": "otra-Clave-segura-77",
        },
        follow=True,
    )
    assert changed.redirect_chain[-1][0] == "/desk/"
    assert (
        "Su contraseña fue cambiada. Use la nueva desde su próximo ingreso."
        in changed.content.decode()
    )
    assert client.get("/desk/").status_code == 200  # the session is kept
    assert User.objects.get(pk=org.officer_a.pk).check_password("otra-Clave-segura-77")
    fresh = Client()
    refused = fresh.post("/desk/login/", {"username": "gestor.a", "password": "x-Secret-2026"})
    assert refused.status_code == 200


def test_the_password_rules_apply(org, as_user):
    client = as_user(org.officer_a)
    refused = client.post(
        "/desk/password/",
        {"old_password": "x-Secret-2026", "new_password1": "12345", "new_password2": "12345"},
    )
    assert refused.status_code == 200
    assert User.objects.get(pk=org.officer_a.pk).check_password("x-Secret-2026")
    wrong_old = client.post(
        "/desk/password/",
        {
            "old_password": "not-it",
            "new_password1": "otra-Clave-segura-77",
            "new_password2": "otra-Clave-segura-77",
        },
    )
    assert wrong_old.status_code == 200
    assert User.objects.get(pk=org.officer_a.pk).check_password("x-Secret-2026")


def test_an_administrator_keeps_the_second_factor_after_the_change(org):
    client = login(Client(), org.admin)
    client.post(
        "/desk/password/",
        {
            "old_password": "x-Secret-2026",
            "new_password1": "otra-Clave-segura-77",
            "new_password2": "otra-Clave-segura-77",
        },
    )
    assert client.get("/desk/").status_code == 200


def test_the_password_page_needs_the_second_factor(org):
    client = Client()
    client.post("/desk/login/", {"username": "admin", "password": "x-Secret-2026"})
    assert client.get("/desk/password/").status_code == 302
