"""Agreements through the real URLs: agreeing through check-your-answers, confirming, changes
both see, bad input kept on the page, 404 for anyone else, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.agreements import services
from mentoring.agreements.models import Agreement, AgreementChange, AgreementTemplate
from mentoring.models import Goal, Mentorship
from portal.roles import COORDINATORS
from tests import html
from tests.factories import MentorshipFactory, UserFactory

Status = Mentorship.Status
pytestmark = pytest.mark.django_db

PAGES = ["agreement", "agreement-change", "agreement-check", "agreement-done"]


@pytest.fixture
def pair() -> Mentorship:
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    services.start_agreement(mentorship=mentorship)
    return mentorship


def url(name: str, mentorship: Mentorship) -> str:
    return reverse(f"mentoring:{name}", kwargs={"pk": mentorship.pk})


def answers(**changes) -> dict:
    return {
        "meeting_every_days": "14",
        "formats": ["video", "phone"],
        "duration_months": "9",
        "confidentiality": "What we say stays with us.",
        "mentee_expectations": "I come prepared.",
        "mentor_expectations": "I listen.",
        "goals": "Prepare for a band 7 interview\nMap my stakeholders",
        "version": "1",
        **changes,
    }


def agreement_of(mentorship: Mentorship) -> Agreement:
    return Agreement.objects.get(mentorship=mentorship)


def saved(mentorship: Mentorship) -> tuple:
    agreement = agreement_of(mentorship)
    return (
        agreement.version,
        agreement.mentee_confirmed_version,
        agreement.mentor_confirmed_version,
        agreement.meeting_every_days,
        agreement.duration_months,
        agreement.confidentiality,
        Goal.objects.filter(mentorship=mentorship).count(),
        AgreementChange.objects.count(),
    )


class TestAgreeingThroughCheckYourAnswers:
    def test_mentee_agrees_through_check_your_answers_then_mentor_confirms(self, client, pair):
        mentee, mentor = pair.mentee.user, pair.mentor.user
        client.force_login(mentee)

        page = client.get(pair.get_absolute_url())
        assert "Agree your terms" in html.text(page.content)

        form = client.get(url("agreement-change", pair))
        assert html.title(form.content).startswith("Agree your terms")
        # Filled in from the default template.
        assert (
            html.elements(form.content, "input", name="meeting_every_days", value="30")[0].get(
                "checked"
            )
            is not None
        )

        to_check = client.post(url("agreement-change", pair), answers())
        assert to_check.url == url("agreement-check", pair)
        assert saved(pair)[:3] == (1, 0, 0)  # nothing saved before confirming

        check = client.get(to_check.url)
        text = html.text(check.content)
        assert html.title(check.content).startswith("Check your answers")
        assert "Every 2 weeks" in text and "Video call and phone" in text and "9 months" in text
        assert "Prepare for a band 7 interview" in text
        changes = [a for a in html.elements(check.content, "a") if "#id_" in a.get("href", "")]
        assert len(changes) == 7
        assert "Change how often you will meet" in text

        done = client.post(url("agreement-check", pair))
        assert done.url == url("agreement-done", pair)
        panel = client.get(done.url)
        assert html.title(panel.content).startswith(f"Waiting for {pair.mentor_name} to confirm")
        assert saved(pair)[:5] == (2, 2, 0, 14, 9)
        assert list(pair.agreed_goals.values_list("text", flat=True)) == [
            "Prepare for a band 7 interview",
            "Map my stakeholders",
        ]

        client.force_login(mentor)
        terms = client.get(url("agreement", pair))
        assert "Every 2 weeks" in html.text(terms.content)
        [version] = html.elements(terms.content, "input", name="version")
        assert version["value"] == "2"
        confirmed = client.post(url("agreement-confirm", pair), {"version": "2"})
        assert confirmed.url == url("agreement-done", pair)
        panel = client.get(confirmed.url)
        assert html.title(panel.content).startswith("You have agreed your terms")
        assert agreement_of(pair).is_agreed

        for person in (mentee, mentor):
            client.force_login(person)
            assert "Agreed" in html.text(client.get(pair.get_absolute_url()).content)

    def test_change_links_bring_back_the_answers_to_change(self, client, pair):
        client.force_login(pair.mentee.user)
        client.post(url("agreement-change", pair), answers(duration_months="12"))

        again = client.get(url("agreement-change", pair))

        [duration] = html.elements(again.content, "input", name="duration_months")
        assert duration["value"] == "12"
        assert "Map my stakeholders" in again.content.decode()

    def test_sending_the_check_page_twice_is_harmless(self, client, pair):
        client.force_login(pair.mentee.user)
        client.post(url("agreement-change", pair), answers())
        client.post(url("agreement-check", pair))
        before = saved(pair)

        again = client.post(url("agreement-check", pair))

        assert again.url == url("agreement-done", pair)
        assert saved(pair) == before
        assert client.get(again.url).status_code == 200

    def test_confirming_twice_is_harmless(self, client, pair):
        client.force_login(pair.mentor.user)
        first = client.post(url("agreement-confirm", pair), {"version": "1"})
        before = saved(pair)

        second = client.post(url("agreement-confirm", pair), {"version": "1"})

        assert first.url == second.url == url("agreement-done", pair)
        assert saved(pair) == before
        panel = client.get(second.url)
        assert html.title(panel.content).startswith(f"Waiting for {pair.mentee_name} to confirm")

    def test_confirming_terms_that_changed_since_is_refused_with_a_message(self, client, pair):
        client.force_login(pair.mentee.user)
        client.post(url("agreement-change", pair), answers())
        client.post(url("agreement-check", pair))
        client.force_login(pair.mentor.user)
        before = saved(pair)

        refused = client.post(url("agreement-confirm", pair), {"version": "1"}, follow=True)

        assert "The terms changed since you read them: check them again." in html.text(
            refused.content
        )
        assert saved(pair) == before

    def test_a_draft_made_stale_by_the_other_is_refused_and_the_terms_shown_again(
        self, client, pair
    ):
        client.force_login(pair.mentor.user)
        client.post(url("agreement-change", pair), answers(duration_months="3"))
        services.change_terms(
            agreement=agreement_of(pair),
            actor=pair.mentee.user,
            version=1,
            meeting_every_days=7,
            formats=["video"],
            duration_months=6,
        )
        before = saved(pair)

        refused = client.post(url("agreement-check", pair), follow=True)

        assert refused.redirect_chain[-1][0] == url("agreement", pair)
        assert "The terms changed since you read them" in html.text(refused.content)
        assert saved(pair) == before


class TestChangesBothSee:
    def test_a_change_after_agreeing_shows_to_both_under_changes_to_your_agreement(
        self, client, pair
    ):
        agreement = agreement_of(pair)
        services.confirm_terms(agreement=agreement, actor=pair.mentee.user, version=1)
        services.confirm_terms(agreement=agreement, actor=pair.mentor.user, version=1)
        client.force_login(pair.mentor.user)
        client.post(
            url("agreement-change", pair),
            answers(meeting_every_days="30", goals="", duration_months="6", version="1"),
        )
        client.post(url("agreement-check", pair))

        for person in (pair.mentee.user, pair.mentor.user):
            client.force_login(person)
            text = html.text(client.get(pair.get_absolute_url()).content)
            assert "Changes to your agreement" in text
            assert "How you will meet changed from video call to video call and phone." in text
            assert pair.mentor_name in text
        client.force_login(pair.mentee.user)
        page = client.get(pair.get_absolute_url())
        assert "Check and confirm the terms" in html.text(page.content)


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field_id", "message"),
        [
            ({"duration_months": "30"}, "id_duration_months", "from 1 to 24"),
            ({"duration_months": "0"}, "id_duration_months", "from 1 to 24"),
            ({"duration_months": "six"}, "id_duration_months", "whole number"),
            ({"meeting_every_days": "5"}, "id_meeting_every_days", "Select how often"),
            ({"formats": ["fax"]}, "id_formats", "from the list"),
            ({"confidentiality": "x" * 2001}, "id_confidentiality", "2,000 characters"),
            ({"mentee_expectations": "x" * 2001}, "id_mentee_expectations", "2,000 characters"),
            ({"goals": "one\ntwo\nthree\nfour"}, "id_goals", "up to 3 goals"),
            ({"goals": "x" * 301}, "id_goals", "300 characters or fewer"),
        ],
    )
    def test_a_message_on_the_page_the_input_kept_and_nothing_saved(
        self, client, pair, changes, field_id, message
    ):
        client.force_login(pair.mentee.user)
        before = saved(pair)

        response = client.post(url("agreement-change", pair), answers(**changes))

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error: Agree your terms")
        assert message in html.field_error(response.content, field_id)
        assert "I listen." in response.content.decode()  # the rest of the input kept
        assert saved(pair) == before
        assert client.get(url("agreement-check", pair)).url == url("agreement-change", pair)

    def test_confirming_without_a_version_is_sent_back_not_an_error(self, client, pair):
        client.force_login(pair.mentor.user)

        response = client.post(url("agreement-confirm", pair), {"version": "soon"})

        assert response.url == url("agreement", pair)
        assert saved(pair)[:3] == (1, 0, 0)


class TestWhoMaySee:
    @pytest.mark.parametrize("name", [*PAGES, "agreement-confirm"])
    def test_anyone_else_gets_404_coordinators_included(self, client, pair, name):
        before = saved(pair)
        for someone in (UserFactory(), UserFactory(groups=[COORDINATORS], is_staff=True)):
            client.force_login(someone)
            if name != "agreement-confirm":
                assert client.get(url(name, pair)).status_code == 404
            assert client.post(url(name, pair), {**answers(), "version": "1"}).status_code == 404
        assert saved(pair) == before

    @pytest.mark.parametrize("name", [*PAGES, "agreement-confirm"])
    def test_not_once_the_mentorship_is_over(self, client, pair, name):
        Mentorship.objects.filter(pk=pair.pk).update(status=Status.COMPLETED)
        client.force_login(pair.mentee.user)

        if name != "agreement-confirm":
            assert client.get(url(name, pair)).status_code == 404
        assert client.post(url(name, pair), {"version": "1"}).status_code == 404

    def test_coordinators_keep_templates_in_admin_but_never_see_agreements(self, client, pair):
        client.force_login(UserFactory(groups=[COORDINATORS], is_staff=True))

        listing = client.get(reverse("admin:mentoring_agreementtemplate_changelist"))
        assert "Pathways standard agreement" in html.text(listing.content)
        added = client.post(
            reverse("admin:mentoring_agreementtemplate_add"),
            {
                "name": "Fortnightly for 3 months",
                "is_default": "on",
                "meeting_every_days": "14",
                "formats": ["video"],
                "duration_months": "3",
                "confidentiality": "Between us.",
                "mentee_expectations": "",
                "mentor_expectations": "",
            },
        )
        assert added.status_code == 302
        assert list(
            AgreementTemplate.objects.filter(is_default=True).values_list("name", flat=True)
        ) == ["Fortnightly for 3 months"]
        too_long = client.post(
            reverse("admin:mentoring_agreementtemplate_add"),
            {"name": "Too long", "meeting_every_days": "14", "duration_months": "30"},
        )
        assert too_long.status_code == 200
        assert not AgreementTemplate.objects.filter(name="Too long").exists()
        assert client.get("/admin/mentoring/agreement/").status_code == 404
        assert client.get("/admin/mentoring/agreementchange/").status_code == 404


class TestQueries:
    def page_queries(self, client, pair: Mentorship, changes: int) -> dict[str, int]:
        agreement = agreement_of(pair)
        services.confirm_terms(agreement=agreement, actor=pair.mentee.user, version=1)
        services.confirm_terms(agreement=agreement, actor=pair.mentor.user, version=1)
        for number in range(changes):
            agreement.refresh_from_db()
            services.change_terms(
                agreement=agreement,
                actor=pair.mentee.user,
                version=agreement.version,
                meeting_every_days=[7, 14][number % 2],
                formats=["video"],
                duration_months=6,
                new_goals=[f"Goal {number}"],
            )
        client.force_login(pair.mentor.user)
        counts = {}
        for name in ("mentorship", "agreement", "agreement-change"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(name, pair)).status_code == 200
            counts[name] = len(queries)
        return counts

    def test_the_pages_take_the_same_queries_with_one_change_or_six(self, client):
        few = MentorshipFactory(status=Status.ACTIVE)
        services.start_agreement(mentorship=few)
        many = MentorshipFactory(status=Status.ACTIVE)
        services.start_agreement(mentorship=many)

        assert self.page_queries(client, few, 1) == self.page_queries(client, many, 6)


class TestOnceOver:
    def test_agreed_terms_stay_on_the_page_read_only_unagreed_ones_go(self, client, pair):
        client.force_login(pair.mentee.user)
        agreement = agreement_of(pair)
        services.confirm_terms(agreement=agreement, actor=pair.mentee.user, version=1)
        services.confirm_terms(agreement=agreement, actor=pair.mentor.user, version=1)
        Mentorship.objects.filter(pk=pair.pk).update(status=Status.COMPLETED)
        other = MentorshipFactory(mentee=pair.mentee, status=Status.ACTIVE)
        services.start_agreement(mentorship=other)
        Mentorship.objects.filter(pk=other.pk).update(status=Status.ENDED_EARLY)

        agreed = html.text(client.get(pair.get_absolute_url()).content)
        never = html.text(client.get(other.get_absolute_url()).content)

        assert "Your mentoring agreement" in agreed and "have agreed these terms" in agreed
        assert "Change the terms" not in agreed
        assert "Your mentoring agreement" not in never


class TestMyMentoring:
    def waiting_mentor(self, mentees: int):
        first = MentorshipFactory(status=Status.ACTIVE)
        mentor = first.mentor
        for number in range(mentees):
            mentorship = (
                first if number == 0 else MentorshipFactory(mentor=mentor, status=Status.ACTIVE)
            )
            services.start_agreement(mentorship=mentorship)
        return mentor.user

    def test_terms_waiting_for_the_person_are_listed_in_the_same_queries(self, client):
        counts = []
        for mentees in (1, 4):
            user = self.waiting_mentor(mentees)
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                page = client.get(reverse("mentoring:dashboard"))
            counts.append(len(queries))
            text = html.text(page.content)
            assert text.count("Agree your terms with") == mentees
        assert counts[0] == counts[1]

    def test_terms_agreed_or_waiting_for_the_other_are_not_listed(self, client, pair):
        agreement = agreement_of(pair)
        services.confirm_terms(agreement=agreement, actor=pair.mentor.user, version=1)
        client.force_login(pair.mentor.user)

        assert "Agree your terms with" not in html.text(
            client.get(reverse("mentoring:dashboard")).content
        )
        client.force_login(pair.mentee.user)
        assert f"Agree your terms with {pair.mentor_name}" in html.text(
            client.get(reverse("mentoring:dashboard")).content
        )
