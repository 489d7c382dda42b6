"""Housekeeping's health step: nudge pairs whose meeting is due or overdue, warn those silent
for long, and close those still silent after the warning (mentoring/health/rules.py says when).

`check_mentorship_health` works through the active mentorships in batches of `BATCH_SIZE`, each
batch in one transaction with a fixed number of queries whatever its size: read the batch with
its last meetings, lock and re-read those to close, record the nudges (inserted ignoring those
already there: the database's unique constraints are the "once"), read back the ones this run
recorded, mark them sent, and write the emails to the outbox in one insert.

Never twice. A nudge row is unique per mentorship, kind and silence, and a due or overdue nudge
per mentorship and week. A second run finds the rows there; a second process at the same moment
on PostgreSQL waits on the first's uncommitted rows, then finds them sent. Housekeeping locks
only the mentorships it closes, for the moment it takes, so it never holds up a person.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring.health import rules
from mentoring.health.models import Nudge
from mentoring.health.selectors import health_of, with_last_meeting
from mentoring.models import Mentorship, StatusChange
from mentoring.shared import atomic_with_retry, lock_mentorships
from portal.dates import nhs_date
from portal.emails import Templated, send_templated_emails
from portal.roles import COORDINATORS

logger = logging.getLogger(__name__)

Status = Mentorship.Status
BATCH_SIZE = 500

NUDGE_TEMPLATES = {
    Nudge.Kind.DUE: "meeting_due",
    Nudge.Kind.OVERDUE: "meeting_overdue",
    Nudge.Kind.SILENCE_WARNING: "mentorship_silence_warning",
}


@dataclass
class HealthReport:
    nudged: int = 0  # mentorships nudged (due or overdue)
    warned: int = 0  # warned of closing after a long silence
    closed: int = 0  # closed as no longer meeting


def check_mentorship_health(*, now: datetime | None = None) -> HealthReport:
    """Nudge, warn and close, batch by batch. Safe to run as often as wanted, and in two
    processes at once: each nudge, warning and closing happens once."""
    now = now or timezone.now()
    report = HealthReport()
    after = 0
    while True:
        done, after = _check_batch(after=after, now=now)
        report.nudged += done.nudged
        report.warned += done.warned
        report.closed += done.closed
        if after is None:
            return report


def _active(now: datetime):
    return with_last_meeting(
        Mentorship.objects.filter(status=Status.ACTIVE, started_at__lte=now).select_related(
            "mentee__user", "mentor__user"
        ),
        now=now,
    ).order_by("pk")


@atomic_with_retry
def _check_batch(*, after: int, now: datetime) -> tuple[HealthReport, int | None]:
    """One batch of active mentorships with ids above `after`; returns what it did and the id
    to carry on after (None when this was the last batch)."""
    batch = list(_active(now).filter(pk__gt=after)[:BATCH_SIZE])
    done = HealthReport()
    if not batch:
        return done, None
    today = timezone.localdate(now)
    silence_days = settings.MENTORSHIP_SILENCE_DAYS
    close_after_days = settings.MENTORSHIP_CLOSE_AFTER_WARNING_DAYS
    week = rules.week_of(today)
    to_close: list[int] = []
    wanted: list[Nudge] = []
    for mentorship in batch:
        state = health_of(mentorship, today=today)
        if mentorship.meeting_booked:
            continue  # a session is booked: they mean to meet, so nothing to nudge about
        warned_from = mentorship.warned_counted_from
        warned = warned_from is not None and rules.warning_stands(
            state, warned_counted_from=warned_from
        )
        if warned:
            if rules.should_close(
                state,
                warned_on=timezone.localdate(mentorship.warned_at),
                warned_counted_from=warned_from,
                today=today,
                close_after_days=close_after_days,
            ):
                to_close.append(mentorship.pk)
            continue
        if rules.silent_too_long(state, silence_days=silence_days):
            kind = Nudge.Kind.SILENCE_WARNING
        else:
            kind = rules.nudge_for(state)
        if kind is not None:
            wanted.append(
                Nudge(
                    mentorship=mentorship,
                    kind=kind,
                    counted_from=state.counted_from,
                    week=week,
                    created_at=now,
                )
            )
    emails: list[Templated] = []
    if to_close:
        done.closed = _close(to_close, now=now, today=today, emails=emails)
    if wanted:
        Nudge.objects.bulk_create(wanted, ignore_conflicts=True)
        by_pk = {mentorship.pk: mentorship for mentorship in batch}
        fresh = list(
            Nudge.objects.filter(mentorship_id__in=list(by_pk), sent_at__isnull=True).order_by("pk")
        )
        if fresh:
            Nudge.objects.filter(pk__in=[nudge.pk for nudge in fresh]).update(sent_at=now)
        for nudge in fresh:
            mentorship = by_pk[nudge.mentorship_id]
            state = health_of(mentorship, today=today)
            if nudge.kind == Nudge.Kind.SILENCE_WARNING:
                done.warned += 1
            else:
                done.nudged += 1
            context = {
                "mentorship": mentorship,
                "health": state,
                "closes_on": rules.closes_on(today, close_after_days=close_after_days),
            }
            emails += _to_both(NUDGE_TEMPLATES[nudge.kind], mentorship, context)
    send_templated_emails(emails)
    return done, (batch[-1].pk if len(batch) == BATCH_SIZE else None)


def _to_both(name: str, mentorship: Mentorship, context: dict) -> list[Templated]:
    """The email to each of the pair whose account is still open, with the other's name."""
    url = mentorship.get_absolute_url()
    return [
        Templated(
            name,
            person,
            {
                **context,
                "mentorship": mentorship,
                "mentorship_url": url,  # worked out once for both
                "other_name": mentorship.other_party_name(person),
            },
        )
        for person in (mentorship.mentee_user, mentorship.mentor_user)
        if person is not None and person.is_active
    ]


