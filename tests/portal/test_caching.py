"""Public pages are kept briefly for signed-out visitors, and never for anyone else."""

import pytest
from django.core.cache import cache

from tests import html
from tests.factories import LeaderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_gets_the_kept_page_without_touching_the_database(
    client, visitor_cache, django_assert_num_queries
):
    LeaderFactory(name="Jo Smith")
    first = client.get("/stories/")

    with django_assert_num_queries(0):
        second = client.get("/stories/")

    assert second.content == first.content
    assert "Jo Smith" in html.text(second.content)
    # The security headers are still added to every response.
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == "DENY"


def test_each_address_and_query_is_kept_apart(client, visitor_cache):
    LeaderFactory(name="Clinician", background="clinical")
    LeaderFactory(name="Technologist", background="technical")
    client.get("/stories/?background=clinical")

    technical = html.text(client.get("/stories/?background=technical").content)

    assert "Technologist" in technical
    assert "Clinician" not in technical


def test_signed_in_people_always_get_a_fresh_page(client, visitor_cache):
    LeaderFactory(name="First Leader")
    client.get("/stories/")
    LeaderFactory(name="Second Leader")
    client.force_login(UserFactory())

    assert "Second Leader" in html.text(client.get("/stories/").content)


def test_a_kept_page_lasts_only_the_set_time(client, visitor_cache, settings):
    LeaderFactory(name="First Leader")
    client.get("/stories/")
    LeaderFactory(name="Second Leader")

    assert "Second Leader" not in html.text(client.get("/stories/").content)
    cache.clear()  # as when the time is up
    assert "Second Leader" in html.text(client.get("/stories/").content)


def test_nothing_is_kept_when_the_setting_is_zero(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    LeaderFactory(name="First Leader")
    client.get("/stories/")
    LeaderFactory(name="Second Leader")

    assert "Second Leader" in html.text(client.get("/stories/").content)


def test_a_page_with_a_message_for_the_visitor_is_not_kept(client, visitor_cache):
    user = UserFactory()
    client.force_login(user)
    signed_out = client.post("/account/sign-out/", follow=True)

    assert "You have signed out." in html.text(signed_out.content)
    assert "You have signed out." not in html.text(client.get("/").content)
