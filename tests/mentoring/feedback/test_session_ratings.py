"""Given a session held, when each person rates it, then neither sees the other's rating until
both have rated it or the rating window has closed; a session not held, or of someone else's
mentorship, cannot be rated; bad input is explained and nothing is written."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentoring.feedback.models import SessionRating
from mentoring.models import Booking, SessionLog
from tests import html
from tests.factories import BookingFactory, MentorshipFactory

from .conftest import TODAY, active_pair, held

pytestmark = pytest.mark.django_db


def rate_url(session: SessionLog) -> str:
    return reverse("mentoring:rate-session", args=[session.mentorship_id, session.pk])


def page(client, mentorship) -> str:
    response = client.get(mentorship.get_absolute_url())
    assert response.status_code == 200
    return html.text(response.content)


def test_the_mentorship_page_offers_to_rate_each_held_unrated_session_in_the_window(client, pair):
    recent = held(pair, days_ago=2)
    held(pair, days_ago=20)  # its window closed 6 days ago
    client.force_login(pair.mentee.user)

    response = client.get(pair.get_absolute_url())

    links = [a["href"] for a in html.elements(response.content, "a") if "/rate/" in a["href"]]
    assert links == [rate_url(recent)]
    assert "Rate this session on 28 November 2026 by 11 December 2026" in html.text(
        response.content
    )


def test_rating_keeps_the_other_persons_answer_hidden_until_both_have_rated(client, pair):
    session = held(pair)
    client.force_login(pair.mentee.user)

    response = client.post(rate_url(session), {"rating": "3", "note": "Clear next steps."})

    assert response.status_code == 302
    assert SessionRating.objects.get().rating == 3
    text = page(client, pair)
    assert (
        "Your answer is saved. You will see Tom Reid’s answer when they have answered too, "
        "or from 12 December 2026." in text
    )
    assert "Useful (3 of 4)" in text

    client.force_login(pair.mentor.user)
    text = page(client, pair)
    assert "Clear next steps" not in text  # the mentor has not rated it yet
    assert "Useful (3 of 4)" not in text
    client.post(rate_url(session), {"rating": "4", "note": ""})
    text = page(client, pair)
    assert "You can now see Priya Shah’s answer." in text
    assert "Useful (3 of 4)" in text and "Clear next steps" in text

    client.force_login(pair.mentee.user)
    assert "Very useful (4 of 4)" in page(client, pair)


def test_after_the_window_closes_each_sees_what_the_other_said(client, pair, clock):
    session = held(pair)
    client.force_login(pair.mentee.user)
    client.post(rate_url(session), {"rating": "2", "note": ""})
    client.force_login(pair.mentor.user)

    assert "(2 of 4)" not in html.text(client.get(rate_url(session)).content)
    clock.shift(timedelta(days=12))  # 14 days after the session
    client.force_login(pair.mentor.user)  # a new sign-in: the session ended while idle

    response = client.get(rate_url(session))
    text = html.text(response.content)
    assert "The time to rate this session ended on 11 December 2026." in text
    assert "Somewhat useful (2 of 4)" in text
    assert html.elements(response.content, "input", name="rating") == []
    # ...and it is too late to rate it.
    client.post(rate_url(session), {"rating": "4", "note": ""})
    assert SessionRating.objects.count() == 1


def test_a_double_submit_keeps_the_first_answer_and_says_so(client, pair):
    session = held(pair)
    client.force_login(pair.mentee.user)
    client.post(rate_url(session), {"rating": "1", "note": "First"})

    response = client.post(rate_url(session), {"rating": "4", "note": "Second"})

    assert response.status_code == 200
    assert "You have already rated this session. Your first answer stands." in html.text(
        response.content
    )
    assert list(SessionRating.objects.values_list("rating", "note")) == [(1, "First")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "5"}, "Choose a rating from 1 to 4"),
        ({"rating": "0"}, "Choose a rating from 1 to 4"),
        ({"rating": "lots"}, "Choose a rating from 1 to 4"),
        ({}, "Choose how useful the session was"),
        ({"rating": "3", "note": "x" * 2001}, "Your note must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_explained_with_the_input_kept_and_nothing_written(
    client, pair, data, message
):
    session = held(pair)
    client.force_login(pair.mentee.user)

    response = client.post(rate_url(session), {"note": "Kept", **data})

    assert response.status_code == 200
    assert message in html.error_summary_links(response.content).values()
    assert html.title(response.content).startswith("Error: ")
    if "note" not in data:
        assert ">\nKept</textarea>" in response.content.decode()
    assert not SessionRating.objects.exists()


def test_a_session_not_held_cannot_be_rated(client, pair):
    future = SessionLog.objects.create(
        mentorship=pair, held_on=TODAY + timedelta(days=1), summary="Not yet"
    )
    client.force_login(pair.mentee.user)

    assert client.get(rate_url(future)).status_code == 404
    assert client.post(rate_url(future), {"rating": "4"}).status_code == 404
    assert not SessionRating.objects.exists()


def test_a_booking_not_held_has_no_session_to_rate(client, pair):
    booked = BookingFactory(mentorship=pair)  # in two days
    cancelled = BookingFactory(mentorship=pair, status=Booking.Status.CANCELLED)
    no_show = BookingFactory(mentorship=pair, status=Booking.Status.MENTEE_ABSENT)
    client.force_login(pair.mentee.user)

    text = page(client, pair)

    assert "Rate this session" not in text
    assert [b.session for b in (booked, cancelled, no_show)] == [None, None, None]
    # A made-up session number is not found either.
    url = reverse("mentoring:rate-session", args=[pair.pk, 999_999])
    assert client.post(url, {"rating": "4"}).status_code == 404
    assert not SessionRating.objects.exists()


def test_a_session_of_another_mentorship_is_not_found(client, pair):
    other = held(MentorshipFactory(status="active", mentee__user__first_name="Sam"))
    client.force_login(pair.mentee.user)

    # Through her own mentorship's address, or through the other one's.
    own = reverse("mentoring:rate-session", args=[pair.pk, other.pk])
    assert client.post(own, {"rating": "4"}).status_code == 404
    assert client.post(rate_url(other), {"rating": "4"}).status_code == 404
    assert not SessionRating.objects.exists()


def test_someone_outside_the_pair_cannot_see_the_ratings(client, pair):
    session = held(pair)
    client.force_login(pair.mentee.user)
    client.post(rate_url(session), {"rating": "3", "note": "Private"})
    client.force_login(active_pair().mentee.user)

    assert client.get(rate_url(session)).status_code == 404


def test_the_mentorship_page_runs_the_same_queries_however_many_sessions(client, pair):
    client.force_login(pair.mentee.user)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(pair.get_absolute_url()).status_code == 200
        return len(captured)

    session = held(pair, days_ago=1)
    SessionRating.objects.create(
        session=session, role="mentor", rating=4, given_at=session.created_at
    )
    client.get(pair.get_absolute_url())
    small = queries()
    for days in range(2, 8):
        rated = held(pair, days_ago=days)
        SessionRating.objects.create(
            session=rated, role="mentee", rating=2, given_at=rated.created_at
        )

    assert queries() == small


def test_my_mentoring_lists_what_waits_for_my_answer(client, pair):
    from mentoring.feedback.models import PulseAsk

    from .conftest import NOW

    session = held(pair, days_ago=3)
    held(pair, days_ago=20)  # too late to rate
    PulseAsk.objects.create(
        mentorship=pair,
        opens_on=TODAY - timedelta(days=8),
        closes_on=TODAY + timedelta(days=13),
        asked_at=NOW,
    )
    client.force_login(pair.mentor.user)

    response = client.get(reverse("mentoring:dashboard"))

    text = html.text(response.content)
    assert "Answer the halfway pulse: Priya Shah, by 12 December 2026" in text
    assert "Rate your session on 27 November 2026: Priya Shah" in text
    assert text.count("Rate your session on") == 1
    links = {a["href"] for a in html.elements(response.content, "a")}
    assert {rate_url(session), reverse("mentoring:pulse", args=[pair.pk])} <= links

    client.post(rate_url(session), {"rating": "3"})
    text = html.text(client.get(reverse("mentoring:dashboard")).content)
    assert "Rate your session on" not in text
    # The mentee's own answers are still waiting for hers.
    client.force_login(pair.mentee.user)
    text = html.text(client.get(reverse("mentoring:dashboard")).content)
    assert "Rate your session on 27 November 2026: Tom Reid" in text
