import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stories import search as stories_search
from stories import search_index
from stories.models import (
    Background,
    Band,
    Leader,
    Organisation,
    Pathway,
    Quote,
    RoleFamily,
    Status,
    Theme,
)
from stories.search import LIMIT_PER_KIND, MAX_QUERY_LENGTH, fts5_query, search
from stories.services import publish, unpublish
from stories.views.search import NOTHING_TO_SEARCH_FOR
from tests import html
from tests.factories import (
    LeaderFactory,
    OrganisationFactory,
    PathwayFactory,
    PathwayStageFactory,
    QuoteFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="PostgreSQL's GIN indexes and query plans"
)
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's FTS5 index and its fallback")

SEARCH_URL = reverse("stories:search")


def titles(results) -> list[str]:
    return [result.title for result in results]


class TestFindingContent:
    def test_finds_a_leader_by_a_word_of_their_story(self):
        LeaderFactory(name="Asha Patel", bio="Before the NHS she spent ten years in orienteering.")
        LeaderFactory(name="Ben Jones")

        results = search("orienteering")

        assert titles(results.leaders) == ["Asha Patel"]
        assert results.leader_count == 1

    def test_finds_a_quote_by_its_words(self):
        QuoteFactory(
            leader=LeaderFactory(name="Asha Patel"), text="Say yes to the scary secondment."
        )
        QuoteFactory(text="Listen to patients first.")

        results = search("scary secondment")

        assert titles(results.quotes) == ["Quote by Asha Patel"]
        assert results.quotes[0].url.startswith(reverse("stories:leader", args=["leader-"])[:-1])

    def test_finds_quotes_by_the_leader_s_name(self):
        leader = LeaderFactory(name="Rowena Quill")
        QuoteFactory(leader=leader, text="Listen to patients first.")
        QuoteFactory(text="Listen to patients first.")

        results = search("Quill")

        assert titles(results.quotes) == ["Quote by Rowena Quill"]

    def test_finds_a_pathway_by_its_title(self):
        PathwayFactory(title="Pharmacist to chief digital officer", slug="pharmacist")
        PathwayFactory(title="IT manager to CIO", slug="it-manager")

        results = search("pharmacist")

        assert titles(results.pathways) == ["Pharmacist to chief digital officer"]
        assert results.pathways[0].url == reverse("stories:pathway", args=["pharmacist"])

    def test_finds_a_leader_by_their_organisation(self):
        LeaderFactory(name="Asha Patel", organisation=OrganisationFactory(name="Wexham Trust"))
        LeaderFactory(name="Ben Jones")

        assert titles(search("Wexham").leaders) == ["Asha Patel"]

    def test_every_word_must_match(self):
        LeaderFactory(name="Asha Patel", bio="Clinical safety and orienteering.")
        LeaderFactory(name="Ben Jones", bio="Clinical safety and sailing.")

        assert titles(search("clinical orienteering").leaders) == ["Asha Patel"]

    def test_a_word_with_a_minus_is_left_out(self):
        LeaderFactory(name="Asha Patel", bio="Clinical safety and orienteering.")
        LeaderFactory(name="Ben Jones", bio="Clinical safety and sailing.")

        assert titles(search("clinical -sailing").leaders) == ["Asha Patel"]

    def test_joined_words_and_quoted_phrases_find_their_words(self):
        LeaderFactory(name="Asha Patel", bio="A non-technical route into digital leadership.")
        LeaderFactory(name="Ben Jones", bio="A technical route.")

        assert titles(search("non-technical").leaders) == ["Asha Patel"]
        assert titles(search('"digital leadership"').leaders) == ["Asha Patel"]

    def test_english_word_forms_match_each_other(self):
        LeaderFactory(name="Asha Patel", bio="Years of managing nursing teams.")

        assert titles(search("managers nurses").leaders) == ["Asha Patel"]

    def test_a_plural_finds_the_singular_and_a_phrase_finds_its_forms(self):
        LeaderFactory(name="Asha Patel", bio="She took the biggest risk of her career.")
        QuoteFactory(leader=LeaderFactory(name="Ben Jones"), text="Taking risks pays.")
        LeaderFactory(name="Cara Safe", bio="She stayed where she was.")

        assert titles(search("risks").leaders) == ["Asha Patel"]
        assert titles(search("taking risks").quotes) == ["Quote by Ben Jones"]
        assert titles(search("took risk").leaders) == ["Asha Patel"]

    def test_or_between_words_finds_either(self):
        LeaderFactory(name="Asha Patel", bio="Ten years of orienteering.")
        LeaderFactory(name="Ben Jones", bio="Ten years of sailing.")
        LeaderFactory(name="Cara Long", bio="Ten years of cycling.")

        assert titles(search("orienteering or sailing").leaders) == ["Asha Patel", "Ben Jones"]

    def test_common_words_are_left_out_of_the_query(self):
        LeaderFactory(name="Asha Patel", bio="Taking risks pays.")

        assert titles(search("the risks").leaders) == ["Asha Patel"]
        assert search("the").total == 0


