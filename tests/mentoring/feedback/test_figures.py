"""Coordinators see session ratings and pulses on the programme dashboard as totals, with the
Net Promoter Score; single answers only for a group of at least 5 people; never names or
notes."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.feedback import figures
from mentoring.feedback.figures import HIDDEN, SMALLEST_GROUP, PulseAnswer, group_of
from mentoring.feedback.models import Pulse, SessionRating
from portal.roles import COORDINATORS
from stories.models import Band, Region
from tests import html
from tests.factories import UserFactory

from .conftest import NOW, active_pair, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    return client


def answer(person: int, recommend: int = 9, going: int = 4) -> PulseAnswer:
    return PulseAnswer("mentee", going, recommend, person, Band.BAND_5, Region.LONDON)


@pytest.mark.parametrize(
    ("scores", "nps"),
    [
        ([], None),
        ([10, 9, 8, 7], 50.0),  # 2 promoters of 4, no detractors
        ([10, 0, 6, 8], -25.0),  # 1 promoter, 2 detractors
        ([6, 6], -100.0),
        ([9], 100.0),
    ],
)
def test_net_promoter_score_is_promoters_less_detractors_in_percent(scores, nps):
    assert figures.net_promoter_score(scores) == nps


def test_the_smallest_group_is_five_people():
    assert SMALLEST_GROUP == 5
    assert HIDDEN == "Fewer than 5 answers: hidden so no one can be identified"


def test_a_group_of_four_people_is_hidden():
    group = group_of("Band 5", [answer(person) for person in range(4)])

    assert group.hidden
    assert group.summary is None and group.single_answers == []


def test_a_group_of_five_people_shows_its_single_answers_without_names():
    group = group_of("Band 5", [answer(person, recommend=person + 6) for person in range(5)])

    assert not group.hidden
    assert group.people == 5
    assert group.summary.nps == 20.0  # 2 promoters (9, 10), 1 detractor (6), of 5
    assert group.single_answers == [("Well", 10), ("Well", 9), ("Well", 8), ("Well", 7),
                                    ("Well", 6)]  # fmt: skip


def test_five_answers_from_four_people_are_still_hidden():
    answers = [answer(person) for person in range(4)] + [answer(0)]

    assert group_of("Band 5", answers).hidden


def pulse(mentorship, role: str, recommend: int, going: int = 4, note: str = "") -> Pulse:
    return Pulse.objects.create(
        mentorship=mentorship,
        role=role,
        how_it_is_going=going,
        recommend=recommend,
        note=note,
        given_at=NOW,
    )


def programme(*, band_5: int, band_7: int) -> None:
    """Pairs whose mentees are in band 5 or 7, each answering the pulse, mentee and mentor."""
    for band, count in ((Band.BAND_5, band_5), (Band.BAND_7, band_7)):
        for number in range(count):
            mentorship = active_pair(mentee__band=band)
            pulse(mentorship, "mentee", 10 - number % 5, note="Private words to my mentor")
            pulse(mentorship, "mentor", 8)
            session = held(mentorship)
            SessionRating.objects.create(session=session, role="mentee", rating=4, given_at=NOW)
            SessionRating.objects.create(
                session=session, role="mentor", rating=3, given_at=NOW, note="Private"
            )


def test_the_dashboard_shows_totals_and_hides_small_groups(coordinator_client):
    programme(band_5=3, band_7=2)  # band 5: 6 people; band 7: 4 people

    response = coordinator_client.get(reverse("mentoring:programme"))

    assert response.status_code == 200
    text = html.text(response.content)
    assert "Session ratings and the halfway pulse" in text
    context = response.context["honest_feedback"]
    ratings = context["session_ratings"].rows
    assert ratings[3] == ["Very useful", 5, 0]
    assert ratings[2] == ["Useful", 0, 5]
    assert ratings[4] == ["Mean", "4.0", "3.0"]
    everyone = context["pulse"].rows[2]
    # mentees 10, 9, 8, 10, 9; mentors 8 x 5: 4 promoters, 6 passives, no detractors
    assert everyone == ["Everyone", 10, "4.0", 4, 6, 0, "40"]
    band, _region = context["pulse_groups"]
    assert band.rows == [
        ["Band 5", 6, 6, "4.0", "33"],
        ["Band 7", HIDDEN, "", "", ""],
    ]
    assert HIDDEN in text
    assert "Single answers: Band 5" in text
    assert "Single answers: Band 7" not in text
    assert "Private" not in text
    section = response.content.decode().split('aria-labelledby="honest-feedback-heading"')[1]
    section = section.split("</section>")[0]
    assert "Shah" not in section and "Reid" not in section  # every pair is Priya and Tom


def test_the_figures_download_as_csv(coordinator_client):
    programme(band_5=3, band_7=0)

    for figure, header in [
        ("session-ratings", "Rating (1 to 4)"),
        ("pulse", "Who answered"),
        ("pulse-scores", "Score (0 to 10)"),
        ("pulse-by-band", "Mentee’s band"),
        ("pulse-by-region", "Mentee’s region"),
    ]:
        response = coordinator_client.get(reverse("mentoring:programme-csv", args=[figure]))
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][0] == header
    assert rows[1][0] == "North West" and rows[1][1] == "6"


def test_only_coordinators_see_the_figures(client):
    client.force_login(active_pair().mentee.user)

    assert client.get(reverse("mentoring:programme")).status_code == 403
    assert client.get(reverse("mentoring:programme-csv", args=["pulse"])).status_code == 403


def test_the_dashboard_s_queries_do_not_grow_with_the_answers(coordinator_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(reverse("mentoring:programme")).status_code == 200
        return len(captured)

    programme(band_5=1, band_7=1)
    coordinator_client.get(reverse("mentoring:programme"))  # warm the session
    small = queries()
    programme(band_5=5, band_7=4)

    assert queries() == small
