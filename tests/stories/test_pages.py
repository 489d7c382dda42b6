import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import post_init
from django.urls import URLResolver, reverse

from stories import services
from stories.models import Background, Region, Status, Theme
from tests import html
from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    OrganisationFactory,
    PathwayFactory,
    PathwayStageFactory,
    QuoteFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def leaders_listed(response) -> list[str]:
    return [
        link["href"]
        for link in html.elements(response.content, "a", class_="nhsuk-card__link")
        if link["href"].startswith("/stories/")
    ]


class TestPublicPagesAreOpen:
    @pytest.mark.parametrize(
        "name", ["stories:home", "stories:leaders", "stories:themes", "stories:quotes"]
    )
    def test_anyone_can_read_without_signing_in(self, client, name):
        assert client.get(reverse(name)).status_code == 200

    def test_a_published_leader_page_is_open(self, client):
        leader = LeaderFactory(name="Jo Smith")

        response = client.get(leader.get_absolute_url())

        assert response.status_code == 200
        assert html.title(response.content).startswith("Jo Smith, Chief Information Officer")


class TestDraftsStayPrivate:
    def test_a_draft_leader_is_404_to_the_public_and_to_ordinary_members(self, client):
        draft = LeaderFactory(status=Status.DRAFT, published_at=None)

        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(UserFactory())
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_editors_preview_a_draft_with_a_warning(self, client):
        draft = LeaderFactory(status=Status.DRAFT, published_at=None, name="Draft Person")
        client.force_login(UserFactory(groups=["Editors"], is_staff=True))

        response = client.get(draft.get_absolute_url())

        assert response.status_code == 200
        assert "Draft preview" in html.text(response.content)

    def test_drafts_never_reach_lists(self, client):
        theme = ThemeFactory(name="Resilience")
        published = LeaderFactory(name="Published Person", themes=[theme])
        draft = LeaderFactory(
            name="Draft Person", status=Status.DRAFT, published_at=None, themes=[theme]
        )
        QuoteFactory(leader=published, text="Published words.", themes=[theme])
        QuoteFactory(leader=published, text="Draft words.", status=Status.DRAFT, themes=[theme])
        QuoteFactory(leader=draft, text="Words of a draft leader.", themes=[theme])
        PathwayFactory(title="Secret pathway", status=Status.DRAFT, published_at=None)

        pages = [
            reverse(name)
            for name in ["stories:home", "stories:leaders", "stories:quotes", "stories:pathways"]
        ] + [theme.get_absolute_url()]
        for page in pages:
            text = html.text(client.get(page).content)
            assert "Draft Person" not in text, page
            assert "Draft words." not in text, page
            assert "Words of a draft leader." not in text, page
            assert "Secret pathway" not in text, page

    def test_a_draft_pathway_is_404(self, client):
        draft = PathwayFactory(status=Status.DRAFT, published_at=None)

        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_unpublishing_takes_a_leader_off_the_site(self, client):
        leader = LeaderFactory()
        assert client.get(leader.get_absolute_url()).status_code == 200

        services.unpublish(item=leader)

        assert client.get(leader.get_absolute_url()).status_code == 404
        assert leader.get_absolute_url() not in leaders_listed(
            client.get(reverse("stories:leaders"))
        )