class TestThemes:
    def test_finds_a_theme_by_its_name_or_description(self):
        ThemeFactory(
            name="Taking risks", slug="taking-risks", description="Going for a role early."
        )
        ThemeFactory(name="Resilience", slug="resilience", description="Bouncing back.")

        by_name = search("risks")
        by_description = search("bouncing")

        assert titles(by_name.themes) == ["Taking risks"]
        assert by_name.themes[0].url == reverse("stories:theme", args=["taking-risks"])
        assert titles(by_description.themes) == ["Resilience"]
        assert "<mark>Bouncing</mark>" in by_description.themes[0].snippet

    def test_themes_come_first_on_the_results_page(self, client):
        ThemeFactory(name="Taking risks", slug="taking-risks")
        LeaderFactory(name="Asha Patel", bio="She took risks.")

        response = client.get(SEARCH_URL, {"q": "risks"})

        text = html.text(response.content)
        assert "Themes (1)" in text
        assert text.index("Taking risks") < text.index("Asha Patel")
        hrefs = [link["href"] for link in html.elements(response.content, "a")]
        assert reverse("stories:theme", args=["taking-risks"]) in hrefs

    def test_a_renamed_theme_is_found_by_its_new_name(self):
        theme = ThemeFactory(name="Taking risks", slug="taking-risks")
        theme.name = "Bold moves"
        theme.save()

        assert titles(search("bold").themes) == ["Bold moves"]
        assert search("risks").themes == []


class TestBands:
    def test_band_7_finds_the_stages_whose_range_includes_it(self):
        pathway = PathwayFactory(title="Clinician to CCIO", slug="clinician-to-ccio")
        PathwayStageFactory(
            pathway=pathway, order=1, title="Ward nurse", band_from=Band.BAND_5, band_to=Band.BAND_7
        )
        PathwayStageFactory(
            pathway=pathway, order=2, title="Clinical lead", band_from=Band.BAND_6, band_to=""
        )
        PathwayStageFactory(
            pathway=pathway,
            order=3,
            title="Digital lead",
            band_from=Band.BAND_8A,
            band_to=Band.BAND_8C,
        )

        results = search("band 7")

        assert titles(results.stages) == ["Ward nurse"]
        (stage,) = results.stages
        assert stage.url == reverse("stories:pathway", args=["clinician-to-ccio"]) + "#stage-1"
        assert stage.context == "Clinician to CCIO pathway, Band 5 to 7"
        assert titles(search("Band 6").stages) == ["Ward nurse", "Clinical lead"]
        assert titles(search("band 8").stages) == ["Digital lead"]

    def test_a_band_and_words_find_stages_with_both(self):
        pathway = PathwayFactory(title="Clinician to CCIO")
        PathwayStageFactory(pathway=pathway, title="Ward nurse", typical_roles="Staff nurse")
        PathwayStageFactory(pathway=pathway, title="Analyst", typical_roles="Data analyst")

        assert titles(search("band 7 analysts").stages) == ["Analyst"]

    def test_stages_of_a_draft_pathway_are_not_found(self):
        draft = PathwayFactory(status=Status.DRAFT, published_at=None)
        PathwayStageFactory(pathway=draft, band_from=Band.BAND_7, typical_roles="Data analyst")

        assert search("band 7").stages == []
        assert search("analyst").stages == []

    def test_the_stage_links_to_its_place_on_the_pathway_page(self, client):
        pathway = PathwayFactory(title="Clinician to CCIO", slug="clinician-to-ccio")
        PathwayStageFactory(pathway=pathway, order=4, title="Ward nurse")

        response = client.get(SEARCH_URL, {"q": "band 7"})
        assert "Pathway stages (1)" in html.text(response.content)

        page = client.get(reverse("stories:pathway", args=["clinician-to-ccio"]))
        assert html.elements(page.content, "li", id="stage-4")


