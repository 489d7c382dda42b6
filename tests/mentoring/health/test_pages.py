"""Health on the pages: the pair see a tag and the reason on the mentorship page and in "My
mentoring"; coordinators get the pairs at risk, filtered, as a page and as CSV, and the count
by health on the programme dashboard; nobody else sees any of it."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.health.models import Nudge
from mentoring.models import Agreement, Mentorship, SessionLog
from portal.roles import COORDINATORS
from tests import html
from tests.factories import MenteeProfileFactory, MentorshipFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
Status = Mentorship.Status
pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 4, 10, tzinfo=LONDON)
TODAY = START + timedelta(days=100)  # 12 February 2027


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def pair(*, met_days_ago: int | None, **mentee) -> Mentorship:
    mentorship = MentorshipFactory(
        status=Status.ACTIVE,
        requested_at=START,
        started_at=START,
        mentee=MenteeProfileFactory(**mentee),
    )
    if met_days_ago is not None:
        held_on = (TODAY - timedelta(days=met_days_ago)).date()
        SessionLog.objects.create(mentorship=mentorship, held_on=held_on, summary="Met")
    return mentorship


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    return client


class TestThePair:
    def test_both_see_overdue_and_why_on_the_mentorship_page(self, client):
        mentorship = pair(met_days_ago=50)
        Agreement.objects.create(mentorship=mentorship, meeting_every_days=30, agreed_at=START)

        for person in (mentorship.mentee.user, mentorship.mentor.user):
            client.force_login(person)
            text = html.text(client.get(mentorship.get_absolute_url()).content)
            assert "Overdue Last met 24 December 2026; you agreed to meet every month." in text

    def test_the_page_warns_of_the_closing_date_after_a_long_silence(self, client):
        mentorship = pair(met_days_ago=95)
        Nudge.objects.create(
            mentorship=mentorship,
            kind=Nudge.Kind.SILENCE_WARNING,
            counted_from=(TODAY - timedelta(days=95)).date(),
            week=(TODAY - timedelta(days=3)).date(),
            created_at=TODAY - timedelta(days=3),
            sent_at=TODAY - timedelta(days=3),
        )
        client.force_login(mentorship.mentee.user)

        text = html.text(client.get(mentorship.get_absolute_url()).content)

        assert "this mentorship will close on 23 February 2027" in text

    def test_an_ended_mentorship_shows_no_health(self, client):
        mentorship = MentorshipFactory(status=Status.COMPLETED)
        client.force_login(mentorship.mentee.user)

        text = html.text(client.get(mentorship.get_absolute_url()).content)

        assert "How your meetings are going" not in text

    def test_my_mentoring_shows_each_active_mentorship_with_its_health(self, client):
        mentorship = pair(met_days_ago=None)
        client.force_login(mentorship.mentor.user)

        text = html.text(client.get(reverse("mentoring:dashboard")).content)

        assert "How your mentoring is going" in text
        assert (
            f"{mentorship.mentee_name} At risk Not met yet since starting on 4 November 2026; "
            "until you agree your terms, we expect you to meet every month." in text
        )

    def test_a_closed_mentorship_reads_as_ended_no_longer_meeting(self, client):
        mentorship = pair(met_days_ago=None)
        mentorship.status = Status.NO_LONGER_MEETING
        mentorship.save()
        client.force_login(mentorship.mentee.user)

        text = html.text(client.get(mentorship.get_absolute_url()).content)

        assert "Ended: no longer meeting" in text
        assert "Give feedback" in text  # like any other finished mentorship

    @pytest.mark.parametrize("sessions", [1, 20])
    def test_the_mentorship_page_queries_do_not_grow(self, client, sessions):
        mentorship = pair(met_days_ago=40)
        for day in range(1, sessions):
            held_on = (TODAY - timedelta(days=40 + day)).date()
            SessionLog.objects.create(mentorship=mentorship, held_on=held_on, summary="Met")
        client.force_login(mentorship.mentee.user)
        client.get(mentorship.get_absolute_url())

        with CaptureQueriesContext(connection) as queries:
            client.get(mentorship.get_absolute_url())

        assert len(queries) == MENTORSHIP_PAGE_QUERIES, [q["sql"] for q in queries]


# The mentorship page reads, besides the session and the user: the mentorship (twice: the view's
# own read and the page's with its people), its goals, agreement, pairing check, whether a
# session was held, sessions and their ratings, the pulse ask, the agreement and goals again for
# the confidence and health sections, bookings, sessions again for the history, and the status
# changes; the same whatever the number of sessions.
MENTORSHIP_PAGE_QUERIES = 19


class TestPairsAtRisk:
    def test_only_coordinators_see_the_pairs(self, client):
        mentorship = pair(met_days_ago=None)
        for person in (UserFactory(), mentorship.mentee.user, mentorship.mentor.user):
            client.force_login(person)
            assert client.get(reverse("mentoring:pairs-at-risk")).status_code == 403
            assert client.get(reverse("mentoring:pairs-at-risk-csv")).status_code == 403

    def test_overdue_and_at_risk_pairs_come_first_worst_first(self, coordinator_client):
        on_track = pair(met_days_ago=3)
        due = pair(met_days_ago=35)
        overdue = pair(met_days_ago=50)
        at_risk = pair(met_days_ago=None)

        response = coordinator_client.get(reverse("mentoring:pairs-at-risk"))

        assert response.status_code == 200
        shown = [row.mentorship for row in response.context["page_obj"]]
        assert shown == [at_risk, overdue]
        text = html.text(response.content)
        assert "Not met yet since starting on 4 November 2026; terms not agreed yet" in text
        assert on_track.mentee_name not in text and due.mentee_name not in text

    def test_filters_by_state_region_band_and_organisation(self, coordinator_client):
        london = pair(met_days_ago=35, region="london", band="6", organisation="Barts Health")
        pair(met_days_ago=35, region="north-west", band="5")
        pair(met_days_ago=3, region="london")
        url = reverse("mentoring:pairs-at-risk")

        def shown(**filters):
            response = coordinator_client.get(url, filters)
            return [row.mentorship for row in response.context["page_obj"]]

        assert shown(state="due", region="london") == [london]
        assert shown(state="due", band="6") == [london]
        assert shown(state="due", organisation="barts") == [london]
        assert len(shown(state="all")) == 3
        assert len(shown(state="on-track")) == 1

    def test_a_bad_filter_is_explained_on_the_page_with_the_input_kept(self, coordinator_client):
        pair(met_days_ago=None)

        response = coordinator_client.get(
            reverse("mentoring:pairs-at-risk"), {"state": "thriving", "organisation": "Leeds"}
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error: ")
        assert "Select a valid choice" in html.field_error(response.content, "id_state")
        assert 'value="Leeds"' in response.content.decode()

    def test_the_csv_has_the_same_rows(self, coordinator_client):
        at_risk = pair(met_days_ago=None, organisation="=HYPERLINK(1)")
        overdue = pair(met_days_ago=50)
        pair(met_days_ago=3)

        page = coordinator_client.get(reverse("mentoring:pairs-at-risk"))
        response = coordinator_client.get(reverse("mentoring:pairs-at-risk-csv"))

        assert response["Content-Type"].startswith("text/csv")
        header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert header[:6] == ["Mentee", "Mentor", "Mentee's region", "Mentee's band",
                              "Mentee's organisation", "Health"]  # fmt: skip
        assert [row[0] for row in rows] == [
            row.mentorship.mentee_name for row in page.context["page_obj"]
        ]
        assert [row[0] for row in rows] == [at_risk.mentee_name, overdue.mentee_name]
        assert rows[0][4] == "'=HYPERLINK(1)"
        assert rows[0][5:8] == ["At risk", "Not met yet", "100"]
        assert rows[1][5:8] == ["Overdue", "24 December 2026", "50"]

    @pytest.mark.parametrize("extra", [0, 12])
    def test_the_page_queries_do_not_grow(self, coordinator_client, extra):
        for number in range(3 + extra):
            pair(met_days_ago=[None, 50, 35][number % 3])
        coordinator_client.get(reverse("mentoring:pairs-at-risk"))

        with CaptureQueriesContext(connection) as queries:
            coordinator_client.get(reverse("mentoring:pairs-at-risk"), {"state": "all"})

        assert len(queries) == PAIRS_PAGE_QUERIES, [q["sql"][:90] for q in queries]


PAIRS_PAGE_QUERIES = 8


class TestProgrammeDashboard:
    def test_the_dashboard_counts_pairs_by_health(self, coordinator_client):
        for met_days_ago in (None, None, 50, 35, 3, 3, 3):
            pair(met_days_ago=met_days_ago)
        pair(met_days_ago=50, region="london")

        response = coordinator_client.get(reverse("mentoring:programme"), {"region": "north-west"})

        assert response.context["pairs_by_health"] == [
            ("at-risk", "At risk", 2),
            ("overdue", "Overdue", 1),
            ("due", "Meeting due", 1),
            ("on-track", "On track", 3),
        ]
        text = html.text(response.content)
        assert "Pairs by health" in text