class TestLeaderList:
    def test_filters_by_background_region_role_and_theme_kept_in_the_url(self, client):
        theme = ThemeFactory(name="Taking risks")
        london = OrganisationFactory(region=Region.LONDON)
        match = LeaderFactory(
            background=Background.CLINICAL, organisation=london, themes=[theme], role_family="ccio"
        )
        LeaderFactory(background=Background.CLINICAL, organisation=london, role_family="ccio")
        LeaderFactory(background=Background.TECHNICAL, organisation=london, themes=[theme])

        response = client.get(
            reverse("stories:leaders"),
            {
                "background": "clinical",
                "region": "london",
                "theme": theme.slug,
                "role_family": "ccio",
            },
        )

        assert leaders_listed(response) == [match.get_absolute_url()]
        text = html.text(response.content)
        assert "1 leader matching Background: Clinical, Role: Chief clinical" in text
        # The filters are kept in the form, so the page can be shared and changed.
        selected = html.elements(response.content, "option", selected="")
        assert {option["value"] for option in selected} >= {"clinical", "london", theme.slug}

    def test_count_and_pagination_keep_the_filters(self, client):
        for n in range(45):
            LeaderFactory(name=f"Clinician {n:02d}", background=Background.CLINICAL)
        LeaderFactory(background=Background.TECHNICAL)

        first = client.get(reverse("stories:leaders"), {"background": "clinical"})
        third = client.get(reverse("stories:leaders"), {"background": "clinical", "page": 3})

        assert "45 leaders" in html.text(first.content)
        assert len(leaders_listed(first)) == 20
        assert len(leaders_listed(third)) == 5
        next_link = html.elements(first.content, "a", class_="nhsuk-pagination__next")[0]
        assert next_link["href"] == "?background=clinical&page=2"

    def test_a_route_from_the_routes_picture_lists_who_took_it(self, client):
        took_it = LeaderFactory(name="Took The Route")
        CareerStepFactory(leader=took_it, order=1, sector="banking")
        CareerStepFactory(leader=took_it, order=2, sector="pharma")
        via_elsewhere = LeaderFactory(name="Went Elsewhere First")
        CareerStepFactory(leader=via_elsewhere, order=1, sector="banking")
        CareerStepFactory(leader=via_elsewhere, order=2, sector="nhs-it")
        CareerStepFactory(leader=via_elsewhere, order=3, sector="pharma")

        response = client.get(reverse("stories:leaders"), {"route": "banking--pharma"})

        assert leaders_listed(response) == [took_it.get_absolute_url()]
        assert "who moved from Banking and finance to Pharmaceuticals" in html.text(
            response.content
        )
        # Other filters keep the route.
        assert html.elements(response.content, "input", name="route", value="banking--pharma")

    @pytest.mark.parametrize(
        "query",
        [
            {"route": "banking--nowhere"},
            {"background": "astronaut"},
            {"region": "'; drop table"},
            {"theme": "no-such-theme"},
            {"page": "999"},
            {"page": "-1"},
            {"page": "abc"},
        ],
    )
    def test_odd_filters_and_pages_never_fail(self, client, query):
        LeaderFactory()

        response = client.get(reverse("stories:leaders"), query)

        assert response.status_code == 200
        assert not html.title(response.content).startswith("Error")

    def test_query_count_does_not_grow_with_data(self, client, library, django_assert_num_queries):
        # The themes (for the filters), then the page's cards with their themes and the count.
        with django_assert_num_queries(2):
            response = client.get(reverse("stories:leaders"), {"page": 1})
        assert response.status_code == 200

    def test_each_card_lists_its_own_themes_in_name_order(self, client):
        risks, change, resilience = (
            ThemeFactory(name=name) for name in ["Taking risks", "Change management", "Resilience"]
        )
        LeaderFactory(name="Ada Themed", themes=[risks, resilience, change])
        LeaderFactory(name="Ben Themed", themes=[resilience])
        LeaderFactory(name="Cy Untagged")

        response = client.get(reverse("stories:leaders"))

        cards = response.content.decode().split('<div class="nhsuk-card ')[1:]
        tags = [
            re.findall(r'<strong class="nhsuk-tag nhsuk-tag--white">([^<]*)<', card)
            for card in cards
        ]
        assert tags == [["Change management", "Resilience", "Taking risks"], ["Resilience"], []]

    def test_work_for_each_card_does_not_grow_with_the_page(self, client):
        """Beyond its queries, a page of 20 cards builds no more theme objects and works out
        no more addresses than a page of 2: those grow with every visitor otherwise."""
        themes = [ThemeFactory(name=f"Theme {n}") for n in range(3)]

        def work_for_one_page() -> tuple[int, int]:
            built, reversed_ = [], []
            record = lambda sender, **kwargs: built.append(sender)  # noqa: E731
            original = URLResolver._reverse_with_prefix

            def counting_reverse(self, *args, **kwargs):
                reversed_.append(args[0])
                return original(self, *args, **kwargs)

            post_init.connect(record, sender=Theme, weak=False)
            try:
                with mock.patch.object(URLResolver, "_reverse_with_prefix", counting_reverse):
                    assert client.get(reverse("stories:leaders")).status_code == 200
            finally:
                post_init.disconnect(record, sender=Theme)
            return len(built), len(reversed_)

        LeaderFactory.create_batch(2, themes=themes)
        work_for_one_page()  # the first page of the process also works out the header's links
        with_two = work_for_one_page()
        LeaderFactory.create_batch(18, themes=themes)

        assert work_for_one_page() == with_two

    def test_filtered_query_count_does_not_grow_with_data(
        self, client, library, django_assert_num_queries
    ):
        theme = library["themes"][0]
        with django_assert_num_queries(2):
            client.get(reverse("stories:leaders"), {"theme": theme.slug, "background": "clinical"})

    def test_a_page_past_the_end_costs_the_same_whatever_the_data(
        self, client, library, django_assert_num_queries
    ):
        # The themes, the page asked for (found empty), the count, then the last page.
        with django_assert_num_queries(4):
            response = client.get(reverse("stories:leaders"), {"page": 9999})
        assert response.status_code == 200
        assert leaders_listed(response)

    @pytest.mark.parametrize(
        ("page", "shown"),
        [("", 1), ("1", 1), ("2", 2), ("3", 3), ("4", 3), ("999", 3), ("abc", 1), ("0", 3)],
    )
    def test_any_page_number_shows_the_page_the_paginator_settles_on(self, client, page, shown):
        for n in range(45):
            LeaderFactory(name=f"Clinician {n:02d}", background=Background.CLINICAL)
        LeaderFactory(name="Zed Technical", background=Background.TECHNICAL)

        response = client.get(reverse("stories:leaders"), {"background": "clinical", "page": page})

        first = (shown - 1) * 20
        expected = [f"Clinician {n:02d}" for n in range(first, min(first + 20, 45))]
        names = re.findall(
            r'class="nhsuk-card__link" href="[^"]*">([^<]*)<', response.content.decode()
        )
        assert names == expected
        assert "45 leaders matching Background: Clinical" in html.text(response.content)
        current = html.elements(
            response.content, "a", class_="nhsuk-pagination__link", **{"aria-current": "page"}
        )
        assert [link["aria-label"] for link in current] == [f"Page {shown}"]

    def test_no_leaders_says_so_with_a_count_of_none(self, client):
        LeaderFactory(background=Background.TECHNICAL)

        response = client.get(reverse("stories:leaders"), {"background": "clinical"})

        text = html.text(response.content)
        assert "0 leaders matching Background: Clinical" in text
        assert "No stories match these filters." in text
        assert leaders_listed(response) == []

    def test_cards_escape_what_editors_write(self, client):
        organisation = OrganisationFactory(name="Smith & Jones <Trust>")
        LeaderFactory(
            name="Ada <script>alert(1)</script>",
            title='Head of "digital" & data',
            summary="It's <b>bold</b>",
            organisation=organisation,
            themes=[ThemeFactory(name="Risk & <reward>")],
        )

        content = client.get(reverse("stories:leaders")).content.decode()

        assert "<script>alert(1)" not in content
        assert "Ada &lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "Head of &quot;digital&quot; &amp; data, Smith &amp; Jones &lt;Trust&gt;" in content
        assert "It&#x27;s &lt;b&gt;bold&lt;/b&gt;" in content
        assert (
            '<strong class="nhsuk-tag nhsuk-tag--white">Risk &amp; &lt;reward&gt;</strong>'
            in content
        )

    def test_a_leader_without_an_organisation_shows_only_their_title(self, client):
        LeaderFactory(name="Ada Freelance", title="Independent adviser", organisation=None)

        content = client.get(reverse("stories:leaders")).content.decode()

        assert '<p class="nhsuk-body-s pathways-meta">Independent adviser</p>' in content

    def test_publishing_a_leader_adds_their_card_and_to_the_count(self, client):
        LeaderFactory(name="Already Here")
        draft = LeaderFactory(name="Newly Published", status=Status.DRAFT, published_at=None)
        before = client.get(reverse("stories:leaders"))

        services.publish(item=draft)
        after = client.get(reverse("stories:leaders"))

        assert "1 leader" in html.text(before.content)
        assert draft.get_absolute_url() not in leaders_listed(before)
        assert "2 leaders" in html.text(after.content)
        assert draft.get_absolute_url() in leaders_listed(after)

    def test_the_filter_form_shows_each_requests_own_values_and_errors(self, client):
        """The drawn form is kept per set of filters: another set never gets it, and another
        page of the same set does."""
        LeaderFactory.create_batch(25, background=Background.CLINICAL)
        url = reverse("stories:leaders")

        bad = client.get(url, {"background": "astronaut"})
        good = client.get(url, {"background": "clinical"})
        second_page = client.get(url, {"background": "clinical", "page": 2})
        none = client.get(url)

        def selected(response) -> set[str]:
            return {o["value"] for o in html.elements(response.content, "option", selected="")}

        assert "astronaut is not one of the available choices" in html.text(bad.content)
        for response in (good, second_page, none):
            assert "not one of the available choices" not in html.text(response.content)
        assert "clinical" in selected(good)
        assert "clinical" in selected(second_page)
        assert "clinical" not in selected(none)


