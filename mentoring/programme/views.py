"""The programme dashboard for coordinators: how the mentoring programme is going, filtered by
region and dates, each chart with its table beneath and every figure downloadable as CSV.

The page and the CSV files are built from the same tables, so they always agree."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentoring.health import selectors as health_selectors
from mentoring.programme import charts, forms
from mentoring.programme import selectors as figures
from portal.csv_export import csv_response
from portal.dates import nhs_date, nhs_day_and_month
from stories.models import Region

PERMISSION = "mentoring.view_programme"
REGIONS = dict(Region.choices)


@dataclass
class Table:
    """One figure's data: what the page shows beneath the chart and what its CSV holds."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: charts.BarChart | None = None


def _week(day) -> str:
    return nhs_date(day)


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _requests(filters: figures.Filters) -> Table:
    weeks = figures.requests_per_week(filters)
    return Table(
        "requests",
        "Requests per week",
        ["Week starting", "Requests"],
        [[_week(week), count] for week, count in weeks],
        charts.bar_chart(
            title="Requests per week",
            categories=[nhs_day_and_month(week) for week, _ in weeks],
            series=[charts.Series("Requests", [count for _, count in weeks])],
        ),
    )


def _first_answer(filters: figures.Filters) -> Table:
    answers = figures.first_answers(filters)
    return Table(
        "first-answer",
        "Time to a first answer",
        ["Requests answered", "Median days to a first answer", "Answered within a week"],
        [[answers.answered, _days(answers.median_days), answers.within_a_week]],
    )


def _acceptance(filters: figures.Filters) -> Table:
    outcome = figures.acceptance(filters)
    rate = "" if outcome.rate is None else f"{outcome.rate:.0f}"
    return Table(
        "acceptance",
        "Acceptance",
        ["Accepted", "Declined", "Expired unanswered", "Acceptance rate (%)"],
        [[outcome.accepted, outcome.declined, outcome.expired, rate]],
        charts.bar_chart(
            title="Requests by outcome",
            categories=["Accepted", "Declined", "Expired"],
            series=[
                charts.Series("Requests", [outcome.accepted, outcome.declined, outcome.expired])
            ],
        ),
    )


def _active(filters: figures.Filters) -> Table:
    return Table(
        "active",
        "Active mentorships",
        ["Active mentorships now"],
        [[figures.active_mentorships(filters)]],
    )


def _sessions(filters: figures.Filters) -> Table:
    weeks = figures.sessions_per_week(filters)
    return Table(
        "sessions",
        "Sessions held and not held",
        ["Week starting", "Held", "Not held"],
        [[_week(week), held, missed] for week, held, missed in weeks],
        charts.bar_chart(
            title="Sessions per week",
            categories=[nhs_day_and_month(week) for week, _, _ in weeks],
            series=[
                charts.Series("Held", [held for _, held, _ in weeks]),
                charts.Series("Not held", [missed for _, _, missed in weeks]),
            ],
        ),
    )


def _feedback(filters: figures.Filters) -> Table:
    scores = figures.feedback_scores(filters)
    ratings = range(1, 6)
    return Table(
        "feedback",
        "Feedback scores",
        ["Rating (1 to 5)", "From mentees", "From mentors"],
        [[rating, scores.mentee[rating], scores.mentor[rating]] for rating in ratings]
        + [
            [
                "Mean",
                "" if scores.mentee_mean is None else f"{scores.mentee_mean:.1f}",
                "" if scores.mentor_mean is None else f"{scores.mentor_mean:.1f}",
            ]
        ],
        charts.bar_chart(
            title="Feedback ratings",
            categories=[f"{rating} of 5" for rating in ratings],
            series=[
                charts.Series("From mentees", [scores.mentee[r] for r in ratings]),
                charts.Series("From mentors", [scores.mentor[r] for r in ratings]),
            ],
        ),
    )


def _mentors(filters: figures.Filters, *, limit: int | None) -> Table:
    mentors = figures.mentors_near_capacity(filters)
    if limit is not None:
        mentors = mentors[:limit]
    return Table(
        "mentors",
        "Mentors near or at capacity",
        ["Mentor", "Region", "Places held", "Capacity", "Places left"],
        [
            [
                mentor.user.get_full_name(),
                REGIONS.get(mentor.region, mentor.region),
                mentor.places_held,
                mentor.capacity,
                mentor.free_places,
            ]
            for mentor in mentors
        ],
    )


BUILDERS: dict[str, Callable[[figures.Filters], Table]] = {
    "requests": _requests,
    "first-answer": _first_answer,
    "acceptance": _acceptance,
    "active": _active,
    "sessions": _sessions,
    "feedback": _feedback,
    "mentors": lambda filters: _mentors(filters, limit=None),
}


def _filters(request: HttpRequest) -> tuple[forms.ProgrammeFilterForm, figures.Filters]:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only programme coordinators see the programme dashboard.")
    form = forms.ProgrammeFilterForm(request.GET or None)
    return form, figures.Filters(**form.filters(today=timezone.localdate()))


def programme(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    mentors = _mentors(filters, limit=figures.NEAR_CAPACITY_SHOWN)
    return render(
        request,
        "mentoring/programme/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "region_name": REGIONS.get(filters.region, "All regions"),
            "requests": _requests(filters),
            "first_answer": _first_answer(filters),
            "acceptance": _acceptance(filters),
            "active": _active(filters),
            "sessions": _sessions(filters),
            "feedback": _feedback(filters),
            "mentors": mentors,
            "mentors_total": figures.mentors_near_capacity(filters).count(),
            "pairs_by_health": health_selectors.counts_by_state(region=filters.region),
            "query": request.GET.urlencode(),
        },
    )


def programme_csv(request: HttpRequest, figure: str) -> HttpResponse:
    _form, filters = _filters(request)
    if figure not in BUILDERS:
        raise Http404("No such figure")
    table = BUILDERS[figure](filters)
    filename = f"programme-{figure}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.csv"
    return csv_response(filename, table.header, table.rows)
