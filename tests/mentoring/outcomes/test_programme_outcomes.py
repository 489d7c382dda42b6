"""The programme dashboard's outcomes: goal confidence change, band or role moves at 6 and 12
months, time to match and time to first meeting, for everyone, by region, by band, and by lived
experience only for people who opted in and only in groups of at least 5; each with its chart,
table and CSV."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer, SessionLog
from mentoring.outcomes.selectors import HIDDEN
from portal.roles import COORDINATORS
from tests.factories import MenteeProfileFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Status = Mentorship.Status
RANGE = {
    **{"date_from_0": "2", "date_from_1": "3", "date_from_2": "2026"},
    **{"date_to_0": "15", "date_to_1": "3", "date_to_2": "2026"},
}
CARER = "carer"


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=LONDON)


def mentee(region="london", band="5", lived=(), counted=False):
    return MenteeProfileFactory(
        region=region, band=band, lived_experience=list(lived), include_in_figures=counted
    )


def rated(person, start: int, end: int, *, on: datetime | None = None) -> Mentorship:
    on = on or at(5)
    mentorship = MentorshipFactory(
        mentee=person, status=Status.COMPLETED, requested_at=at(1, 1), started_at=at(2, 1),
        ended_at=on,
    )  # fmt: skip
    goal = Goal.objects.create(mentorship=mentorship, text="Lead")
    GoalConfidence.objects.create(goal=goal, stage="start", rating=start, rated_at=at(3, 1))
    GoalConfidence.objects.create(goal=goal, stage="end", rating=end, rated_at=on)
    return mentorship


def answered(person, months: int, *, role=False, band=False, on=None) -> OutcomeAnswer:
    on = on or at(6)
    mentorship = MentorshipFactory(
        mentee=person, status=Status.COMPLETED, ended_at=on - timedelta(days=months * 31)
    )
    return OutcomeAnswer.objects.create(
        mentorship=mentorship, months=months, role_changed=role, band_changed=band,
        band_now="6" if band else "", helped="a-lot", answered_at=on,
    )  # fmt: skip


def started(person, *, waited: int, first_session_after: int | None) -> Mentorship:
    mentorship = MentorshipFactory(
        mentee=person, status=Status.ACTIVE, requested_at=at(4) - timedelta(days=waited),
        started_at=at(4),
    )  # fmt: skip
    if first_session_after is not None:
        SessionLog.objects.create(
            mentorship=mentorship,
            held_on=date(2026, 3, 4) + timedelta(days=first_session_after),
            summary="Met",
        )
    return mentorship


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    return client


def dashboard(client, **params):
    response = client.get(reverse("mentoring:programme"), {**RANGE, **params})
    assert response.status_code == 200
    return response


def rows(response, name: str) -> dict[str, list]:
    return {row[0]: row[1:] for row in response.context[name].rows}


def test_goal_confidence_change_for_everyone_by_region_and_band(coordinator):
    rated(mentee("london", "5"), 2, 4)
    rated(mentee("london", "6"), 3, 4)
    rated(mentee("north-west", "5"), 1, 4)
    rated(mentee("london", "5"), 2, 5, on=at(1, 2))  # ended before the dates
    unrated_start = MentorshipFactory(mentee=mentee(), status=Status.COMPLETED)
    goal = Goal.objects.create(mentorship=unrated_start, text="No start rating")
    GoalConfidence.objects.create(goal=goal, stage="end", rating=5, rated_at=at(5))

    figures = rows(dashboard(coordinator), "confidence")

    assert figures["All mentees"] == [3, 3, "2.0", "4.0", "2.0"]
    assert figures["Region: London"] == [2, 2, "2.5", "4.0", "1.5"]
    assert figures["Region: North West"] == [1, 1, "1.0", "4.0", "3.0"]
    assert figures["Band: Band 5"] == [2, 2, "1.5", "4.0", "2.5"]
    assert figures["Band: Band 6"] == [1, 1, "3.0", "4.0", "1.0"]
    assert list(figures) == [
        "All mentees", "Region: London", "Region: North West", "Band: Band 5", "Band: Band 6",
    ]  # fmt: skip


def test_band_or_role_moves_at_6_and_12_months(coordinator):
    answered(mentee("london"), 6, band=True)
    answered(mentee("london"), 6)
    answered(mentee("london"), 12, role=True)
    answered(mentee("north-west"), 6, role=True, band=True)
    answered(mentee("london"), 6, band=True, on=at(1, 1))  # answered before the dates

    figures = rows(dashboard(coordinator), "moves")

    assert figures["All mentees"] == [4, 3, 2, "67", 1, 1, "100"]
    assert figures["Region: London"] == [3, 2, 1, "50", 1, 1, "100"]
    assert figures["Region: North West"] == [1, 1, 1, "100", 0, 0, ""]


def test_time_to_match_and_to_first_meeting_are_medians_in_days(coordinator):
    started(mentee("london"), waited=2, first_session_after=7)
    started(mentee("london"), waited=4, first_session_after=3)
    started(mentee("midlands"), waited=10, first_session_after=None)

    response = dashboard(coordinator)

    assert rows(response, "time_to_match")["All mentees"] == [3, 3, "4.0"]
    assert rows(response, "time_to_match")["Region: London"] == [2, 2, "3.0"]
    assert rows(response, "first_meeting")["All mentees"] == [2, 2, "5.0"]
    assert "Region: Midlands" not in rows(response, "first_meeting")


def test_lived_experience_shows_only_people_who_opted_in_and_only_groups_of_5(coordinator):
    for _ in range(5):
        rated(mentee(lived=[CARER], counted=True), 2, 4)
    rated(mentee(lived=[CARER], counted=False), 1, 1)  # declared it, but did not opt in
    for _ in range(4):
        rated(mentee(lived=["disabled"], counted=True), 1, 5)

    response = dashboard(coordinator)
    figures = rows(response, "confidence")

    assert figures["Lived experience: Carer"] == [5, 5, "2.0", "4.0", "2.0"]
    assert figures["Lived experience: Disabled"] == [HIDDEN, "", "", "", ""]
    assert figures["All mentees"][0] == 10
    content = response.content.decode()
    assert "Fewer than 5 people: hidden so no one can be identified" in content
    assert "5.0" not in content.split("Lived experience: Disabled", 1)[1].split("</tr>", 1)[0]


def test_a_group_of_5_goals_from_fewer_than_5_people_is_still_hidden(coordinator):
    person = mentee(lived=[CARER], counted=True)
    for _ in range(5):
        rated(person, 2, 4)

    figures = rows(dashboard(coordinator), "confidence")

    assert figures["Lived experience: Carer"][0] == HIDDEN


def test_the_region_filter_narrows_the_outcomes(coordinator):
    rated(mentee("london"), 2, 4)
    rated(mentee("north-west"), 1, 4)

    figures = rows(dashboard(coordinator, region="north-west"), "confidence")

    assert figures["All mentees"] == [1, 1, "1.0", "4.0", "3.0"]
    assert "Region: London" not in figures


@pytest.mark.parametrize(
    ("figure", "header"),
    [
        ("confidence", ["Group", "People", "Goals rated", "Average at the start",
                        "Average at the end", "Average change"]),
        ("moves", ["Group", "People", "Answers at 6 months", "Moved at 6 months",
                   "Moved at 6 months (%)", "Answers at 12 months", "Moved at 12 months",
                   "Moved at 12 months (%)"]),
        ("time-to-match", ["Group", "People", "Mentorships",
                           "Median days from request to start"]),
        ("first-meeting", ["Group", "People", "Mentorships",
                           "Median days from start to first session"]),
    ],
)  # fmt: skip
def test_every_outcome_downloads_as_csv_with_the_same_figures(coordinator, figure, header):
    for _ in range(5):
        person = mentee(lived=[CARER], counted=True)
        rated(person, 2, 4)
        answered(person, 6, band=True)
        started(person, waited=3, first_session_after=5)
    rated(mentee(lived=["disabled"], counted=True), 1, 5)
    page = dashboard(coordinator)

    response = coordinator.get(reverse("mentoring:programme-csv", args=[figure]), RANGE)

    assert response.status_code == 200
    found = list(csv.reader(io.StringIO(response.content.decode())))
    assert found[0] == header
    table = page.context[figure.replace("-", "_")]
    assert found[1:] == [[str(cell) for cell in row] for row in table.rows]
    assert any(row[0] == "Lived experience: Carer" for row in found)


def test_only_coordinators_see_the_outcome_figures(client):
    client.force_login(UserFactory())

    assert client.get(reverse("mentoring:programme-csv", args=["moves"])).status_code == 403


def test_an_empty_programme_says_so(coordinator):
    response = dashboard(coordinator)

    assert rows(response, "confidence") == {"All mentees": [0, 0, "", "", ""]}
    assert response.context["confidence"].chart.empty


def test_outcome_charts_name_the_highest_and_never_add_up_averages(coordinator):
    rated(mentee("london"), 2, 4)
    rated(mentee("north-west"), 1, 5)

    chart = dashboard(coordinator).context["confidence"].chart

    assert "in all" not in chart.summary
    assert "At the end: highest in North West (5)" in chart.summary
    assert [label.text for label in chart.labels] == ["All", "London", "North West"]