class TestRanking:
    def test_a_title_match_comes_before_a_match_in_the_story_only(self):
        LeaderFactory(
            name="Aaron Body",
            title="Head of digital",
            summary="Leads a team.",
            bio="Resilience came from years of night shifts and resilience training.",
        )
        LeaderFactory(
            name="Zara Title",
            title="Director of resilience",
            summary="Leads a team.",
            bio="Started on the wards.",
        )

        assert titles(search("resilience").leaders) == ["Zara Title", "Aaron Body"]

    def test_a_quote_naming_the_leader_comes_first(self):
        QuoteFactory(leader=LeaderFactory(name="Aaron Other"), text="Ask Quill about it.")
        QuoteFactory(leader=LeaderFactory(name="Rowena Quill"), text="Listen first.")

        assert titles(search("Quill").quotes) == ["Quote by Rowena Quill", "Quote by Aaron Other"]

    def test_more_mentions_rank_higher(self):
        LeaderFactory(name="Aaron Once", bio="Resilience matters.")
        LeaderFactory(
            name="Zara Often",
            bio="Resilience matters. Resilience is learnt. Resilience grows with support.",
        )

        assert titles(search("resilience").leaders) == ["Zara Often", "Aaron Once"]


class TestSnippets:
    def test_matches_are_marked(self):
        LeaderFactory(name="Asha Patel", bio="Ten years of orienteering taught her to plan.")

        (result,) = search("orienteering").leaders

        assert "<mark>orienteering</mark>" in result.snippet

    def test_content_is_escaped_around_the_marks(self):
        LeaderFactory(
            name="Asha Patel",
            summary="Writes <b>bold</b> plans.",
            bio="<script>alert('x')</script> Ten years of orienteering & sailing.",
        )

        (result,) = search("orienteering").leaders

        assert "<mark>orienteering</mark>" in result.snippet
        assert "<script>" not in result.snippet
        assert "<b>" not in result.snippet
        assert "&lt;script&gt;" in result.snippet
        assert "&amp; sailing" in result.snippet

    def test_a_long_story_is_cut_to_a_window_around_the_match(self):
        filler = "Worked on many projects across the region. " * 40
        LeaderFactory(name="Asha Patel", bio=f"{filler}Then came orienteering. {filler}")

        (result,) = search("orienteering").leaders

        assert "<mark>orienteering</mark>" in result.snippet
        assert len(result.snippet) < 600


class TestDraftsNeverAppear:
    def test_drafts_are_not_found(self):
        published = LeaderFactory(name="Published Person", bio="Loves orienteering.")
        draft = LeaderFactory(
            name="Draft Person", bio="Loves orienteering.", status=Status.DRAFT, published_at=None
        )
        QuoteFactory(leader=published, text="Orienteering, published.")
        QuoteFactory(leader=published, text="Orienteering, draft.", status=Status.DRAFT)
        QuoteFactory(leader=draft, text="Orienteering, by a draft leader.")
        PathwayFactory(title="Orienteering pathway", status=Status.DRAFT, published_at=None)

        results = search("orienteering")

        assert titles(results.leaders) == ["Published Person"]
        assert [result.snippet for result in results.quotes] == [
            "<mark>Orienteering</mark>, published."
        ]
        assert results.pathways == []
        assert (results.leader_count, results.quote_count, results.pathway_count) == (1, 1, 0)

    def test_a_draft_leader_s_name_finds_none_of_their_quotes(self):
        draft = LeaderFactory(name="Rowena Quill", status=Status.DRAFT, published_at=None)
        QuoteFactory(leader=draft, text="Listen first.")

        assert search("Quill").quotes == []


