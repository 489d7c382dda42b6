import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from stories.models import Leader, Quote, Status
from tests.factories import (
    LeaderFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(groups=["Editors"], is_staff=True))
    return client


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(groups=["Coordinators"], is_staff=True))
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:stories_{model}_changelist")


class TestWhoMayCurate:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get(changelist("leader"))

        assert response.status_code == 302
        assert "/login/" in response.url or "sign-in" in response.url

    def test_coordinators_cannot_curate_stories(self, coordinator_client):
        assert coordinator_client.get(changelist("leader")).status_code == 403
        assert coordinator_client.get(reverse("admin:stories_leader_add")).status_code == 403

    def test_editors_cannot_see_accounts(self, editor_client):
        assert editor_client.get(reverse("admin:portal_user_changelist")).status_code == 403
        assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403

    @pytest.mark.parametrize(
        "model", ["leader", "quote", "source", "theme", "organisation", "pathway"]
    )
    def test_editors_see_every_kind_of_content(self, editor_client, model):
        assert editor_client.get(changelist(model)).status_code == 200

    def test_editors_cannot_delete_a_leader(self, editor_client):
        leader = LeaderFactory()

        response = editor_client.get(reverse("admin:stories_leader_delete", args=[leader.pk]))

        assert response.status_code == 403