def _close(pks: list[int], *, now: datetime, today, emails: list[Templated]) -> int:
    """Close these mentorships as no longer meeting, if, now they are locked, they are still
    active and still silent since their warning: a meeting logged meanwhile cancels it."""
    locked = [m.pk for m in lock_mentorships(Mentorship.objects.filter(pk__in=pks))]
    closing = []
    for mentorship in _active(now).filter(pk__in=locked):
        state = health_of(mentorship, today=today)
        warned_from = mentorship.warned_counted_from
        if (
            warned_from is not None
            and not mentorship.meeting_booked
            and rules.should_close(
                state,
                warned_on=timezone.localdate(mentorship.warned_at),
                warned_counted_from=warned_from,
                today=today,
                close_after_days=settings.MENTORSHIP_CLOSE_AFTER_WARNING_DAYS,
            )
        ):
            closing.append((mentorship, state))
    if not closing:
        return 0
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                mentorship=mentorship,
                actor=None,
                automatic=True,
                from_status=Status.ACTIVE,
                to_status=Status.NO_LONGER_MEETING,
                note=_closing_note(state),
                at=now,
            )
            for mentorship, state in closing
        ]
    )
    Mentorship.objects.filter(
        pk__in=[mentorship.pk for mentorship, _ in closing], status=Status.ACTIVE
    ).update(status=Status.NO_LONGER_MEETING, ended_at=now)
    for mentorship, state in closing:
        mentorship.status = Status.NO_LONGER_MEETING
        mentorship.ended_at = now
        emails += _to_both("mentorship_no_longer_meeting", mentorship, {"health": state})
    pairs = [mentorship for mentorship, _ in closing]
    # One email to each coordinator, so coordinators do not see one another's addresses.
    for coordinator in (
        get_user_model().objects.filter(groups__name=COORDINATORS, is_active=True).order_by("pk")
    ):
        emails.append(
            Templated("mentorships_closed_coordinators", coordinator, {"mentorships": pairs})
        )
    return len(closing)


def _closing_note(state: rules.Health) -> str:
    if state.met:
        return f"No meeting logged since {nhs_date(state.counted_from)}."
    return f"No meeting logged since it started on {nhs_date(state.counted_from)}."