class TestSearchPage:
    def test_anyone_can_search_without_signing_in(self, client):
        LeaderFactory(name="Asha Patel", bio="Loves orienteering.")

        response = client.get(SEARCH_URL, {"q": "orienteering"})

        assert response.status_code == 200
        assert html.title(response.content) == "Search results for ‘orienteering’ – Pathways – NHS"

    def test_results_are_grouped_by_kind_with_counts_and_links(self, client):
        leader = LeaderFactory(name="Asha Patel", bio="Loves orienteering.")
        QuoteFactory(leader=leader, text="Orienteering taught me to plan.")
        pathway = PathwayFactory(title="Orienteering to CIO", slug="orienteering-to-cio")

        response = client.get(SEARCH_URL, {"q": "orienteering"})

        text = html.text(response.content)
        assert "3 results" in text
        assert "Leaders (1)" in text
        assert "Quotes (1)" in text
        assert "Pathways (1)" in text
        hrefs = [link["href"] for link in html.elements(response.content, "a")]
        assert leader.get_absolute_url() in hrefs
        assert pathway.get_absolute_url() in hrefs
        assert b"<mark>orienteering</mark>" in response.content.lower()

    def test_a_long_list_says_how_many_more_matched(self, client):
        LeaderFactory.create_batch(LIMIT_PER_KIND + 5, bio="Loves orienteering.")

        response = client.get(SEARCH_URL, {"q": "orienteering"})

        assert f"Showing {LIMIT_PER_KIND} of {LIMIT_PER_KIND + 5}" in html.text(response.content)

    def test_the_search_box_is_labelled_and_keeps_the_query(self, client):
        response = client.get(SEARCH_URL, {"q": "orienteering"})

        (field,) = html.elements(response.content, "input", id="id_q")
        assert (field["name"], field["type"], field["value"]) == ("q", "search", "orienteering")
        assert html.elements(response.content, "label", **{"for": "id_q"})
        assert html.elements(
            response.content, "form", id="search-form", method="get", action=SEARCH_URL
        )

    def test_html_in_content_is_shown_as_text(self, client):
        LeaderFactory(name="Asha Patel", bio="<script>alert('x')</script> orienteering")

        response = client.get(SEARCH_URL, {"q": "orienteering"})

        assert b"<script>alert" not in response.content
        assert b"&lt;script&gt;alert" in response.content

    def test_the_page_before_searching_invites_a_search(self, client):
        response = client.get(SEARCH_URL)

        assert response.status_code == 200
        assert html.title(response.content) == "Search – Pathways – NHS"
        assert not html.error_summary_links(response.content)

    def test_no_results_suggests_what_to_do(self, client):
        response = client.get(SEARCH_URL, {"q": "xylophone"})

        text = html.text(response.content)
        assert "No results for ‘xylophone’" in text
        assert "check the spelling" in text
        hrefs = [link["href"] for link in html.elements(response.content, "a")]
        assert reverse("stories:themes") in hrefs
        assert reverse("stories:leaders") in hrefs

    @pytest.mark.parametrize(
        "query",
        ["", "   ", '"', "&&&", "-", "'", "()", "-nurse", "!!! ???", "\x00", "<>"],
        ids=repr,
    )
    def test_nothing_to_search_for_asks_for_a_word(self, client, query):
        response = client.get(SEARCH_URL, {"q": query})

        assert response.status_code == 200
        assert html.title(response.content) == "Error: Search – Pathways – NHS"
        assert html.error_summary_links(response.content) == {"#id_q": NOTHING_TO_SEARCH_FOR}
        assert html.field_error(response.content, "id_q") == NOTHING_TO_SEARCH_FOR

    @pytest.mark.parametrize(
        "query",
        [
            "'; drop table stories_leader; --",
            "a" * 2000,
            "resilience " * 300,
            "<script>alert(1)</script>",
            "nurse OR doctor & !(manager) | x:* <-> y",
            "\\ % _ [ ] \x00 nurse",
            "the",
        ],
        ids=[
            "sql",
            "2000-letters",
            "many-words",
            "html",
            "tsquery-syntax",
            "wildcards",
            "stopword",
        ],
    )
    def test_odd_queries_are_searched_safely(self, client, query):
        LeaderFactory(name="Asha Patel", bio="Loves orienteering.")

        response = client.get(SEARCH_URL, {"q": query})

        assert response.status_code == 200
        assert "No results for" in html.text(response.content)
        assert b"<script>alert" not in response.content

    def test_the_query_is_cut_to_a_sensible_length(self, client):
        response = client.get(SEARCH_URL, {"q": "a" * 2000})

        assert response.context["results"].query == "a" * MAX_QUERY_LENGTH

    def test_signed_in_people_can_search_too(self, signed_in_client):
        LeaderFactory(name="Asha Patel", bio="Loves orienteering.")

        response = signed_in_client.get(SEARCH_URL, {"q": "orienteering"})

        assert "Asha Patel" in html.text(response.content)

    def test_query_count_does_not_grow_with_content(
        self, client, library, django_assert_num_queries
    ):
        # One query per kind: themes, leaders, quotes, pathways, stages.
        with django_assert_num_queries(5):
            response = client.get(SEARCH_URL, {"q": "leader"})

        assert response.status_code == 200
        assert response.context["results"].leader_count == len(library["leaders"])

    def test_query_count_by_band_does_not_grow_with_content(
        self, client, library, django_assert_num_queries
    ):
        library["pathway"].stages.update(band_from=Band.BAND_7)

        with django_assert_num_queries(5):
            response = client.get(SEARCH_URL, {"q": "band 7"})

        assert response.context["results"].stage_count == 3

    def test_nothing_to_search_for_runs_no_query(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            client.get(SEARCH_URL, {"q": "&&&"})


@pytest.fixture
def unrelated_content(db):
    """Enough published content that reading whole tables costs more than the indexes, as in
    production (a handful of test rows is quicker to read in full), with fresh statistics."""
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Trust {n}", slug=f"trust-{n}", kind=Organisation.Kind.ACUTE_TRUST)
        for n in range(300)
    )
    source = SourceFactory()
    leaders = Leader.objects.bulk_create(
        Leader(
            name=f"Person {n}",
            slug=f"person-{n}",
            title="Head of digital",
            organisation=organisations[n % 300],
            role_family=RoleFamily.HEAD_OF_DIGITAL,
            background=Background.TECHNICAL,
            summary="Leads the digital team.",
            bio="Started on the service desk and moved into management.",
            status=Status.PUBLISHED,
            published_at=now,
        )
        for n in range(2000)
    )
    Quote.objects.bulk_create(
        Quote(
            text="Listen to the people who use the service.",
            leader=leader,
            source=source,
            status=Status.PUBLISHED,
        )
        for leader in leaders
    )
    Pathway.objects.bulk_create(
        Pathway(title=f"Route {n}", slug=f"route-{n}", summary="Step by step.", status="published")
        for n in range(1000)
    )
    with connection.cursor() as cursor:
        for table in ["stories_leader", "stories_organisation", "stories_quote", "stories_pathway"]:
            cursor.execute(f"ANALYZE {table}")


