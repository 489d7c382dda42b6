"""Static files as production serves them: collected by the manifest storage (tests/conftest.py
collects them once per run), linked by fingerprinted names, served by WhiteNoise."""

import re
from urllib.parse import urljoin

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import Context, Template

from tests import html

FINGERPRINTED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.(css|js|mjs|ico|svg|png)$")
FOREVER = "max-age=315360000, public, immutable"


def linked_files(content: bytes) -> list[str]:
    """The stylesheets, scripts and icons a page links to."""
    links = [
        link["href"]
        for link in html.elements(content, "link")
        if {"stylesheet", "icon", "apple-touch-icon"} & set(link.get("rel", "").split())
    ]
    scripts = [script["src"] for script in html.elements(content, "script") if "src" in script]
    return links + scripts


def assert_served_for_good(client, url: str) -> None:
    assert FINGERPRINTED.match(url), f"{url} is not a fingerprinted static file"
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == FOREVER, url


@pytest.mark.django_db
def test_pages_link_to_fingerprinted_files_that_are_served_to_be_kept_for_good(client):
    page = client.get("/")
    files = linked_files(page.content)

    assert any(name.endswith(".css") for name in files)
    assert any(name.endswith(".mjs") for name in files)
    for url in files:
        assert_served_for_good(client, url)


@pytest.mark.django_db
def test_modules_the_page_scripts_import_are_served(client):
    page = client.get("/")
    modules = [url for url in linked_files(page.content) if url.endswith(".mjs")]

    imported = []
    for module in modules:
        source = b"".join(client.get(module).streaming_content).decode()
        imported += [urljoin(module, path) for path in re.findall(r'from\s+"([^"]+)"', source)]

    assert imported, "the page's module imports NHS.UK frontend"
    for url in imported:
        # A module asks for what it imports by the fingerprinted name too: under its plain
        # name a browser could keep last release's copy beside this release's module.
        assert_served_for_good(client, url)


@pytest.mark.django_db
def test_every_module_of_ours_imports_by_fingerprinted_names(client):
    """The round page's module too, and any module added later, found from the manifest."""
    modules = [
        staticfiles_storage.url(name)
        for name in staticfiles_storage.hashed_files
        if name.endswith(".mjs")
    ]
    assert "portal/pathways.mjs" in staticfiles_storage.hashed_files

    for module in modules:
        source = b"".join(client.get(module).streaming_content).decode()
        for path in re.findall(r'(?:from|import)\s*"([^"]+)"', source):
            assert FINGERPRINTED.match(urljoin(module, path)), (module, path)


def test_a_template_asking_for_a_static_file_that_was_not_collected_fails():
    template = Template("{% load static %}{% static 'portal/never-collected.css' %}")

    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        template.render(Context())
