"""Dates and times written one way everywhere, the NHS.UK way, from `portal.dates`: and a
watch on the code so no page, email or message writes them any other way."""

import ast
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template

from portal import dates

LONDON = ZoneInfo("Europe/London")
ROOT = Path(settings.BASE_DIR)


class TestWritingDatesAndTimes:
    @pytest.mark.parametrize(
        ("clock", "written"),
        [
            (time(14, 30), "2:30pm"),
            (time(14), "2pm"),
            (time(9, 5), "9:05am"),
            (time(12), "midday"),
            (time(0), "midnight"),
            (time(12, 15), "12:15pm"),
            (time(0, 30), "12:30am"),
        ],
    )
    def test_times(self, clock, written):
        assert dates.nhs_time(clock) == written

    def test_a_date_has_its_month_in_full_with_a_capital(self):
        assert dates.nhs_date(date(2026, 11, 30)) == "30 November 2026"
        assert dates.nhs_date(date(2026, 11, 30), weekday=True) == "Monday 30 November 2026"

    def test_a_moment_is_read_on_a_london_clock(self):
        # 13:30 UTC in July is 2:30pm in London (British Summer Time); 23:30 UTC on 31 March
        # is already 1 April there.
        assert dates.nhs_datetime(datetime(2026, 7, 1, 13, 30, tzinfo=UTC)) == (
            "1 July 2026 at 2:30pm"
        )
        assert dates.nhs_datetime(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), weekday=True) == (
            "Wednesday 1 April 2026 at 12:30am"
        )

    def test_ranges_use_to(self):
        start = datetime(2026, 11, 30, 14, 30, tzinfo=LONDON)
        assert dates.nhs_time_range(start, start + timedelta(minutes=45)) == (
            "Monday 30 November 2026, 2:30pm to 3:15pm"
        )
        assert dates.nhs_date_range(date(2026, 3, 1), date(2026, 6, 30)) == (
            "1 March 2026 to 30 June 2026"
        )

    def test_lengths_in_words(self):
        assert dates.minutes_in_words(timedelta(minutes=90)) == "1 hour 30 minutes"
        assert dates.minutes_in_words(timedelta(minutes=45)) == "45 minutes"

    def test_the_template_filters_every_app_loads(self):
        moment = datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)
        rendered = Template(
            "{% load dates %}{{ m|nhs_date }}|{{ m|nhs_weekday_date }}|{{ m|nhs_datetime }}|"
            "{{ m|nhs_weekday_datetime }}|{{ m|nhs_time }}|{{ d|nhs_date_range:e }}|"
            "{{ nothing|nhs_datetime }}"
        ).render(Context({"m": moment, "d": date(2026, 3, 1), "e": date(2026, 6, 30)}))

        assert rendered == (
            "30 November 2026|Monday 30 November 2026|30 November 2026 at midday|"
            "Monday 30 November 2026 at midday|midday|1 March 2026 to 30 June 2026|"
        )


def templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )


def python_modules() -> list[Path]:
    return [
        path
        for package in ("portal", "stories", "mentoring")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


class TestOneWayEverywhere:
    def test_no_template_formats_a_date_itself_or_lowers_one(self):
        own_format = re.compile(r"\|\s*(date|time)\s*(:|\}|\|)")
        lowered = re.compile(r"\|\s*(date\b[^|}]*|nhs_\w+[^|}]*)\|\s*(lower|title|upper)")
        offenders = [
            f"{path.relative_to(ROOT)}:{number}"
            for path in templates()
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if own_format.search(line) or lowered.search(line)
        ]

        assert offenders == [], "Use the filters in portal/templatetags/dates.py"

    def test_no_python_writes_a_date_for_people_outside_portal_dates(self):
        """Machine formats (ISO dates, file names of digits) are fine; names of days or months,
        clock times and strftime are written only by portal/dates.py."""
        machine = {"%Y%m%d", "%Y-%m-%d"}
        offenders = []
        for path in python_modules():
            if path == ROOT / "portal" / "dates.py":
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                spec = None
                if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                    spec = "".join(
                        part.value
                        for part in node.format_spec.values
                        if isinstance(part, ast.Constant)
                    )
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute | ast.Name)
                    and getattr(node.func, "attr", getattr(node.func, "id", ""))
                    in {"strftime", "date_format", "time_format"}
                ):
                    spec = "strftime"
                if spec == "strftime" or (spec and "%" in spec and spec not in machine):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")

        assert offenders == [], "Use portal.dates for dates and times people read"