class TestCuration:
    def test_editor_adds_a_leader_with_career_steps_as_a_draft_and_it_is_recorded(
        self, editor_client
    ):
        organisation = OrganisationFactory(name="Royal Brompton and Harefield")
        theme = ThemeFactory(name="Taking risks")
        form = {
            "name": "Jo Smith",
            "slug": "jo-smith",
            "title": "Group Chief Informatics Officer",
            "organisation": organisation.pk,
            "role_family": "cio",
            "background": "other-industry",
            "summary": "Banking, pharma, then NHS CIO.",
            "bio": "Left school at 16.",
            "themes": [theme.pk],
            "career_steps-TOTAL_FORMS": "2",
            "career_steps-INITIAL_FORMS": "0",
            "career_steps-0-order": "1",
            "career_steps-0-title": "Banking",
            "career_steps-0-sector": "banking",
            "career_steps-1-order": "2",
            "career_steps-1-title": "CIO",
            "career_steps-1-sector": "nhs-digital-leadership",
            "career_steps-1-start_year": "2013",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        }

        response = editor_client.post(reverse("admin:stories_leader_add"), form)

        assert response.status_code == 302, response.content.decode()[:2000]
        leader = Leader.objects.get(slug="jo-smith")
        assert leader.status == Status.DRAFT
        assert [s.title for s in leader.career_steps.order_by("order")] == ["Banking", "CIO"]
        entry = LogEntry.objects.get(object_id=str(leader.pk))
        assert entry.is_addition()
        assert entry.user.groups.get().name == "Editors"

    def test_a_career_step_ending_before_it_starts_is_refused(self, editor_client):
        leader = LeaderFactory(status=Status.DRAFT, published_at=None)
        form = {
            "name": leader.name,
            "slug": leader.slug,
            "title": leader.title,
            "organisation": leader.organisation_id,
            "role_family": leader.role_family,
            "background": leader.background,
            "summary": leader.summary,
            "bio": leader.bio,
            "career_steps-TOTAL_FORMS": "1",
            "career_steps-INITIAL_FORMS": "0",
            "career_steps-0-order": "1",
            "career_steps-0-title": "IT manager",
            "career_steps-0-sector": "nhs-it",
            "career_steps-0-start_year": "2010",
            "career_steps-0-end_year": "2004",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        }

        response = editor_client.post(
            reverse("admin:stories_leader_change", args=[leader.pk]), form
        )

        assert response.status_code == 200
        assert "The end year cannot be before the start year." in response.content.decode()
        assert not leader.career_steps.exists()

    def test_publish_and_unpublish_actions_are_recorded_in_history(self, editor_client, client):
        draft = LeaderFactory(status=Status.DRAFT, published_at=None)

        editor_client.post(
            changelist("leader"), {"action": "publish_selected", "_selected_action": [draft.pk]}
        )

        draft.refresh_from_db()
        assert draft.status == Status.PUBLISHED
        first_published = draft.published_at
        assert first_published is not None
        assert LogEntry.objects.filter(
            object_id=str(draft.pk), change_message="Published."
        ).exists()

        editor_client.post(
            changelist("leader"), {"action": "unpublish_selected", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT
        history = editor_client.get(reverse("admin:stories_leader_history", args=[draft.pk]))
        assert "Unpublished." in history.content.decode()

        editor_client.post(
            changelist("leader"), {"action": "publish_selected", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.published_at == first_published  # republishing does not re-announce

    def test_the_changelist_filters_by_region_and_theme(self, editor_client):
        theme = ThemeFactory()
        LeaderFactory(name="In London", organisation__region="london", themes=[theme])
        LeaderFactory(name="In the North West")

        response = editor_client.get(changelist("leader"), {"region": "london"})

        content = response.content.decode()
        assert "In London" in content
        assert "In the North West" not in content

    def test_the_changelist_query_count_does_not_grow(
        self, editor_client, library, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(20):
            assert editor_client.get(changelist("leader")).status_code == 200

    def test_view_on_site_links_to_the_public_page(self, editor_client):
        leader = LeaderFactory()

        response = editor_client.get(reverse("admin:stories_leader_change", args=[leader.pk]))

        assert "View on site" in response.content.decode()


class TestPublishingALeaderWithItsQuotes:
    def test_a_leader_added_with_two_quotes_and_published_shows_both_on_the_public_page(
        self, editor_client
    ):
        source = SourceFactory(title="In Conversation With Jo Smith")
        theme = ThemeFactory(name="Taking risks")
        form = {
            "name": "Jo Smith",
            "slug": "jo-smith",
            "title": "Group Chief Informatics Officer",
            "organisation": OrganisationFactory().pk,
            "role_family": "cio",
            "background": "other-industry",
            "summary": "Banking, pharma, then NHS CIO.",
            "bio": "Left school at 16.",
            "career_steps-TOTAL_FORMS": "0",
            "career_steps-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "2",
            "quotes-INITIAL_FORMS": "0",
            "quotes-0-text": "I had a good position. Lots of autonomy and flexibility.",
            "quotes-0-source": source.pk,
            "quotes-0-themes": [theme.pk],
            "quotes-1-text": "You’ve got to be brave.",
            "quotes-1-source": source.pk,
        }
        response = editor_client.post(reverse("admin:stories_leader_add"), form)
        assert response.status_code == 302, response.content.decode()[:2000]
        leader = Leader.objects.get(slug="jo-smith")
        preview = editor_client.get(leader.get_absolute_url()).content.decode()
        assert "I had a good position." in preview and "You’ve got to be brave." in preview

        response = editor_client.post(
            changelist("leader"),
            {"action": "publish_selected", "_selected_action": [leader.pk]},
            follow=True,
        )

        public = Client().get(leader.get_absolute_url())
        assert public.status_code == 200
        page = public.content.decode()
        assert "I had a good position. Lots of autonomy and flexibility." in page
        assert "You’ve got to be brave." in page
        assert "Published 1 leader and 2 quotes." in response.content.decode()
        for quote in leader.quotes.all():
            assert quote.status == Status.PUBLISHED
            entry = LogEntry.objects.get(object_id=str(quote.pk), content_type__model="quote")
            assert entry.change_message == "Published with its leader."

    def test_the_quote_inline_shows_where_each_quote_stands(self, editor_client):
        leader = LeaderFactory(status=Status.DRAFT, published_at=None)
        QuoteFactory(leader=leader, text="Already published.")
        QuoteFactory(leader=leader, text="Never published.", status=Status.DRAFT, published_at=None)
        QuoteFactory(leader=leader, text="Taken back to draft.", status=Status.DRAFT)

        response = editor_client.get(reverse("admin:stories_leader_change", args=[leader.pk]))

        # One stacked form a quote, in their order, then the blank one "Add another" copies.
        statuses = re.findall(
            r'field-publication.*?<div class="readonly">(.*?)</div>',
            response.content.decode(),
            flags=re.S,
        )
        assert statuses[:3] == [
            "Published",
            "Draft: publishing the leader publishes it",
            "Unpublished: publish the quote itself to show it again",
        ]

    def test_unpublishing_a_leader_leaves_its_quotes_as_they_were(self, editor_client):
        leader = LeaderFactory()
        shown = QuoteFactory(leader=leader, text="Shown while the story is public.")
        withdrawn = QuoteFactory(leader=leader, text="Withdrawn by an editor.", status=Status.DRAFT)

        editor_client.post(
            changelist("leader"), {"action": "unpublish_selected", "_selected_action": [leader.pk]}
        )
        assert Client().get(leader.get_absolute_url()).status_code == 404
        editor_client.post(
            changelist("leader"), {"action": "publish_selected", "_selected_action": [leader.pk]}
        )

        page = Client().get(leader.get_absolute_url()).content.decode()
        assert shown.text in page
        assert withdrawn.text not in page
        assert Quote.objects.get(pk=withdrawn.pk).status == Status.DRAFT
