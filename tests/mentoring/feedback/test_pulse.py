"""Given a mentorship halfway through its agreed duration, when each person answers the pulse,
then neither sees the other's answers until both have answered or the window has closed; a
pulse of someone else's mentorship is not found; bad input is explained and nothing written."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentoring.agreements.models import Agreement
from mentoring.feedback.models import Pulse, PulseAsk
from tests import html

from .conftest import NOW, TODAY, active_pair

pytestmark = pytest.mark.django_db


def pulse_url(mentorship) -> str:
    return reverse("mentoring:pulse", args=[mentorship.pk])


def page(client, mentorship) -> str:
    response = client.get(mentorship.get_absolute_url())
    assert response.status_code == 200
    return html.text(response.content)


ANSWER = {"how_it_is_going": "4", "recommend": "9", "note": "Going well."}


def test_the_pulse_card_shows_from_the_halfway_point_of_the_agreed_duration(client, clock):
    # Agreed: three months, so halfway at 45.5 days.
    mentorship = active_pair(started_days_ago=44)
    Agreement.objects.create(
        mentorship=mentorship,
        duration_months=3,
        mentee_confirmed_version=1,
        mentor_confirmed_version=1,
        agreed_at=NOW - timedelta(days=40),
    )
    client.force_login(mentorship.mentee.user)
    assert "Halfway pulse" not in page(client, mentorship)
    assert client.get(pulse_url(mentorship)).status_code == 404

    clock.shift(timedelta(days=2))
    client.force_login(mentorship.mentee.user)

    text = page(client, mentorship)
    assert "Halfway pulse" in text
    assert "Answer the halfway pulse" in text


def test_the_pulse_is_double_blind(client, pair):
    client.force_login(pair.mentee.user)

    assert client.post(pulse_url(pair), ANSWER).status_code == 302

    text = page(client, pair)
    assert (
        "Your answer is saved. You will see Tom Reid’s answer when they have answered too, "
        "or from 13 December 2026." in text
    )
    assert "Well. Would recommend having a mentor: 9 out of 10" in text
    client.force_login(pair.mentor.user)
    text = page(client, pair)
    assert "Going well" not in text and "Answer the halfway pulse" in text

    client.post(pulse_url(pair), {"how_it_is_going": "2", "recommend": "5", "note": ""})

    text = page(client, pair)
    assert "You can now see Priya Shah’s answer." in text
    assert "Going well." in text and "9 out of 10" in text
    client.force_login(pair.mentee.user)
    assert "Badly. Would recommend having a mentor: 5 out of 10" in page(client, pair)


def test_after_the_window_closes_the_answer_is_shown_and_no_more_are_taken(client, pair, clock):
    client.force_login(pair.mentee.user)
    client.post(pulse_url(pair), ANSWER)
    clock.shift(timedelta(days=13))  # the window opened 8 days ago and runs for 21
    client.force_login(pair.mentor.user)

    text = page(client, pair)
    assert "Going well." in text
    assert "You did not answer." in text
    assert "Answer the halfway pulse" not in text
    client.post(pulse_url(pair), ANSWER)
    assert Pulse.objects.count() == 1


def test_a_pulse_of_someone_else_s_mentorship_is_not_found(client, pair):
    client.force_login(active_pair().mentee.user)

    assert client.get(pulse_url(pair)).status_code == 404
    assert client.post(pulse_url(pair), ANSWER).status_code == 404
    assert not Pulse.objects.exists()


def test_a_double_submit_keeps_the_first_answer_and_says_so(client, pair):
    client.force_login(pair.mentee.user)
    client.post(pulse_url(pair), ANSWER)

    response = client.post(pulse_url(pair), {**ANSWER, "recommend": "0"})

    assert "You have already answered this pulse. Your first answer stands." in html.text(
        response.content
    )
    assert list(Pulse.objects.values_list("recommend", flat=True)) == [9]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"recommend": "11"}, "recommend", "Choose a number from 0 to 10"),
        ({"recommend": "-1"}, "recommend", "Choose a number from 0 to 10"),
        ({"recommend": ""}, "recommend", "Choose a number from 0 to 10"),
        ({"how_it_is_going": "6"}, "how_it_is_going", "Choose how your mentoring is going"),
        ({"note": "x" * 2001}, "note", "Your note must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_explained_with_the_input_kept_and_nothing_written(
    client, pair, data, field, message
):
    client.force_login(pair.mentee.user)

    response = client.post(pulse_url(pair), {**ANSWER, **data})

    assert response.status_code == 200
    assert message in html.error_summary_links(response.content).values()
    if field != "note":
        assert ">\nGoing well.</textarea>" in response.content.decode()
    assert not Pulse.objects.exists()


def test_a_mentorship_that_ended_before_it_was_asked_shows_no_pulse(client, pair):
    pair.status = "ended-early"
    pair.save()
    client.force_login(pair.mentee.user)

    assert "Halfway pulse" not in page(client, pair)
    assert client.post(pulse_url(pair), ANSWER).status_code == 404


def test_once_asked_the_window_stands_when_the_terms_change(client, pair):
    PulseAsk.objects.create(
        mentorship=pair,
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=20),
        asked_at=NOW,
    )
    Agreement.objects.create(
        mentorship=pair,
        duration_months=24,  # halfway would now be a year away
        mentee_confirmed_version=1,
        mentor_confirmed_version=1,
        agreed_at=NOW,
    )
    client.force_login(pair.mentor.user)

    assert "Answer the halfway pulse" in page(client, pair)
    assert client.post(pulse_url(pair), ANSWER).status_code == 302
