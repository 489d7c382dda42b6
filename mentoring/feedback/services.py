"""Rating a session, answering the halfway pulse, and asking for the pulse (housekeeping).

Each change is atomic and locks the mentorship first (mentoring/shared.py's order). The
database's unique constraints hold "one answer per person" behind the checks here, so a double
submit, even two at the same moment, leaves the first answer standing.
"""

from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.agreements.models import SHORTEST_DURATION_MONTHS
from mentoring.agreements.terms import MentorshipTerms
from mentoring.feedback.blind import pulse_window, session_window
from mentoring.feedback.models import (
    NOTE_MAX_LENGTH,
    RECOMMEND_HIGHEST,
    RECOMMEND_LOWEST,
    HowItIsGoing,
    Pulse,
    PulseAsk,
    SessionRating,
    Usefulness,
)
from mentoring.models import Mentorship, SessionLog
from mentoring.shared import Refused, atomic_with_retry, email_for, lock_mentorship
from portal.dates import nhs_date
from portal.emails import Templated, send_templated_emails

BATCH_SIZE = 500

ALREADY_RATED = "You have already rated this session. Your first answer stands."
ALREADY_ANSWERED = "You have already answered this pulse. Your first answer stands."


def _role(mentorship: Mentorship, actor: AbstractBaseUser) -> str:
    role = mentorship.role_of(actor)
    if role is None:
        raise Refused("Only the mentee and the mentor can answer this.")
    return role


@atomic_with_retry
def rate_session(
    *, session: SessionLog, actor: AbstractBaseUser, rating: int, note: str
) -> SessionRating:
    """One person's rating (1 to 4) of a session held, within the rating window."""
    if rating not in Usefulness.values:
        raise Refused("Choose a rating from 1 to 4", field="rating")
    if len(note) > NOTE_MAX_LENGTH:
        raise Refused(f"Your note must be {NOTE_MAX_LENGTH:,} characters or fewer", field="note")
    mentorship, _ = lock_mentorship(session.mentorship_id)
    role = _role(mentorship, actor)
    today = timezone.localdate()
    window = session_window(session)
    if today < window.opens_on:
        raise Refused("You can rate a session once it has been held.")
    if not window.is_open(today):
        raise Refused(f"The time to rate this session ended on {nhs_date(window.last_day)}.")
    try:
        with transaction.atomic():
            return SessionRating.objects.create(
                session=session, role=role, rating=rating, note=note, given_at=timezone.now()
            )
    except IntegrityError:
        raise Refused(ALREADY_RATED) from None


@atomic_with_retry
def answer_pulse(
    *,
    mentorship: Mentorship,
    actor: AbstractBaseUser,
    how_it_is_going: int,
    recommend: int,
    note: str,
) -> Pulse:
    """One person's answer to the halfway pulse, while its window is open."""
    if how_it_is_going not in HowItIsGoing.values:
        raise Refused("Choose how the mentoring is going", field="how_it_is_going")
    if not RECOMMEND_LOWEST <= recommend <= RECOMMEND_HIGHEST:
        raise Refused("Choose a number from 0 to 10", field="recommend")
    if len(note) > NOTE_MAX_LENGTH:
        raise Refused(f"Your note must be {NOTE_MAX_LENGTH:,} characters or fewer", field="note")
    mentorship, _ = lock_mentorship(mentorship.pk)
    role = _role(mentorship, actor)
    ask = PulseAsk.objects.filter(mentorship=mentorship).first()
    window = pulse_window(mentorship, ask=ask)
    today = timezone.localdate()
    if window is None or (ask is None and not mentorship.is_active) or today < window.opens_on:
        raise Refused("The halfway pulse is not open yet.")
    if window.has_closed(today):
        raise Refused(f"The halfway pulse closed on {nhs_date(window.last_day)}.")
    try:
        with transaction.atomic():
            return Pulse.objects.create(
                mentorship=mentorship,
                role=role,
                how_it_is_going=how_it_is_going,
                recommend=recommend,
                note=note,
                given_at=timezone.now(),
            )
    except IntegrityError:
        raise Refused(ALREADY_ANSWERED) from None


# Housekeeping ---------------------------------------------------------------------------------


def ask_for_pulses(*, now: datetime | None = None) -> int:
    """Email both people of each active mentorship that has reached the halfway point of its
    agreed duration, once: a `PulseAsk` row per mentorship, inserted ignoring conflicts, and an
    email only for the rows this run found unsent, in the same transaction. So a second run, or
    a second process at the same moment on PostgreSQL (its insert waits for the first to
    commit), sends nothing. Batches of `BATCH_SIZE` mentorships cost a fixed number of
    queries, the emails included (written together with `send_templated_emails`). Returns how
    many mentorships were asked."""
    now = now or timezone.now()
    # No mentorship is halfway before the shortest duration's halfway point.
    earliest = MentorshipTerms(0, SHORTEST_DURATION_MONTHS, agreed=True).halfway
    candidates = (
        Mentorship.objects.filter(
            status=Mentorship.Status.ACTIVE,
            pulse_ask__isnull=True,
            started_at__lte=now - earliest,
        )
        .select_related("agreement")
        .order_by("pk")
    )
    asked = 0
    after = 0
    while True:
        batch = list(candidates.filter(pk__gt=after)[:BATCH_SIZE])
        if not batch:
            return asked
        after = batch[-1].pk
        asked += _ask_batch(batch, now=now)


@transaction.atomic
def _ask_batch(batch: list[Mentorship], *, now: datetime) -> int:
    today = timezone.localdate(now)
    windows = {m.pk: pulse_window(m) for m in batch}
    reached = [pk for pk, window in windows.items() if window.opens_on <= today]
    if not reached:
        return 0
    # A mentorship whose window closed before it was asked (housekeeping was not running) is
    # recorded too, so it is not looked at again, but nobody is emailed so late.
    PulseAsk.objects.bulk_create(
        [
            PulseAsk(
                mentorship_id=pk,
                opens_on=windows[pk].opens_on,
                closes_on=windows[pk].closes_on,
                asked_at=now,
            )
            for pk in reached
        ],
        ignore_conflicts=True,
    )
    to_email = list(
        PulseAsk.objects.filter(
            mentorship_id__in=reached, emailed_at__isnull=True, closes_on__gt=today
        ).select_related("mentorship__mentee__user", "mentorship__mentor__user")
    )
    emails: list[Templated] = []
    for ask in to_email:
        mentorship = ask.mentorship
        for person, other in (
            (mentorship.mentee_user, mentorship.mentor_name),
            (mentorship.mentor_user, mentorship.mentee_name),
        ):
            emails += email_for(
                "pulse_asked",
                to=person,
                mentorship=mentorship,
                other_name=other,
                closes_on=ask.closes_on,
                last_day=ask.closes_on - timedelta(days=1),
            )
    send_templated_emails(emails)
    PulseAsk.objects.filter(pk__in=[ask.pk for ask in to_email]).update(emailed_at=now)
    return len(to_email)
