from datetime import timedelta
from xml.etree import ElementTree

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from stories.feeds import FEED_LENGTH
from stories.models import Leader, Status
from tests.factories import LeaderFactory, PathwayFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED_URL = reverse("stories:feed")
SITEMAP_URL = reverse("stories:sitemap")


def feed_entries(response) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def sitemap_locations(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


class TestNewStoriesFeed:
    def test_is_an_atom_feed_of_published_stories_newest_first(self, client):
        now = timezone.now()
        older = LeaderFactory(
            name="Asha Patel", summary="From pharmacy to CIO.", published_at=now - timedelta(days=9)
        )
        newer = LeaderFactory(name="Ben Jones", title="CCIO", published_at=now - timedelta(days=1))

        response = client.get(FEED_URL)

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        entries = feed_entries(response)
        assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
            "Ben Jones, CCIO",
            "Asha Patel, Chief Information Officer",
        ]
        first, second = entries
        assert (
            first.find(f"{ATOM}link").get("href") == f"http://testserver{newer.get_absolute_url()}"
        )
        assert second.findtext(f"{ATOM}summary") == "From pharmacy to CIO."
        assert second.findtext(f"{ATOM}published") == older.published_at.isoformat()
        assert second.findtext(f"{ATOM}updated") == older.updated_at.isoformat()

    def test_drafts_are_left_out(self, client):
        LeaderFactory(name="Asha Patel")
        LeaderFactory(name="Draft Person", status=Status.DRAFT, published_at=None)

        titles = [entry.findtext(f"{ATOM}title") for entry in feed_entries(client.get(FEED_URL))]

        assert titles == ["Asha Patel, Chief Information Officer"]

    def test_holds_the_latest_stories_only(self, client):
        now = timezone.now()
        LeaderFactory.create_batch(
            FEED_LENGTH + 5,
            published_at=factory.Iterator(
                [now - timedelta(days=n) for n in range(FEED_LENGTH + 5)]
            ),
        )

        entries = feed_entries(client.get(FEED_URL))

        assert len(entries) == FEED_LENGTH
        latest = Leader.objects.order_by("-published_at").first()
        assert entries[0].find(f"{ATOM}link").get("href").endswith(latest.get_absolute_url())

    def test_feed_readers_need_not_sign_in(self, client):
        response = client.get(FEED_URL)

        assert response.status_code == 200
        assert not response.has_header("Location")

    def test_query_count_does_not_grow_with_content(
        self, client, library, django_assert_num_queries
    ):
        with django_assert_num_queries(1):
            response = client.get(FEED_URL)

        assert len(feed_entries(response)) == min(FEED_LENGTH, len(library["leaders"]))


class TestSitemap:
    def test_lists_the_public_pages_and_every_published_story_and_pathway(self, client):
        leader = LeaderFactory()
        pathway = PathwayFactory()
        theme = ThemeFactory(name="Resilience")

        response = client.get(SITEMAP_URL)

        assert response.status_code == 200
        locations = {
            location.removeprefix("http://testserver") for location in sitemap_locations(response)
        }
        assert {
            leader.get_absolute_url(),
            pathway.get_absolute_url(),
            theme.get_absolute_url(),
            reverse("stories:home"),
            reverse("stories:leaders"),
            reverse("stories:themes"),
            reverse("stories:quotes"),
            reverse("stories:pathways"),
            reverse("stories:routes"),
        } <= locations
        assert reverse("stories:search") not in locations

    def test_drafts_are_left_out(self, client):
        published = LeaderFactory()
        draft = LeaderFactory(status=Status.DRAFT, published_at=None)
        draft_pathway = PathwayFactory(status=Status.DRAFT, published_at=None)

        locations = sitemap_locations(client.get(SITEMAP_URL))

        assert f"http://testserver{published.get_absolute_url()}" in locations
        assert f"http://testserver{draft.get_absolute_url()}" not in locations
        assert f"http://testserver{draft_pathway.get_absolute_url()}" not in locations

    def test_search_engines_need_not_sign_in(self, client):
        assert client.get(SITEMAP_URL).status_code == 200

    def test_query_count_does_not_grow_with_content(
        self, client, library, django_assert_num_queries
    ):
        # For each of stories, pathways and themes: a count, then the page of entries.
        with django_assert_num_queries(6):
            response = client.get(SITEMAP_URL)

        assert len(sitemap_locations(response)) > len(library["leaders"])
