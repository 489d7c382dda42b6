"""Two housekeeping runs at the same moment on PostgreSQL send each nudge, warning and closing
once: the nudges' unique constraints make the second run's inserts wait for the first's, then
find them sent, and closing locks the mentorships it closes."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command

from mentoring.health import services
from mentoring.health.models import Nudge
from mentoring.models import Mentorship, SessionLog, StatusChange
from portal.models import OutgoingEmail
from portal.roles import COORDINATORS
from tests.factories import MentorshipFactory, UserFactory
from tests.races import ON_POSTGRESQL, run_together, unexpected

LONDON = ZoneInfo("Europe/London")
Status = Mentorship.Status
START = datetime(2026, 11, 4, 10, tzinfo=LONDON)
DAY = START + timedelta(days=200)

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]


def coordinator():
    # A test with transaction=True may run after another emptied the tables, groups included.
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    user = UserFactory()
    user.groups.add(group)
    return user


def pair(*, met_days_ago: int | None) -> Mentorship:
    mentorship = MentorshipFactory(status=Status.ACTIVE, requested_at=START, started_at=START)
    if met_days_ago is not None:
        SessionLog.objects.create(
            mentorship=mentorship,
            held_on=(DAY - timedelta(days=met_days_ago)).date(),
            summary="Met",
        )
    return mentorship


def test_two_housekeeping_runs_at_once_send_each_nudge_once():
    coordinator()
    due = [pair(met_days_ago=32) for _ in range(3)]
    overdue = [pair(met_days_ago=50) for _ in range(3)]
    silent = [pair(met_days_ago=None) for _ in range(2)]

    def run() -> services.HealthReport:
        with time_machine.travel(DAY, tick=False):
            return services.check_mentorship_health()

    outcomes = run_together([run, run, run, run])

    assert unexpected(outcomes) == []
    assert sum(o.nudged for o in outcomes) == 6, outcomes
    assert sum(o.warned for o in outcomes) == 2, outcomes
    assert OutgoingEmail.objects.filter(template="meeting_due").count() == 2 * len(due)
    assert OutgoingEmail.objects.filter(template="meeting_overdue").count() == 2 * len(overdue)
    assert OutgoingEmail.objects.filter(template="mentorship_silence_warning").count() == 4
    assert Nudge.objects.filter(sent_at__isnull=True).count() == 0
    assert silent


def test_two_whole_commands_at_once_close_each_mentorship_once():
    coordinator()
    warned = [pair(met_days_ago=120) for _ in range(3)]
    for mentorship in warned:
        Nudge.objects.create(
            mentorship=mentorship,
            kind=Nudge.Kind.SILENCE_WARNING,
            counted_from=(DAY - timedelta(days=120)).date(),
            week=(DAY - timedelta(days=20)).date(),
            created_at=DAY - timedelta(days=20),
            sent_at=DAY - timedelta(days=20),
        )

    def run() -> None:
        with time_machine.travel(DAY, tick=False):
            call_command("mentoring_housekeeping", stdout=StringIO())

    outcomes = run_together([run, run, run])

    assert unexpected(outcomes) == []
    assert set(Mentorship.objects.values_list("status", flat=True)) == {Status.NO_LONGER_MEETING}
    assert StatusChange.objects.filter(to_status=Status.NO_LONGER_MEETING).count() == 3
    assert OutgoingEmail.objects.filter(template="mentorship_no_longer_meeting").count() == 6
    assert OutgoingEmail.objects.filter(template="mentorships_closed_coordinators").count() == 1
