"""Rating goal confidence, asking what changed six and twelve months on, and answering.

Each change is atomic and refuses (`Refused`) anything the rules do not allow, changing
nothing. The database holds the rules that must survive a race: one rating per goal and stage,
one ask and one answer per mentorship and milestone.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.terms import DAYS_IN_A_MONTH
from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer, OutcomeAsk
from mentoring.outcomes.models import MILESTONE_MONTHS, Helped, Stage
from mentoring.shared import Refused, atomic_with_retry, email_for, lock_mentorship
from portal.dates import nhs_date
from portal.emails import Templated, send_templated_emails
from stories.models import Band

Status = Mentorship.Status

# How long after its milestone an outcome ask may still go: a mentorship that ended long before
# outcome asks began (or while housekeeping was stopped) is not asked a year late.
ASK_WITHIN = timedelta(days=61)
# Mentorships asked per transaction: the step reads and writes a batch at a time.
ASK_BATCH = 500


def milestone(months: int) -> timedelta:
    """How long after the end a milestone comes (6 months: 183 days; 12 months: 365)."""
    return timedelta(days=round(months * DAYS_IN_A_MONTH))


def milestone_date(mentorship: Mentorship, months: int) -> datetime | None:
    """When the outcome questions for this milestone open, or None while it has not ended."""
    if mentorship.status not in Mentorship.FINISHED or mentorship.ended_at is None:
        return None
    return mentorship.ended_at + milestone(months)


def stage_is_open(mentorship: Mentorship, stage: str) -> bool:
    """Start ratings while the mentorship is active; end ratings once it has finished."""
    if stage == Stage.START:
        return mentorship.status == Status.ACTIVE
    if stage == Stage.END:
        return mentorship.status in Mentorship.FINISHED
    return False


# Goal confidence ------------------------------------------------------------------------------


@atomic_with_retry
def rate_confidence(
    *, mentorship: Mentorship, actor: AbstractBaseUser, stage: str, ratings: dict[int, int]
) -> list[GoalConfidence]:
    """The mentee rates her confidence in each goal not yet rated at this stage, 1 to 5: all of
    them at once, or none."""
    mentorship, _ = lock_mentorship(mentorship.pk)
    if not mentorship.is_mentee(actor):
        raise Refused("Only the mentee can rate their confidence in the goals.")
    if not stage_is_open(mentorship, stage):
        when = "while the mentorship is active" if stage == Stage.START else "once it has ended"
        raise Refused(f"You can rate your confidence {when}.")
    rated = set(
        GoalConfidence.objects.filter(goal__mentorship=mentorship, stage=stage).values_list(
            "goal_id", flat=True
        )
    )
    waiting = [goal.pk for goal in Goal.objects.filter(mentorship=mentorship).order_by("pk")]
    waiting = [pk for pk in waiting if pk not in rated]
    if not waiting:
        raise Refused(already_rated_message(stage))
    if set(ratings) != set(waiting):
        raise Refused("Select how confident you are in each goal.")
    for goal_pk, rating in ratings.items():
        if not 1 <= rating <= 5:
            raise Refused("Choose a rating from 1 to 5.", field=f"goal_{goal_pk}")
    now = timezone.now()
    try:
        with transaction.atomic():
            return GoalConfidence.objects.bulk_create(
                GoalConfidence(goal_id=pk, stage=stage, rating=ratings[pk], rated_at=now)
                for pk in waiting
            )
    except IntegrityError:
        raise Refused(already_rated_message(stage)) from None


def already_rated_message(stage: str) -> str:
    when = "at the start" if stage == Stage.START else "at the end"
    return (
        f"You have already rated your confidence in these goals {when}. Your first ratings stand."
    )


# Six and twelve months on ---------------------------------------------------------------------


@atomic_with_retry
def answer_outcome(
    *,
    mentorship: Mentorship,
    actor: AbstractBaseUser,
    months: int,
    role_changed: bool,
    band_changed: bool,
    band_now: str,
    helped: str,
) -> OutcomeAnswer:
    """The mentee says what changed since the mentorship ended. The first answer stands."""
    mentorship, _ = lock_mentorship(mentorship.pk)
    if not mentorship.is_mentee(actor):
        raise Refused("Only the mentee can answer these questions.")
    opens = milestone_date(mentorship, months) if months in MILESTONE_MONTHS else None
    if opens is None:
        raise Refused("These questions are only for a mentorship that has ended.")
    if timezone.now() < opens:
        raise Refused(f"These questions open on {nhs_date(opens)}.")
    if helped not in Helped.values:
        raise Refused("Select whether mentoring helped", field="helped")
    if band_changed and band_now not in Band.values:
        raise Refused("Select your band now", field="band_now")
    earlier = OutcomeAnswer.objects.filter(mentorship=mentorship, months=months).first()
    if earlier is not None:
        raise Refused(already_answered_message(earlier))
    try:
        with transaction.atomic():
            return OutcomeAnswer.objects.create(
                mentorship=mentorship,
                months=months,
                role_changed=role_changed,
                band_changed=band_changed,
                band_before=mentorship.mentee.band if mentorship.mentee_id else "",
                band_now=band_now if band_changed else "",
                helped=helped,
                answered_at=timezone.now(),
            )
    except IntegrityError:
        earlier = OutcomeAnswer.objects.get(mentorship=mentorship, months=months)
        raise Refused(already_answered_message(earlier)) from None


def already_answered_message(answer: OutcomeAnswer) -> str:
    return (
        f"You answered these questions on {nhs_date(answer.answered_at)}. "
        "Your first answer stands. Thank you."
    )


@dataclass
class AskReport:
    asked: int = 0


def ask_for_outcomes(*, now: datetime | None = None) -> AskReport:
    """Email each mentee whose mentorship ended 6 or 12 months ago (within `ASK_WITHIN`) once
    per milestone, with a link to the questions. Batches of `ASK_BATCH`: a fixed number of
    queries a batch, the emails included (written together with `send_templated_emails`).
    Safe to run as often as wanted, and in two processes at once: each batch first writes its
    `OutcomeAsk` rows, and the unique (mentorship, months) constraint lets only one run write
    each; a run emails only the rows it wrote (its `claim`)."""
    now = now or timezone.now()
    report = AskReport()
    while True:
        sent = _ask_batch(now=now)
        report.asked += sent.asked
        if sent.found < ASK_BATCH:
            return report


@dataclass
class _Batch:
    found: int
    asked: int


def _due(now: datetime) -> list[tuple[int, int]]:
    """(mentorship id, months) of asks due now and not yet made, at most `ASK_BATCH`."""
    due: list[tuple[int, int]] = []
    for months in MILESTONE_MONTHS:
        reached = now - milestone(months)
        found = (
            Mentorship.objects.filter(
                status__in=Mentorship.FINISHED,
                mentee__isnull=False,
                ended_at__lte=reached,
                ended_at__gt=reached - ASK_WITHIN,
            )
            .exclude(Q(outcome_asks__months=months))
            .order_by("pk")
            .values_list("pk", flat=True)[: ASK_BATCH - len(due)]
        )
        due += [(pk, months) for pk in found]
    return due


@transaction.atomic
def _ask_batch(*, now: datetime) -> _Batch:
    due = _due(now)
    if not due:
        return _Batch(found=0, asked=0)
    claim = uuid.uuid4()
    OutcomeAsk.objects.bulk_create(
        [
            OutcomeAsk(mentorship_id=pk, months=months, asked_at=now, claim=claim)
            for pk, months in due
        ],
        ignore_conflicts=True,
    )
    asks = OutcomeAsk.objects.filter(claim=claim).select_related(
        "mentorship__mentee__user", "mentorship__mentor__user"
    )
    asked = 0
    emails: list[Templated] = []
    for ask in asks:
        mentorship = ask.mentorship
        emails += email_for(
            "outcome_ask",
            to=mentorship.mentee_user,
            mentorship=mentorship,
            months=ask.months,
            answer_url=reverse("mentoring:outcome", args=[mentorship.pk, ask.months]),
        )
        asked += 1
    send_templated_emails(emails)
    return _Batch(found=len(due), asked=asked)
