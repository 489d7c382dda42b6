"""Nothing people type is lost: a change the rules refuse shows the form again, with the reason
next to the input it is about (or at the top) and everything typed still in it. Booking pages
answer 400 for a form error and 409 for a change refused because of what happened meanwhile;
other mentoring forms answer 200 with the error summary. And one limit per kind of text, the
same on every page that asks for it, stated in the hint."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.models import (
    Booking,
    Feedback,
    Goal,
    MenteeProfile,
    Mentorship,
    RoundProposal,
    SessionLog,
)
from tests import html
from tests.factories import (
    BookingFactory,
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SlotFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Mentorship.Status
TYPED = "Some careful words I would not want to type again"


def as_user(client, user):
    client.force_login(user)
    return client


def assert_shown_again(response, *, status: int, message: str, field: str = "") -> str:
    """The form came back with the message and the typed text; returns the page's text."""
    assert response.status_code == status
    content = response.content.decode()
    assert html.title(content).startswith("Error:")
    assert TYPED in content, "what was typed is kept"
    summary = html.error_summary_links(content)
    page = html.text(content)
    assert message in page
    if field:
        assert message in html.field_error(content, f"id_{field}")
        # A date's link lands on its first input (day).
        anchor = f"#id_{field}" if f"#id_{field}" in summary else f"#id_{field}_0"
        assert message in summary[anchor]
    return page


