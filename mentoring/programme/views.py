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

from mentoring.feedback import figures as feedback_figures
from mentoring.health import selectors as health_selectors
from mentoring.outcomes import selectors as outcomes
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
    # Groups of answers, for a table whose rows are groups that may be hidden (feedback).
    groups: list[Any] = field(default_factory=list)


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


def _score(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _session_ratings(filters: figures.Filters) -> Table:
    scores = feedback_figures.session_ratings(filters)
    ratings = list(feedback_figures.Usefulness)
    return Table(
        "session-ratings",
        "Session ratings",
        ["Rating (1 to 4)", "From mentees", "From mentors"],
        [[rating.label, scores.mentee[rating], scores.mentor[rating]] for rating in ratings]
        + [["Mean", _score(scores.mentee_mean), _score(scores.mentor_mean)]],
        charts.bar_chart(
            title="Session ratings",
            categories=[rating.label for rating in ratings],
            series=[
                charts.Series("From mentees", [scores.mentee[r] for r in ratings]),
                charts.Series("From mentors", [scores.mentor[r] for r in ratings]),
            ],
        ),
    )


def _pulse_answers(filters, answers) -> list:
    return feedback_figures.pulse_answers(filters) if answers is None else answers


def _pulse(filters: figures.Filters, answers=None) -> Table:
    answers = _pulse_answers(filters, answers)
    Role = feedback_figures.Role
    rows = []
    for name, some in (
        ("Mentees", [a for a in answers if a.role == Role.MENTEE]),
        ("Mentors", [a for a in answers if a.role == Role.MENTOR]),
        ("Everyone", answers),
    ):
        summary = feedback_figures.PulseSummary.of(some)
        rows.append(
            [
                name,
                summary.answers,
                _score(summary.mean_going),
                summary.promoters,
                summary.passives,
                summary.detractors,
                _score(summary.nps, 0),
            ]
        )
    return Table(
        "pulse",
        "Halfway pulse",
        [
            "Who answered",
            "Answers",
            "Mean of how it is going (1 to 5)",
            "Promoters (9 or 10)",
            "Passives (7 or 8)",
            "Detractors (0 to 6)",
            "Net Promoter Score",
        ],
        rows,
    )


def _pulse_scores(filters: figures.Filters, answers=None) -> Table:
    answers = _pulse_answers(filters, answers)
    Role = feedback_figures.Role
    scale = feedback_figures.RECOMMEND_SCALE
    counts = {role: dict.fromkeys(scale, 0) for role in Role.values}
    for answer in answers:
        counts[answer.role][answer.recommend] += 1
    return Table(
        "pulse-scores",
        "Would recommend having a mentor, by score",
        ["Score (0 to 10)", "From mentees", "From mentors"],
        [[score, counts[Role.MENTEE][score], counts[Role.MENTOR][score]] for score in scale],
        charts.bar_chart(
            title="Would recommend having a mentor to a colleague",
            categories=[str(score) for score in scale],
            series=[
                charts.Series("From mentees", [counts[Role.MENTEE][s] for s in scale]),
                charts.Series("From mentors", [counts[Role.MENTOR][s] for s in scale]),
            ],
        ),
    )


def _pulse_groups(name: str, title: str, heading: str, groups: list) -> Table:
    rows = []
    for group in groups:
        if group.hidden:
            rows.append([group.name, feedback_figures.HIDDEN, "", "", ""])
        else:
            summary = group.summary
            rows.append(
                [
                    group.name,
                    group.people,
                    summary.answers,
                    _score(summary.mean_going),
                    _score(summary.nps, 0),
                ]
            )
    return Table(
        name,
        title,
        [heading, "People", "Answers", "Mean of how it is going (1 to 5)", "Net Promoter Score"],
        rows,
        groups=groups,
    )


def _pulse_by_band(filters: figures.Filters, answers=None) -> Table:
    return _pulse_groups(
        "pulse-by-band",
        "Halfway pulse by the mentee’s band",
        "Mentee’s band",
        feedback_figures.by_band(_pulse_answers(filters, answers)),
    )


def _pulse_by_region(filters: figures.Filters, answers=None) -> Table:
    return _pulse_groups(
        "pulse-by-region",
        "Halfway pulse by the mentee’s region",
        "Mentee’s region",
        feedback_figures.by_region(_pulse_answers(filters, answers)),
    )


def _honest_feedback(filters: figures.Filters) -> dict[str, Table]:
    """The honest feedback section's tables, reading the pulse answers once."""
    answers = feedback_figures.pulse_answers(filters)
    return {
        "session_ratings": _session_ratings(filters),
        "pulse": _pulse(filters, answers),
        "pulse_scores": _pulse_scores(filters, answers),
        "pulse_groups": [
            _pulse_by_band(filters, answers),
            _pulse_by_region(filters, answers),
        ],
        "smallest_group": feedback_figures.SMALLEST_GROUP,
    }


# Outcomes: each figure for everyone, by region, by band and by lived experience (groups of 5
# or more people who agreed to be counted); the chart shows everyone and each region.


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _by_region(groups: list[outcomes.Group]) -> list[outcomes.Group]:
    return [group for group in groups if group.kind in ("all", "region")]


def _region_label(group: outcomes.Group) -> str:
    return "All" if group.kind == "all" else group.label.removeprefix("Region: ")


def _outcome_table(name: str, title: str, header: list[str], groups, row) -> Table:
    return Table(name, title, header, outcomes.summarise(groups, row, width=len(header)))


def _confidence(filters: figures.Filters) -> Table:
    groups = outcomes.goal_confidence(filters)

    def row(group: outcomes.Group) -> list:
        start = outcomes.mean(c.start for c in group.items)
        end = outcomes.mean(c.end for c in group.items)
        change = outcomes.mean(c.end - c.start for c in group.items)
        return [len(group.items), _number(start), _number(end), _number(change)]

    table = _outcome_table(
        "confidence",
        "Goal confidence",
        ["Group", "People", "Goals rated", "Average at the start", "Average at the end",
         "Average change"],
        groups,
        row,
    )  # fmt: skip
    shown = _by_region(groups)
    starts = [outcomes.mean(c.start for c in group.items) or 0 for group in shown]
    ends = [outcomes.mean(c.end for c in group.items) or 0 for group in shown]
    table.chart = charts.bar_chart(
        title="Average goal confidence at the start and the end, out of 5",
        categories=[_region_label(group) for group in shown],
        series=[charts.Series("At the start", starts), charts.Series("At the end", ends)],
        totals=False,
    )
    return table


def _moved(group: outcomes.Group, months: int) -> tuple[int, int, float | None]:
    answers = [move for move in group.items if move.months == months]
    moved = sum(move.moved for move in answers)
    return len(answers), moved, outcomes.share(moved, len(answers))


def _moves(filters: figures.Filters) -> Table:
    groups = outcomes.moves(filters)

    def row(group: outcomes.Group) -> list:
        cells = []
        for months in (6, 12):
            answered, moved, rate = _moved(group, months)
            cells += [answered, moved, "" if rate is None else f"{rate:.0f}"]
        return cells

    table = _outcome_table(
        "moves",
        "Band or role moves",
        ["Group", "People", "Answers at 6 months", "Moved at 6 months", "Moved at 6 months (%)",
         "Answers at 12 months", "Moved at 12 months", "Moved at 12 months (%)"],
        groups,
        row,
    )  # fmt: skip
    shown = _by_region(groups)
    table.chart = charts.bar_chart(
        title="Mentees whose band or role changed, %",
        categories=[_region_label(group) for group in shown],
        series=[
            charts.Series(f"At {months} months", [_moved(g, months)[2] or 0 for g in shown])
            for months in (6, 12)
        ],
        unit="%",
        totals=False,
    )
    return table


def _median_days(name: str, title: str, column: str, chart_title: str, groups) -> Table:
    table = _outcome_table(
        name,
        title,
        ["Group", "People", "Mentorships", column],
        groups,
        lambda group: [len(group.items), _number(outcomes.median(group.items))],
    )
    shown = _by_region(groups)
    table.chart = charts.bar_chart(
        title=chart_title,
        categories=[_region_label(group) for group in shown],
        series=[charts.Series("Median days", [outcomes.median(g.items) or 0 for g in shown])],
        totals=False,
    )
    return table


def _time_to_match(filters: figures.Filters) -> Table:
    return _median_days(
        "time-to-match",
        "Time to match",
        "Median days from request to start",
        "Median days from request to start",
        outcomes.time_to_match(filters),
    )


def _first_meeting(filters: figures.Filters) -> Table:
    return _median_days(
        "first-meeting",
        "Time to first meeting",
        "Median days from start to first session",
        "Median days from start to first session",
        outcomes.time_to_first_meeting(filters),
    )


BUILDERS: dict[str, Callable[[figures.Filters], Table]] = {
    "requests": _requests,
    "first-answer": _first_answer,
    "acceptance": _acceptance,
    "active": _active,
    "sessions": _sessions,
    "feedback": _feedback,
    "mentors": lambda filters: _mentors(filters, limit=None),
    "session-ratings": _session_ratings,
    "pulse": _pulse,
    "pulse-scores": _pulse_scores,
    "pulse-by-band": _pulse_by_band,
    "pulse-by-region": _pulse_by_region,
    "confidence": _confidence,
    "moves": _moves,
    "time-to-match": _time_to_match,
    "first-meeting": _first_meeting,
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
            "honest_feedback": _honest_feedback(filters),
            "mentors": mentors,
            "confidence": _confidence(filters),
            "moves": _moves(filters),
            "time_to_match": _time_to_match(filters),
            "first_meeting": _first_meeting(filters),
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