class TestLeaderPage:
    def test_shows_bio_career_path_quotes_with_sources_and_themes(self, client):
        theme = ThemeFactory(name="Resilience")
        leader = LeaderFactory(name="Jo Smith", bio="Left school at 16.", themes=[theme])
        CareerStepFactory(leader=leader, order=1, title="Banking", sector="banking")
        CareerStepFactory(
            leader=leader, order=2, title="Head of Informatics", sector="pharma", start_year=1999
        )
        QuoteFactory(
            leader=leader,
            text="If I don’t take control of what’s ahead of me",
            source__title="In conversation with Jo Smith",
            source__publisher="Health Tech Women",
        )

        text = html.text(client.get(leader.get_absolute_url()).content)

        assert "Left school at 16." in text
        assert text.index("Banking") < text.index("Head of Informatics")
        assert "If I don’t take control of what’s ahead of me" in text
        assert "Source: In conversation with Jo Smith, Health Tech Women" in text
        assert "Resilience" in text

    def test_query_count_does_not_grow_with_data(self, client, library, django_assert_num_queries):
        leader = library["leaders"][0]
        with django_assert_num_queries(6):
            response = client.get(leader.get_absolute_url())
        assert response.status_code == 200

    def test_an_unknown_leader_is_404(self, client):
        assert client.get("/stories/nobody/").status_code == 404