@postgresql_only
class TestFullTextIndexes:
    @pytest.mark.parametrize(
        ("kind", "indexes"),
        [
            (
                "leaders",
                # The whole-story index (stories_leader_search_idx) sits in an OR with the
                # organisation match, where the planner may take the status index instead at
                # this test's size; at 10,000 leaders it takes the full-text index (EXPLAIN in
                # the bench notes). The heading and organisation indexes are always used.
                ["stories_leader_heading_search_idx", "stories_organisation_search_idx"],
            ),
            ("quotes", ["stories_quote_search_idx", "stories_leader_name_search_idx"]),
            ("pathways", ["stories_pathway_search_idx"]),
        ],
    )
    def test_each_search_is_answered_from_its_indexes(self, unrelated_content, kind, indexes):
        QuoteFactory(leader=LeaderFactory(bio="Resilience."), text="Resilience.")
        PathwayFactory(title="Resilience")
        with CaptureQueriesContext(connection) as captured:
            results = search("resilience")
        assert (results.leader_count, results.quote_count, results.pathway_count) == (1, 1, 1)

        sql = {"leaders": 0, "quotes": 1, "pathways": 2}[kind]
        with connection.cursor() as cursor:
            # On a small table the planner may rightly prefer a scan; what must hold is that
            # the query's expressions match the indexes, so that it can use them when it counts.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Nor a scan of the quotes' status index with the text match as a filter, which
            # the planner may cost lower once earlier tests have grown the full-text index's
            # pending list: the status indexes go for this test's transaction only (PostgreSQL
            # rolls the DROP back with it). What is left for the text match is its own index,
            # when the query's expression matches it, or a scan the planner is told to avoid.
            cursor.execute("SET LOCAL enable_indexscan = off")
            # And no nested loop, which would reach the quotes through their leader's index one
            # leader at a time and filter on the text.
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'stories_quote' "
                "AND indexdef LIKE '%USING btree (status%'"
            )
            for (status_index,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{status_index}"')
            # Fresh statistics, as autovacuum keeps them on a live database, so the plan does
            # not depend on when autovacuum last ran during the test run.
            cursor.execute("ANALYZE stories_leader, stories_organisation, stories_quote")
            cursor.execute("EXPLAIN " + captured.captured_queries[sql]["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())

        for index in indexes:
            assert f"Bitmap Index Scan on {index}" in plan, plan


class TestTheIndexKeepsInStep:
    """On SQLite the index is a copy of the text, kept by triggers; on PostgreSQL the indexes
    are over the tables themselves. The same behaviour is asserted on both."""

    def test_unpublishing_removes_from_results_and_publishing_brings_back(self):
        leader = LeaderFactory(name="Asha Patel", bio="Loves orienteering.")
        quote = QuoteFactory(leader=leader, text="Orienteering taught me to plan.")
        pathway = PathwayFactory(title="Orienteering to CIO")

        unpublish(item=leader)
        unpublish(item=pathway)
        assert (search("orienteering").leaders, search("orienteering").quotes) == ([], [])
        assert search("orienteering").pathways == []

        publish(item=leader)
        unpublish(item=quote)
        results = search("orienteering")
        assert (titles(results.leaders), results.quotes) == (["Asha Patel"], [])

    def test_edits_are_found_by_their_new_words_only(self):
        leader = LeaderFactory(name="Asha Patel", bio="Loves orienteering.")
        quote = QuoteFactory(leader=leader, text="Listen first.")

        leader.bio = "Loves sailing."
        leader.save()
        quote.text = "Ask the patients."
        quote.save()
        Pathway.objects.filter(pk=PathwayFactory(title="Route one").pk).update(title="Wayfinding")

        assert search("orienteering").leaders == []
        assert titles(search("sailing").leaders) == ["Asha Patel"]
        assert search("listen").quotes == []
        assert titles(search("patients").quotes) == ["Quote by Asha Patel"]
        assert titles(search("wayfinding").pathways) == ["Wayfinding"]

    def test_a_renamed_organisation_or_leader_is_found_by_the_new_name(self):
        organisation = OrganisationFactory(name="Wexham Trust")
        leader = LeaderFactory(name="Asha Patel", organisation=organisation)
        QuoteFactory(leader=leader, text="Listen first.")

        Organisation.objects.filter(pk=organisation.pk).update(name="Slough Health")
        Leader.objects.filter(pk=leader.pk).update(name="Asha Quill")

        assert search("Wexham").leaders == []
        assert titles(search("Slough").leaders) == ["Asha Quill"]
        assert titles(search("Quill").quotes) == ["Quote by Asha Quill"]
        assert search("Patel").quotes == []

    def test_deleted_content_is_not_found(self):
        leader = LeaderFactory(name="Asha Patel", bio="Loves orienteering.")
        QuoteFactory(leader=leader, text="Orienteering taught me to plan.")
        ThemeFactory(name="Orienteering").delete()

        leader.delete()

        assert search("orienteering").total == 0

    def test_content_loaded_in_bulk_is_found(self):
        Theme.objects.bulk_create([Theme(name="Wayfinding", slug="wayfinding")])

        assert titles(search("wayfinding").themes) == ["Wayfinding"]


@sqlite_only
class TestSqliteIndex:
    def test_this_sqlite_has_fts5(self):
        assert search_index.sqlite_has_module("fts5")
        assert search_index.sqlite_has_fts5()

    def test_a_module_the_library_lacks_is_detected(self):
        assert not search_index.sqlite_has_module("fts5_that_is_not_there")

    def test_the_query_reads_as_postgresql_web_search_does(self):
        assert fts5_query("taking risks") == '("taking" AND "risks")'
        assert fts5_query('"digital leadership" -nurse') == (
            '(("digital" AND "leadership") NOT "nurse")'
        )
        assert fts5_query("a1 b2 OR c3 -d4") == '("a1" AND "b2") OR (("c3") NOT "d4")'
        assert fts5_query("the or risks") == '("risks")'
        assert fts5_query("NEAR(x) * ^col: AND") == '("near" AND "x" AND "col")'
        assert fts5_query("the") == ""

    def test_every_trigger_is_there_after_all_migrations(self):
        with connection.cursor() as cursor:
            assert search_index.missing(cursor) == []

    def test_migrate_puts_back_triggers_a_table_rebuild_dropped(self):
        leader = LeaderFactory(name="Asha Patel", bio="Loves orienteering.")
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER stories_leader_search_update")
        Leader.objects.filter(pk=leader.pk).update(bio="Loves sailing.")

        call_command("migrate", verbosity=0)

        with connection.cursor() as cursor:
            assert search_index.missing(cursor) == []
        assert titles(search("sailing").leaders) == ["Asha Patel"]
        assert search("orienteering").leaders == []


@pytest.fixture
def without_fts5(monkeypatch):
    """A SQLite built without FTS5, as some system Pythons are."""
    monkeypatch.setattr(search_index, "sqlite_has_fts5", lambda: False)
    stories_search._warn_once_without_fts5.cache_clear()
    yield
    stories_search._warn_once_without_fts5.cache_clear()


@sqlite_only
@pytest.mark.usefixtures("without_fts5")
class TestWithoutFts5:
    def test_falls_back_to_words_as_typed_and_says_so_once(self, caplog):
        LeaderFactory(name="Asha Patel", bio="Years of managing nursing teams.")

        with caplog.at_level(logging.WARNING, logger="stories.search_index"):
            assert titles(search("managing").leaders) == ["Asha Patel"]
            assert titles(search("manag nurs").leaders) == ["Asha Patel"]
            assert titles(search("managers").leaders) == []

        warnings = [record.getMessage() for record in caplog.records]
        assert len(warnings) == 1
        assert "no FTS5" in warnings[0]

    def test_themes_and_bands_are_still_found(self):
        ThemeFactory(name="Taking risks", slug="taking-risks")
        PathwayStageFactory(title="Ward nurse", band_from=Band.BAND_5, band_to=Band.BAND_7)

        assert titles(search("risks").themes) == ["Taking risks"]
        assert titles(search("band 7").stages) == ["Ward nurse"]

    def test_query_count_does_not_grow_with_content(
        self, client, library, django_assert_num_queries
    ):
        with django_assert_num_queries(5):
            response = client.get(SEARCH_URL, {"q": "leader"})

        assert response.context["results"].leader_count == len(library["leaders"])
