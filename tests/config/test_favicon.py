"""Browsers ask every site for /favicon.ico: ALX answers with its own icon from static files, not a 404."""

from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    assert finders.find("favicon.ico").endswith("static/favicon.ico")
    assert 'rel="icon"' in client.get("/").content.decode()