class TestThemesAndQuotes:
    def test_theme_page_lists_its_leaders_and_quotes(self, client):
        theme = ThemeFactory(name="Resilience")
        leader = LeaderFactory(name="Ayesha Rahim", themes=[theme])
        QuoteFactory(leader=leader, text="Resilience is a team sport.", themes=[theme])
        QuoteFactory(leader=leader, text="Off theme.")

        text = html.text(client.get(theme.get_absolute_url()).content)

        assert "Ayesha Rahim" in text
        assert "Resilience is a team sport." in text
        assert "Off theme." not in text

    def test_quotes_by_theme(self, client):
        theme = ThemeFactory(name="Taking risks")
        QuoteFactory(text="Take the risk.", themes=[theme])
        QuoteFactory(text="Something else.")

        text = html.text(client.get(reverse("stories:quotes"), {"theme": theme.slug}).content)

        assert "Take the risk." in text
        assert "Something else." not in text
        assert "1 quote" in text

    def test_theme_page_query_count_does_not_grow(self, client, library, django_assert_num_queries):
        with django_assert_num_queries(4):
            client.get(library["themes"][0].get_absolute_url())

    def test_quotes_page_query_count_does_not_grow(
        self, client, library, django_assert_num_queries
    ):
        with django_assert_num_queries(4):
            client.get(reverse("stories:quotes"), {"theme": library["themes"][1].slug})

    def test_themes_list_query_count_does_not_grow(
        self, client, library, django_assert_num_queries
    ):
        with django_assert_num_queries(1):
            client.get(reverse("stories:themes"))


class TestPathways:
    def test_pathway_page_shows_stages_bands_actions_and_example_leaders(self, client):
        leader = LeaderFactory(name="William Smart")
        pathway = PathwayFactory(title="IT manager to CIO", example_leaders=[leader])
        PathwayStageFactory(pathway=pathway, order=1, title="Run IT well")
        PathwayStageFactory(pathway=pathway, order=2, title="Lead the enterprise")

        text = html.text(client.get(pathway.get_absolute_url()).content)

        assert text.index("Run IT well") < text.index("Lead the enterprise")
        assert "Band 7 to 8a" in text
        assert "Find a mentor" in text
        assert "How do you approach risk?" in text
        assert "William Smart" in text

    def test_draft_example_leaders_are_not_shown(self, client):
        draft = LeaderFactory(name="Hidden Person", status=Status.DRAFT, published_at=None)
        pathway = PathwayFactory(example_leaders=[draft])

        assert "Hidden Person" not in html.text(client.get(pathway.get_absolute_url()).content)

    def test_pathway_pages_query_counts_do_not_grow(
        self, client, library, django_assert_num_queries
    ):
        with django_assert_num_queries(2):
            client.get(reverse("stories:pathways"))
        with django_assert_num_queries(5):
            client.get(library["pathway"].get_absolute_url())


class TestHome:
    def test_shows_a_featured_quote_featured_leaders_and_the_ways_in(self, client):
        leader = LeaderFactory(name="Jas Cartwright", featured=True)
        QuoteFactory(leader=leader, text="Be brave.", featured=True)

        response = client.get("/")

        text = html.text(response.content)
        assert "Be brave." in text
        assert "Jas Cartwright" in text
        for link in ["/stories/", "/pathways/", "/account/sign-up/"]:
            assert html.elements(response.content, "a", href=link), link

    def test_query_count_does_not_grow(self, client, library, django_assert_num_queries):
        with django_assert_num_queries(4):
            client.get("/")


def test_editors_group_may_curate_and_publish_stories_but_not_delete_leaders():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert {"add_leader", "change_leader", "publish_leader", "publish_quote"} <= codenames
    assert {"delete_careerstep", "delete_pathwaystage"} <= codenames
    assert "delete_leader" not in codenames
    assert not {c for c in codenames if c.endswith("_user") or c.endswith("_group")}
