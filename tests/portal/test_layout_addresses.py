"""The layout's `{% fixed_url %}` and `{% asset %}` work an address out once per process: they
must give what `{% url %}` and `{% static %}` give, and follow the settings when they change."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import set_script_prefix

pytestmark = pytest.mark.django_db


def rendered(source: str) -> list[str]:
    return Template("{% load pathways static %}" + source).render(Context()).split()


def test_fixed_url_and_asset_give_what_url_and_static_give():
    fixed = rendered("{% fixed_url 'portal:privacy' %} {% asset 'portal/pathways.css' %}")
    usual = rendered("{% url 'portal:privacy' %} {% static 'portal/pathways.css' %}")

    assert fixed == usual
    # Twice, from what was worked out the first time.
    assert rendered("{% fixed_url 'portal:privacy' %} {% asset 'portal/pathways.css' %}") == usual


def test_an_address_follows_the_script_prefix_the_site_is_served_under():
    before = rendered("{% fixed_url 'portal:privacy' %}")
    set_script_prefix("/pathways/")
    try:
        under_prefix = rendered("{% fixed_url 'portal:privacy' %}")
    finally:
        set_script_prefix("/")

    assert under_prefix == [f"/pathways{before[0]}"]
    assert rendered("{% fixed_url 'portal:privacy' %}") == before


def test_a_file_follows_a_changed_static_url():
    rendered("{% asset 'portal/pathways.css' %}")

    with override_settings(
        STATIC_URL="/elsewhere/",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        assert rendered("{% asset 'portal/pathways.css' %}") == ["/elsewhere/portal/pathways.css"]