class TestRefusedChangesKeepWhatWasTyped:
    def test_a_session_dated_in_the_future_keeps_the_notes(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        tomorrow = timezone.localdate() + timedelta(days=1)

        response = as_user(client, mentorship.mentee.user).post(
            reverse("mentoring:log-session", args=[mentorship.pk]),
            {
                "held_on_0": tomorrow.day,
                "held_on_1": tomorrow.month,
                "held_on_2": tomorrow.year,
                "summary": TYPED,
                "next_steps": "Read the handbook",
            },
        )

        assert_shown_again(
            response,
            status=200,
            message="The session date must be today or in the past.",
            field="held_on",
        )
        assert "Read the handbook" in response.content.decode()
        assert not SessionLog.objects.exists()

    def test_ending_a_mentorship_the_other_has_just_completed_keeps_the_reason(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        services.complete(mentorship=mentorship, actor=mentorship.mentor.user)

        response = as_user(client, mentorship.mentee.user).post(
            reverse("mentoring:end-early", args=[mentorship.pk]), {"reason": TYPED}
        )

        assert_shown_again(response, status=200, message="this mentorship is completed")

    def test_an_answer_to_a_request_declined_meanwhile_is_kept(self, client):
        mentorship = MentorshipFactory(status=Status.DECLINED)

        response = as_user(client, mentorship.mentee.user).post(
            reverse("mentoring:answer", args=[mentorship.pk]), {"answer": TYPED}
        )

        assert_shown_again(response, status=200, message="You cannot answer a question")

    def test_declining_a_request_withdrawn_meanwhile_keeps_the_reason(self, client):
        mentorship = MentorshipFactory(status=Status.WITHDRAWN)

        response = as_user(client, mentorship.mentor.user).post(
            reverse("mentoring:decline", args=[mentorship.pk]), {"reason": TYPED}
        )

        assert_shown_again(response, status=200, message="this mentorship is withdrawn")

    def test_a_second_question_keeps_its_words(self, client):
        mentorship = MentorshipFactory(status=Status.MORE_INFORMATION)

        response = as_user(client, mentorship.mentor.user).post(
            reverse("mentoring:ask", args=[mentorship.pk]), {"question": TYPED}
        )

        assert_shown_again(response, status=200, message="You cannot ask for more information")

    def test_a_goal_added_after_the_mentorship_ended_is_kept_on_the_page(self, client):
        mentorship = MentorshipFactory(status=Status.COMPLETED)

        response = as_user(client, mentorship.mentor.user).post(
            reverse("mentoring:add-goal", args=[mentorship.pk]), {"text": TYPED}
        )

        assert_shown_again(response, status=200, message="You cannot add a goal")
        assert not Goal.objects.exists()

    def test_feedback_given_twice_keeps_the_second_comment(self, client):
        mentorship = MentorshipFactory(status=Status.COMPLETED)
        services.give_feedback(
            mentorship=mentorship, actor=mentorship.mentee.user, rating=5, comment="First"
        )

        response = as_user(client, mentorship.mentee.user).post(
            reverse("mentoring:feedback", args=[mentorship.pk]),
            {"rating": "2", "comment": TYPED},
        )

        assert_shown_again(response, status=200, message="already given feedback")
        assert Feedback.objects.get().comment == "First"

    def test_cancelling_a_session_that_has_started_keeps_the_reason(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        slot = SlotFactory(mentor=mentorship.mentor, starts_at=timezone.now() - timedelta(hours=1))
        booking = BookingFactory(mentorship=mentorship, slot=slot)

        response = as_user(client, mentorship.mentor.user).post(
            reverse("mentoring:cancel-booking", args=[booking.pk]), {"reason": TYPED}
        )

        assert_shown_again(response, status=409, message="can no longer be cancelled")
        assert Booking.objects.get().status == Booking.Status.BOOKED

    def test_an_outcome_recorded_before_the_session_keeps_the_summary(self, client):
        booking = BookingFactory()

        response = as_user(client, booking.mentorship.mentor.user).post(
            reverse("mentoring:booking-outcome", args=[booking.pk]),
            {"outcome": "held", "summary": TYPED},
        )

        assert_shown_again(
            response, status=409, message="You can say whether the session was held from"
        )
        assert not SessionLog.objects.exists()

    def test_declining_a_match_that_has_just_started_keeps_the_reason(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        RoundProposal.objects.create(
            round=MatchingRoundFactory(),
            mentee=mentorship.mentee,
            mentor=mentorship.mentor,
            mentorship=mentorship,
        )

        response = as_user(client, mentorship.mentee.user).post(
            reverse("mentoring:match-decline", args=[mentorship.pk]), {"reason": TYPED}
        )

        assert_shown_again(response, status=200, message="no longer waiting for confirmation")


def profile_form(**changes) -> dict:
    return {
        "current_role": "Service desk analyst",
        "band": "4",
        "organisation": "Bolton NHS Foundation Trust",
        "region": "north-west",
        "background": "technical",
        "themes": [],
        "goals": "Lead a team",
        "formats": ["video"],
        **changes,
    }


def count_hint(content: bytes, field_id: str) -> str:
    """The NHS.UK character count's message under a textarea, checking it is wired up."""
    page = content.decode()
    [group] = re.findall(
        rf'<div class="[^"]*nhsuk-character-count[^"]*"[^>]*>(?:(?!</textarea>).)*'
        rf'id="{field_id}"',
        page,
        re.S,
    )
    assert 'data-module="nhsuk-character-count"' in group
    [textarea] = html.elements(page, "textarea", id=field_id)
    assert "maxlength" not in textarea, "a maxlength would cut off pasted text"
    assert "nhsuk-js-character-count" in textarea["class"].split()
    assert f"{field_id}-info" in textarea["aria-describedby"].split()
    match = re.search(rf'id="{field_id}-info"[^>]*>(.*?)</div>', page, re.S)
    return " ".join(match.group(1).split()) if match else ""


class TestOneLimitPerKindOfText:
    def test_a_profile_refuses_goals_that_a_request_could_not_send(self, client):
        theme = ThemeFactory()
        as_user(client, UserFactory())

        response = client.post(
            reverse("mentoring:mentee-profile"),
            profile_form(themes=[theme.pk], goals=TYPED + "x" * 2000),
        )

        assert_shown_again(
            response,
            status=200,
            message="What you hope to get from mentoring must be 2,000 characters or fewer",
            field="goals",
        )
        assert not MenteeProfile.objects.exists()

    def test_goals_at_the_limit_in_a_profile_go_into_a_request_as_they_are(self, client):
        goals = "g" * 2000
        mentee = MenteeProfileFactory(goals=goals)
        mentor = MentorProfileFactory()
        as_user(client, mentee.user)
        page = client.get(reverse("mentoring:request", args=[mentor.pk]))
        assert goals in page.content.decode()

        sent = client.post(
            reverse("mentoring:request", args=[mentor.pk]),
            {"message": "Hello", "goals": goals},
        )

        assert sent.status_code == 302
        assert Mentorship.objects.get().goals == goals

    def test_the_same_kind_of_text_has_the_same_limit_stated_on_every_page(self, client):
        mentee = MenteeProfileFactory()
        mentor = MentorProfileFactory()
        active = MentorshipFactory(mentee=mentee, mentor=mentor, status=Status.ACTIVE)
        started = timezone.now() - timedelta(hours=1)
        past = BookingFactory(mentorship=active, slot=SlotFactory(mentor=mentor, starts_at=started))
        as_user(client, mentee.user)
        profile_goals = count_hint(
            client.get(reverse("mentoring:mentee-profile")).content, "id_goals"
        )
        request_goals = count_hint(
            client.get(reverse("mentoring:request", args=[MentorProfileFactory().pk])).content,
            "id_goals",
        )
        as_user(client, mentor.user)
        session_summary = count_hint(
            client.get(reverse("mentoring:log-session", args=[active.pk])).content, "id_summary"
        )
        outcome_summary = count_hint(
            client.get(reverse("mentoring:booking-outcome", args=[past.pk])).content,
            "id_summary",
        )
        end_reason = count_hint(
            client.get(reverse("mentoring:end-early", args=[active.pk])).content, "id_reason"
        )
        upcoming = BookingFactory(mentorship=active, slot=SlotFactory(mentor=mentor))
        cancel_reason = count_hint(
            client.get(reverse("mentoring:cancel-booking", args=[upcoming.pk])).content,
            "id_reason",
        )

        assert profile_goals == request_goals == "You can enter up to 2,000 characters"
        assert session_summary == outcome_summary == "You can enter up to 3,000 characters"
        assert end_reason == cancel_reason == "You can enter up to 2,000 characters"

    def test_text_over_the_limit_is_refused_next_to_the_field_and_kept_whole(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        too_long = TYPED + "x" * 3000

        response = as_user(client, mentorship.mentor.user).post(
            reverse("mentoring:log-session", args=[mentorship.pk]),
            {
                "held_on_0": timezone.localdate().day,
                "held_on_1": timezone.localdate().month,
                "held_on_2": timezone.localdate().year,
                "summary": too_long,
            },
        )

        assert_shown_again(
            response,
            status=200,
            message="What you talked about must be 3,000 characters or fewer",
            field="summary",
        )
        assert too_long in response.content.decode()
