"""Security headers on every response (issue 8, item 8): Content-Security-Policy and
Permissions-Policy in every environment, and no shared caching of anything the app renders."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_content_security_policy(client, defaults):
    for url in ["/", "/consulta/", "/desk/login/", "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert directives["object-src"] == "'none'", url


def test_features_the_product_never_uses_are_denied(client, defaults):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


@pytest.mark.slow
def test_the_browser_tests_fail_on_a_policy_violation(browser):
    """The check the browser fixture runs after every test sees inline code the policy blocks."""
    context = browser.new_context()
    tab = context.new_page()
    tab.route(
        "http://pqrs.test/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body='<p id="p">x</p><script>document.title = "ran"</script>'
            '<button id="b" onclick="document.title = \'clicked\'">b</button>',
        ),
    )
    tab.goto("http://pqrs.test/")
    tab.click("#b")
    tab.wait_for_timeout(200)
    assert tab.title() == ""  # neither the inline script nor the inline handler ran
    context.close()
    found, browser.violations[:] = list(browser.violations), []
    assert any("script-src-elem blocked inline" in text for text in found), found
    assert any("script-src-attr blocked inline" in text for text in found), found


def directives(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_nothing_with_personal_data_may_be_cached(org, client):
    from django.test import Client

    from pqrs.cases.models import Case
    from pqrs.desk.tests.conftest import login
    from pqrs.portal.tests.conftest import PDF_BYTES
    from pqrs.portal.tests.helpers import form_token, identified, upload

    filed = client.post(
        "/", identified(form_token(client), attachments=[upload("f.pdf", PDF_BYTES)])
    )
    case = Case.objects.get()
    attachment = case.attachments.get()
    receipt_url = filed["Location"]
    portal = [
        client.get(receipt_url),
        client.get(f"{receipt_url}pdf/"),
        client.get("/consulta/solicitud/"),
        client.get("/consulta/solicitud/constancia/"),
        client.get(f"/consulta/solicitud/adjunto/{attachment.pk}/"),
    ]
    desk_client = login(Client(), org.auditor)
    desk = [
        desk_client.get("/desk/"),
        desk_client.get("/desk/?tab=all", HTTP_HX_REQUEST="true"),
        desk_client.get("/desk/export.csv?tab=all"),
        desk_client.get(f"/desk/cases/{case.pk}/"),
        desk_client.get(f"/desk/cases/{case.pk}/receipt.pdf"),
        desk_client.get(f"/desk/cases/{case.pk}/attachments/{attachment.pk}/"),
    ]
    for response in portal + desk:
        assert response.status_code == 200, response
        assert {"private", "no-store"} <= directives(response), (response, directives(response))
