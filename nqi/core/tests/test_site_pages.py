"""Pages every visitor meets before signing in: the health probe and the site icon."""

import pytest


@pytest.mark.django_db
def test_favicon_is_the_static_icon_and_leaves_the_csrf_cookie_alone(client):
    """A browser's stray /favicon.ico request may be answered after the person has signed in. Were it the
    rendered 404 page, its response would re-send the CSRF cookie the request carried (the pre-sign-in one),
    undoing the rotation that signing in made, and the next form would be refused (403)."""
    client.get("/accounts/login/")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_every_page_names_its_icon(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page
