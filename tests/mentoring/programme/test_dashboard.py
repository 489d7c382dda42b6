"""The programme dashboard: each figure right on a small known programme, filtered by region
and dates, every figure as CSV, charts with their tables, coordinators only, and a number of
queries that does not grow with the programme."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.bookings import services as booking_services
from mentoring.models import (
    Booking,
    Feedback,
    Goal,
    GoalConfidence,
    MenteeProfile,
    Mentorship,
    OutcomeAnswer,
    RoundProposal,
    SessionLog,
)
from mentoring.programme import charts
from portal.roles import COORDINATORS
from tests.factories import (
    BookingFactory,
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SlotFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
Status = Mentorship.Status
pytestmark = pytest.mark.django_db

# Two weeks: Monday 2 March and Monday 9 March 2026.
RANGE = {
    **{"date_from_0": "2", "date_from_1": "3", "date_from_2": "2026"},
    **{"date_to_0": "15", "date_to_1": "3", "date_to_2": "2026"},
}


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=LONDON)


def request(region: str, requested: datetime, status: str, *, answered_after=None, **fields):
    answered = requested + answered_after if answered_after else None
    return MentorshipFactory(
        mentee=MenteeProfileFactory(region=region),
        mentor=MentorProfileFactory(capacity=5),
        status=status,
        requested_at=requested,
        first_answered_at=answered,
        started_at=answered if status == Status.ACTIVE else None,
        **fields,
    )


def programme(*, extra: int = 0) -> dict:
    """A small programme with a known answer; `extra` adds that many more of everything."""
    accepted = request("london", at(2), Status.ACTIVE, answered_after=timedelta(days=1))
    request("london", at(4), Status.DECLINED, answered_after=timedelta(days=3))
    request("north-west", at(10), Status.EXPIRED)
    request("london", at(12), Status.REQUESTED)
    request("london", at(10, month=2), Status.DECLINED, answered_after=timedelta(days=1))
    # A match a round proposed is not a request.
    proposed = request("london", at(3), Status.PROPOSED)
    RoundProposal.objects.create(
        round=MatchingRoundFactory(), mentee=proposed.mentee, mentor=proposed.mentor,
        mentorship=proposed,
    )  # fmt: skip
    SessionLog.objects.create(mentorship=accepted, held_on=date(2026, 3, 3), summary="Met")
    SessionLog.objects.create(mentorship=accepted, held_on=date(2026, 3, 10), summary="Met")
    slot = SlotFactory(
        mentor=accepted.mentor, starts_at=at(11, 14), ends_at=at(11, 14) + timedelta(hours=1)
    )
    BookingFactory(mentorship=accepted, slot=slot, status=Booking.Status.NOT_HELD)
    for role, rating in [("mentee", 5), ("mentor", 3)]:
        feedback = Feedback.objects.create(mentorship=accepted, role=role, rating=rating)
        Feedback.objects.filter(pk=feedback.pk).update(given_at=at(6))
    ended = request("north-west", at(2, month=1), Status.COMPLETED)
    Feedback.objects.filter(
        pk=Feedback.objects.create(mentorship=ended, role="mentee", rating=4).pk
    ).update(given_at=at(9))
    outcomes(ended.mentee, finished_on=at(9))
    # Capacity: one place left (near), none left (at), and plenty left (not shown).
    near = MentorProfileFactory(capacity=2, region="london", user__last_name="Near")
    MentorshipFactory(mentor=near, status=Status.ACTIVE, requested_at=at(1, month=1))
    full = MentorProfileFactory(capacity=1, region="north-west", user__last_name="Full")
    MentorshipFactory(mentor=full, status=Status.PROPOSED, requested_at=at(1, month=1))
    roomy = MentorProfileFactory(capacity=3, region="london")
    MentorshipFactory(mentor=roomy, status=Status.ACTIVE, requested_at=at(1, month=1))
    for number in range(extra):
        more = request("midlands", at(5) + timedelta(minutes=number), Status.ACTIVE,
                       answered_after=timedelta(days=2))  # fmt: skip
        SessionLog.objects.create(mentorship=more, held_on=date(2026, 3, 5), summary="Met")
        outcomes(more.mentee, finished_on=at(6))
        Feedback.objects.create(mentorship=more, role="mentor", rating=4)
        MentorProfileFactory(capacity=1).mentorships.create(
            mentee=MenteeProfileFactory(), status=Status.ACTIVE, requested_at=at(1, month=1)
        )
    return {"near": near, "full": full}


def outcomes(mentee, *, finished_on: datetime) -> None:
    """A finished mentorship of this mentee, with goal confidence at the start and the end and
    a 6-month answer, the mentee counted by lived experience."""
    MenteeProfile.objects.filter(pk=mentee.pk).update(
        lived_experience=["carer"], include_in_figures=True
    )
    done = MentorshipFactory(
        mentee=mentee, mentor=MentorProfileFactory(), status=Status.COMPLETED,
        requested_at=at(1, month=1), started_at=at(2, month=1), ended_at=finished_on,
    )  # fmt: skip
    goal = Goal.objects.create(mentorship=done, text="Lead")
    GoalConfidence.objects.create(goal=goal, stage="start", rating=2, rated_at=at(3, month=1))
    GoalConfidence.objects.create(goal=goal, stage="end", rating=4, rated_at=finished_on)
    OutcomeAnswer.objects.create(
        mentorship=done, months=6, role_changed=True, band_changed=False, helped="a-lot",
        answered_at=finished_on,
    )  # fmt: skip


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    return client


def dashboard(client, **params):
    response = client.get(reverse("mentoring:programme"), {**RANGE, **params})
    assert response.status_code == 200
    return response.context


def rows(context, name: str) -> list[list]:
    return context[name].rows


def test_figures_on_a_known_programme(coordinator_client):
    people = programme()

    context = dashboard(coordinator_client)

    assert rows(context, "requests") == [["2 March 2026", 2], ["9 March 2026", 2]]
    assert rows(context, "first_answer") == [[2, "2.0", 2]]
    assert rows(context, "acceptance") == [[1, 1, 1, "33"]]
    assert rows(context, "active") == [[3]]  # the accepted request, and Near and the other
    assert rows(context, "sessions") == [["2 March 2026", 1, 0], ["9 March 2026", 1, 1]]
    assert rows(context, "feedback") == [
        [1, 0, 0],
        [2, 0, 0],
        [3, 0, 1],
        [4, 1, 0],
        [5, 1, 0],
        ["Mean", "4.5", "3.0"],
    ]
    near_capacity = rows(context, "mentors")
    assert [row[0] for row in near_capacity] == [
        people["full"].user.get_full_name(),
        people["near"].user.get_full_name(),
    ]
    assert [row[2:] for row in near_capacity] == [[1, 1, 0], [1, 2, 1]]


def test_the_region_filter_narrows_every_figure(coordinator_client):
    people = programme()

    context = dashboard(coordinator_client, region="london")

    assert rows(context, "requests") == [["2 March 2026", 2], ["9 March 2026", 1]]
    assert rows(context, "acceptance") == [[1, 1, 0, "50"]]
    assert rows(context, "feedback")[-1] == ["Mean", "5.0", "3.0"]
    assert [row[0] for row in rows(context, "mentors")] == [people["near"].user.get_full_name()]
    assert context["region_name"] == "London"


def test_the_date_range_decides_which_requests_count(coordinator_client):
    programme()

    context = dashboard(
        coordinator_client,
        **{"date_from_0": "1", "date_from_1": "2", "date_from_2": "2026"},
        **{"date_to_0": "28", "date_to_1": "2", "date_to_2": "2026"},
    )

    assert sum(count for _, count in rows(context, "requests")) == 1
    assert rows(context, "acceptance") == [[0, 1, 0, "0"]]


def test_a_to_date_before_the_from_date_is_explained_and_the_defaults_are_shown(
    coordinator_client,
):
    response = coordinator_client.get(
        reverse("mentoring:programme"),
        {
            **{"date_from_0": "15", "date_from_1": "3", "date_from_2": "2026"},
            **{"date_to_0": "1", "date_to_1": "3", "date_to_2": "2026"},
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Programme dashboard" in content
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in content
    assert len(response.context["requests"].rows) >= 12


@pytest.mark.parametrize(
    ("figure", "header"),
    [
        ("requests", ["Week starting", "Requests"]),
        ("first-answer", ["Requests answered", "Median days to a first answer",
                          "Answered within a week"]),
        ("acceptance", ["Accepted", "Declined", "Expired unanswered", "Acceptance rate (%)"]),
        ("active", ["Active mentorships now"]),
        ("sessions", ["Week starting", "Held", "Not held"]),
        ("feedback", ["Rating (1 to 5)", "From mentees", "From mentors"]),
        ("mentors", ["Mentor", "Region", "Places held", "Capacity", "Places left"]),
    ],
)  # fmt: skip
def test_every_figure_downloads_as_csv_with_the_same_figures(coordinator_client, figure, header):
    programme()
    page = dashboard(coordinator_client)

    response = coordinator_client.get(reverse("mentoring:programme-csv", args=[figure]), RANGE)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="programme-' in response["Content-Disposition"]
    found = list(csv.reader(io.StringIO(response.content.decode())))
    assert found[0] == header
    table = page[figure.replace("-", "_")]
    assert found[1:] == [[str(cell) for cell in row] for row in table.rows]


def test_each_chart_is_an_accessible_picture_with_its_table(coordinator_client):
    programme()

    response = coordinator_client.get(reverse("mentoring:programme"), RANGE)

    content = response.content.decode()
    charted = ("requests", "acceptance", "sessions", "feedback")
    outcomes = ("confidence", "moves", "time-to-match", "first-meeting")
    for name in charted + outcomes:
        assert f'aria-labelledby="chart-{name}-title chart-{name}-summary"' in content
        assert f'href="/mentoring/programme/{name}.csv?' in content
    # and the session ratings' and the pulse's scores (tests/mentoring/feedback/test_figures.py)
    assert content.count('class="programme-chart__picture"') == 10
    assert "Requests: 4 in all, most in 2 March (2)" in content


def test_only_coordinators_see_the_dashboard(client):
    client.force_login(UserFactory())

    assert client.get(reverse("mentoring:programme")).status_code == 403
    assert client.get(reverse("mentoring:programme-csv", args=["requests"])).status_code == 403


def test_an_unknown_figure_is_not_found(coordinator_client):
    response = coordinator_client.get(reverse("mentoring:programme-csv", args=["salaries"]))

    assert response.status_code == 404


def test_queries_do_not_grow_with_the_programme(coordinator_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard(coordinator_client)
        return len(captured)

    programme()
    dashboard(coordinator_client)  # warm the session and the permission cache
    small = queries()
    programme(extra=6)

    assert queries() == small


class TestBarChart:
    def test_bars_stand_on_the_baseline_in_proportion(self):
        chart = charts.bar_chart(
            title="Requests", categories=["A", "B", "C"], series=[charts.Series("R", [2, 4, 0])]
        )

        a, b, c = chart.bars
        assert a.y + a.height == b.y + b.height == chart.baseline_y
        assert b.height == pytest.approx(2 * a.height)
        assert c.height == 0
        assert [t.label for t in chart.ticks] == ["0", "1", "2", "3", "4"]

    def test_several_series_sit_side_by_side_with_a_legend(self):
        chart = charts.bar_chart(
            title="Sessions",
            categories=["w1", "w2"],
            series=[charts.Series("Held", [3, 1]), charts.Series("Not held", [1, 0])],
        )

        held, missed = chart.bars[0], chart.bars[1]
        assert missed.x > held.x and held.colour != missed.colour
        assert [entry.name for entry in chart.legend] == ["Held", "Not held"]

    def test_crowded_labels_are_thinned_but_every_bar_is_drawn(self):
        weeks = [f"{day} Mar" for day in range(1, 53)]

        chart = charts.bar_chart(
            title="Weeks", categories=weeks, series=[charts.Series("R", list(range(52)))]
        )

        assert len(chart.bars) == 52
        assert 1 < len(chart.labels) < 52

    def test_an_empty_period_says_so(self):
        chart = charts.bar_chart(title="R", categories=["A"], series=[charts.Series("R", [0])])

        assert chart.empty
        assert chart.summary == "1 bar. R: none. The table below has every figure."

    def test_a_series_must_fit_the_categories(self):
        with pytest.raises(ValueError):
            charts.bar_chart(title="R", categories=["A"], series=[charts.Series("R", [1, 2])])


def test_no_shows_count_as_not_held_and_never_as_held(coordinator_client):
    mentorship = request("london", at(2), Status.ACTIVE, answered_after=timedelta(days=1))
    outcomes = [
        (at(3, 14), Booking.Status.HELD, mentorship.mentor.user),
        (at(4, 14), Booking.Status.MENTEE_ABSENT, mentorship.mentor.user),
        (at(10, 14), Booking.Status.MENTOR_ABSENT, mentorship.mentee.user),
        (at(11, 14), Booking.Status.NEITHER_ATTENDED, mentorship.mentee.user),
    ]
    for starts, outcome, by in outcomes:
        slot = SlotFactory(mentor=mentorship.mentor, starts_at=starts,
                           ends_at=starts + timedelta(hours=1))  # fmt: skip
        booking = BookingFactory(mentorship=mentorship, slot=slot)
        with time_machine.travel(slot.ends_at, tick=False):
            booking_services.record_outcome(booking=booking, actor=by, outcome=outcome)

    context = dashboard(coordinator_client)

    assert rows(context, "sessions") == [["2 March 2026", 1, 1], ["9 March 2026", 0, 2]]
