"""Every change to a mentorship, in one place.

Each function is atomic, records the status change as its own row, and sends its emails only
after the change is committed. A change that is not allowed raises `Refused` with a message
for the person who tried, and changes nothing.

Rows are locked in the one order of mentoring/shared.py, and each change is run
again if it collides with another (`atomic_with_retry`). A mentee has one mentor at a time
(`Mentorship.ONE_MENTOR_AT_A_TIME`): every change that gives her one checks it here, and the
database's `one_mentor_at_a_time` constraint holds it behind them.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.mentorships.models import (
    AGREED_GOAL_MAX_LENGTH,
    FEEDBACK_COMMENT_MAX_LENGTH,
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SESSION_NOTES_MAX_LENGTH,
)
from mentoring.models import (
    Feedback,
    Goal,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    MentorSkill,
    PairExclusion,
    SessionLog,
    StatusChange,
)
from mentoring.shared import (
    Conflict,
    Refused,
    atomic_with_retry,
    change_status,
    email_person,
    lock_mentees,
    lock_mentors,
    lock_mentorship,
    lock_mentorships,
    one_by_one,
    require_length,
)
from portal.emails import send_templated_email
from portal.roles import COORDINATORS
from stories.models import Skill, SkillLevel

logger = logging.getLogger(__name__)

Status = Mentorship.Status

__all__ = ["Conflict", "Refused"]


@dataclass(frozen=True)
class Rules:
    max_open_requests_per_mentee: int
    request_expiry_days: int
    reminder_after_days: int
    expiries_before_pause: int


def rules() -> Rules:
    return Rules(**settings.MENTORING_RULES)


# A pairing check ended an earlier mentorship of the two (mentoring/pairing/).
PAIR_EXCLUDED = (
    "You cannot ask {name} again: a pairing check ended your mentorship together. Your "
    "suggestions show other mentors who could help."
)


# Internals ------------------------------------------------------------------------------------


def _locked(mentorship: Mentorship) -> Mentorship:
    """The mentorship re-read under a row lock (PostgreSQL), so two changes cannot interleave."""
    return lock_mentorship(mentorship.pk)[0]


def lock_with_open_requests(
    mentorship: Mentorship, *, mentor: bool
) -> tuple[Mentorship, list[Mentorship]]:
    """For a change that gives the mentee a mentor: the mentorship and her other open requests,
    locked by id after her profile (and the mentor's, when asked), in the order of
    mentoring/shared.py. Pass the requests to `withdraw_other_requests` once she has one."""
    parties = Mentorship.objects.filter(pk=mentorship.pk).values("mentee_id", "mentor_id").get()
    lock_mentees([parties["mentee_id"]])
    if mentor:
        lock_mentors([parties["mentor_id"]])
    hers = Mentorship.objects.filter(pk=mentorship.pk)
    if parties["mentee_id"] is not None:
        hers |= Mentorship.objects.filter(
            mentee_id=parties["mentee_id"], status__in=Mentorship.OPEN_REQUEST
        )
    locked = lock_mentorships(hers)
    [mentorship] = [m for m in locked if m.pk == mentorship.pk]
    others = [m for m in locked if m.pk != mentorship.pk and m.status in Mentorship.OPEN_REQUEST]
    return mentorship, others


def withdraw_other_requests(others: list[Mentorship], *, now: datetime) -> None:
    """The mentee has a mentor now: her other open requests (from `lock_with_open_requests`)
    are withdrawn, and those mentors told."""
    for other in others:
        change_status(other, to=Status.WITHDRAWN, actor=None, note="The mentee found a mentor.")
        other.ended_at = now
        other.save(update_fields=["status", "ended_at"])
        email_person("request_withdrawn", to=other.mentor_user, mentorship=other, found_mentor=True)


def already_has_a_mentor_message(mentorship: Mentorship, *, actor: AbstractBaseUser) -> str:
    """The refusal when the mentee already has a mentor, as the person acting reads it."""
    if mentorship.is_mentee(actor):
        return "You already have a mentor."
    return f"{mentorship.mentee_name} already has a mentor."


def require_one_mentor(mentorship: Mentorship, *, actor: AbstractBaseUser) -> None:
    """Refuse to give the mentee a second mentor (`Mentorship.ONE_MENTOR_AT_A_TIME`). Call it
    with the mentee's profile locked, so that no other change can give her one meanwhile."""
    if mentorship.mentee_id is not None and mentorship.mentee.has_a_mentor(besides=mentorship):
        raise Refused(already_has_a_mentor_message(mentorship, actor=actor))


def start_mentorship(
    mentorship: Mentorship, *, actor: AbstractBaseUser, starts_at: datetime, note: str = ""
) -> None:
    """The two have agreed (a request accepted, a round's match confirmed by both): the
    mentorship is active from `starts_at`, and both are asked to agree its terms. The caller
    withdraws the mentee's other requests."""
    change_status(mentorship, to=Status.ACTIVE, actor=actor, note=note)
    mentorship.started_at = starts_at
    mentorship.first_answered_at = mentorship.first_answered_at or min(starts_at, timezone.now())
    _save_holding_a_place(
        mentorship, actor=actor, fields=["status", "started_at", "first_answered_at"]
    )
    # Imported here: the agreements rules build on these (they share `Refused`).
    from mentoring.agreements.services import start_agreement

    start_agreement(mentorship=mentorship)


def _save_holding_a_place(
    mentorship: Mentorship, *, actor: AbstractBaseUser, fields: list[str]
) -> None:
    """Save a mentorship that now holds a place. Should a change that skipped the lock have
    given the mentee a mentor meanwhile, the database refuses, and the person is told so."""
    try:
        with transaction.atomic():
            mentorship.save(update_fields=fields)
    except IntegrityError:
        raise Refused(already_has_a_mentor_message(mentorship, actor=actor)) from None


def _require_status(mentorship: Mentorship, allowed: list[str], doing: str) -> None:
    if mentorship.status not in allowed:
        raise Refused(
            f"You cannot {doing}: this mentorship is {mentorship.get_status_display().lower()}."
        )


PARTIES = Mentorship.PARTIES


def require_role(
    mentorship: Mentorship, actor: AbstractBaseUser, *, roles: tuple[str, ...], doing: str
) -> str:
    """Refuse anyone whose part in the mentorship (`Mentorship.role_of`) is not one of these;
    return their part."""
    role = mentorship.role_of(actor)
    if role not in roles:
        raise Refused(f"Only the {' or the '.join(roles)} can {doing}.")
    return role


def require_allowed(
    mentorship: Mentorship,
    actor: AbstractBaseUser,
    action: str,
    *,
    doing: str,
    doing_now: str | None = None,
    any_party: bool = False,
) -> str | None:
    """Refuse a change that `Mentorship.ALLOWED` does not give this person in this status
    (the same rules the pages show with `Mentorship.actions_for`); return their part. With
    `any_party`, someone who is neither (a coordinator) passes the check of who."""
    roles, statuses = Mentorship.ALLOWED[action]
    role = None if any_party else require_role(mentorship, actor, roles=roles, doing=doing)
    _require_status(mentorship, statuses, doing_now or doing)
    return role


def _cancel_future_bookings(mentorship: Mentorship) -> None:
    # Imported here: the bookings rules build on these (they share `Refused`).
    from mentoring.bookings.services import cancel_future_bookings

    cancel_future_bookings(mentorship=mentorship)


def places_of(mentor: MentorProfile) -> MentorProfile:
    """The mentor re-read with `places_held` and `free_places`. Lock the mentor's row first
    when the answer decides a change, so that no other change takes the place meanwhile."""
    return MentorProfile.objects.with_free_places().select_related("user").get(pk=mentor.pk)


# Requests -------------------------------------------------------------------------------------


@atomic_with_retry
def request_mentor(
    *, mentee: MenteeProfile, mentor: MentorProfile, message: str, goals: str
) -> Mentorship:
    """A mentee asks a mentor for mentoring."""
    require_length(message, limit=MESSAGE_MAX_LENGTH, field="message", what="Your introduction")
    require_length(goals, limit=GOALS_MAX_LENGTH, field="goals", what="Your goals")
    # Lock the mentee so two requests sent at once cannot both pass the open-request limit,
    # then the mentor, so their free places are the truth (the order of mentoring/shared.py).
    mentee = lock_mentees([mentee.pk])[mentee.pk]
    lock_mentors([mentor.pk])
    mentor = places_of(mentor)
    if mentor.user_id == mentee.user_id:
        raise Refused("You cannot ask yourself to be your mentor.")
    if mentor.cannot_be_asked_because:
        raise Refused(mentor.cannot_be_asked_because)
    if PairExclusion.objects.filter(mentee=mentee, mentor=mentor).exists():
        raise Refused(PAIR_EXCLUDED.format(name=mentor.user.first_name or "this mentor"))
    open_mentorships = mentee.mentorships.filter(status__in=Mentorship.OPEN)
    if open_mentorships.filter(mentor=mentor).exists():
        raise Refused(
            f"You already have an open request or mentorship with {mentor.user.get_full_name()}."
        )
    limit = rules().max_open_requests_per_mentee
    if open_mentorships.filter(status__in=Mentorship.OPEN_REQUEST).count() >= limit:
        raise Refused(
            f"You can have {limit} requests waiting for an answer at a time. Withdraw one, "
            "or wait for an answer, before you ask someone else."
        )
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                mentee=mentee,
                mentor=mentor,
                message=message,
                goals=goals,
                status=Status.REQUESTED,
                requested_at=timezone.now(),
            )
    except IntegrityError:
        raise Refused(
            f"You already have an open request or mentorship with {mentor.user.get_full_name()}."
        ) from None
    StatusChange.objects.create(
        mentorship=mentorship, actor=mentee.user, to_status=Status.REQUESTED, at=timezone.now()
    )
    email_person("request_received", to=mentor.user, mentorship=mentorship)
    return mentorship


@atomic_with_retry
def accept_request(*, mentorship: Mentorship, actor: AbstractBaseUser) -> Mentorship:
    """The mentor accepts. Never past their capacity, and never the mentee's second mentor,
    even when acceptances race."""
    # The mentee is locked first, so acceptances of her requests queue (PostgreSQL) and the one
    # mentor rule is checked against the truth; then the mentor, so the count of active
    # mentees below is the truth when we add one.
    mentorship, others = lock_with_open_requests(mentorship, mentor=True)
    # Told first that she has a mentor, rather than that her request was withdrawn by it.
    roles, statuses = Mentorship.ALLOWED["accept"]
    require_role(mentorship, actor, roles=roles, doing="accept this request")
    require_one_mentor(mentorship, actor=actor)
    _require_status(mentorship, statuses, "accept this request")
    mentor = places_of(mentorship.mentor)
    if mentor.is_full:
        raise Refused(
            f"You are already mentoring {mentor.capacity} "
            f"{'person' if mentor.capacity == 1 else 'people'}, your capacity. Raise your "
            "capacity in your profile, or end a mentorship, before accepting another."
        )
    now = timezone.now()
    start_mentorship(mentorship, actor=actor, starts_at=now)
    MentorProfile.objects.filter(pk=mentor.pk).update(consecutive_expiries=0)
    email_person("request_accepted", to=mentorship.mentee_user, mentorship=mentorship)
    withdraw_other_requests(others, now=now)
    return mentorship


@atomic_with_retry
def decline_request(
    *, mentorship: Mentorship, actor: AbstractBaseUser, reason: str = ""
) -> Mentorship:
    require_length(reason, limit=NOTE_MAX_LENGTH, field="reason", what="Your reason")
    # The mentor's row is written below, so it is locked first (the order of locking.py).
    mentorship, _ = lock_mentorship(mentorship.pk, mentor=True)
    require_allowed(mentorship, actor, "decline", doing="decline this request")
    record_decline(mentorship, actor=actor, reason=reason)
    MentorProfile.objects.filter(pk=mentorship.mentor_id).update(consecutive_expiries=0)
    email_person("request_declined", to=mentorship.mentee_user, mentorship=mentorship)
    return mentorship


def record_decline(mentorship: Mentorship, *, actor: AbstractBaseUser, reason: str) -> None:
    """A request or a round's proposed match is declined, with the reason given: the one way
    a decline is written (its status change, the reason, the first answer, the end)."""
    now = timezone.now()
    change_status(mentorship, to=Status.DECLINED, actor=actor, note=reason)
    mentorship.decline_reason = reason
    mentorship.first_answered_at = mentorship.first_answered_at or now
    mentorship.ended_at = now
    mentorship.save(update_fields=["status", "decline_reason", "first_answered_at", "ended_at"])


@atomic_with_retry
def ask_for_more_information(
    *, mentorship: Mentorship, actor: AbstractBaseUser, question: str
) -> Mentorship:
    require_length(question, limit=NOTE_MAX_LENGTH, field="question", what="Your question")
    mentorship, _ = lock_mentorship(mentorship.pk, mentor=True)
    require_allowed(mentorship, actor, "ask", doing="ask for more information")
    if not question.strip():
        raise Refused("Enter what you would like to know.", field="question")
    change_status(mentorship, to=Status.MORE_INFORMATION, actor=actor, note=question)
    mentorship.mentor_question = question
    mentorship.first_answered_at = mentorship.first_answered_at or timezone.now()
    mentorship.save(update_fields=["status", "mentor_question", "first_answered_at"])
    MentorProfile.objects.filter(pk=mentorship.mentor_id).update(consecutive_expiries=0)
    email_person("more_information_requested", to=mentorship.mentee_user, mentorship=mentorship)
    return mentorship


@atomic_with_retry
def provide_more_information(
    *, mentorship: Mentorship, actor: AbstractBaseUser, answer: str
) -> Mentorship:
    """The mentee answers the mentor's question; the request waits for the mentor again."""
    require_length(answer, limit=NOTE_MAX_LENGTH, field="answer", what="Your answer")
    mentorship = _locked(mentorship)
    require_allowed(
        mentorship,
        actor,
        "answer",
        doing="answer the mentor's question",
        doing_now="answer a question",
    )
    if not answer.strip():
        raise Refused("Enter your answer.", field="answer")
    change_status(mentorship, to=Status.REQUESTED, actor=actor, note=answer)
    # The wait for an answer starts again, so the request does not expire straight away.
    mentorship.requested_at = timezone.now()
    mentorship.reminder_sent_at = None
    mentorship.save(update_fields=["status", "requested_at", "reminder_sent_at"])
    email_person("more_information_provided", to=mentorship.mentor_user, mentorship=mentorship)
    return mentorship


@atomic_with_retry
def withdraw_request(*, mentorship: Mentorship, actor: AbstractBaseUser) -> Mentorship:
    mentorship = _locked(mentorship)
    require_allowed(mentorship, actor, "withdraw", doing="withdraw this request")
    change_status(mentorship, to=Status.WITHDRAWN, actor=actor)
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    email_person("request_withdrawn", to=mentorship.mentor_user, mentorship=mentorship)
    return mentorship


# Active mentorships ---------------------------------------------------------------------------


@atomic_with_retry
def end_early(*, mentorship: Mentorship, actor: AbstractBaseUser, reason: str) -> Mentorship:
    """Either party ends an active mentorship; coordinators may too, from admin."""
    require_length(reason, limit=NOTE_MAX_LENGTH, field="reason", what="Your reason")
    mentorship = _locked(mentorship)
    require_allowed(
        mentorship,
        actor,
        "end_early",
        doing="end this mentorship",
        doing_now="end this mentorship early",
        any_party=actor.has_perm("mentoring.change_mentorship"),
    )
    if not reason.strip():
        raise Refused("Enter a reason for ending the mentorship early.", field="reason")
    mentorship.end_reason = reason
    _finish(mentorship, to=Status.ENDED_EARLY, actor=actor, note=reason, fields=["end_reason"])
    for user in (mentorship.mentee_user, mentorship.mentor_user):
        if user is not None and user.pk != actor.pk:
            email_person("mentorship_ended_early", to=user, mentorship=mentorship, ended_by=actor)
    return mentorship


@atomic_with_retry
def complete(*, mentorship: Mentorship, actor: AbstractBaseUser) -> Mentorship:
    mentorship = _locked(mentorship)
    require_allowed(mentorship, actor, "complete", doing="mark this mentorship complete")
    _finish(mentorship, to=Status.COMPLETED, actor=actor)
    for user in (mentorship.mentee_user, mentorship.mentor_user):
        email_person("mentorship_completed", to=user, mentorship=mentorship, completed_by=actor)
    return mentorship


def _finish(
    mentorship: Mentorship,
    *,
    to: str,
    actor: AbstractBaseUser | None,
    note: str = "",
    fields: tuple[str, ...] | list[str] = (),
) -> None:
    """An active mentorship ends (completed or ended early): its status change, its end, the
    other `fields` the caller set, and its future bookings cancelled. With no actor, Pathways
    ended it (a pairing check)."""
    change_status(mentorship, to=to, actor=actor, note=note)
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at", *fields])
    _cancel_future_bookings(mentorship)


@atomic_with_retry
def add_goal(*, mentorship: Mentorship, actor: AbstractBaseUser, text: str) -> Goal:
    require_length(text, limit=AGREED_GOAL_MAX_LENGTH, field="text", what="The goal")
    mentorship = _locked(mentorship)
    require_allowed(mentorship, actor, "add_goal", doing="add a goal")
    return Goal.objects.create(mentorship=mentorship, text=text)


@atomic_with_retry
def mark_goal(*, goal: Goal, actor: AbstractBaseUser, achieved: bool) -> Goal:
    mentorship = _locked(goal.mentorship)
    require_allowed(mentorship, actor, "change_goal", doing="change a goal")
    goal.achieved = achieved
    goal.save(update_fields=["achieved"])
    return goal


@atomic_with_retry
def log_session(
    *, mentorship: Mentorship, actor: AbstractBaseUser, held_on: date, summary: str, next_steps: str
) -> SessionLog:
    require_length(
        summary, limit=SESSION_NOTES_MAX_LENGTH, field="summary", what="What you talked about"
    )
    require_length(
        next_steps, limit=SESSION_NOTES_MAX_LENGTH, field="next_steps", what="Next steps"
    )
    mentorship = _locked(mentorship)
    require_allowed(mentorship, actor, "log_session", doing="log a session")
    if mentorship.started_at and held_on < timezone.localdate(mentorship.started_at):
        raise Refused(
            "The session date must be on or after the day the mentorship started.",
            field="held_on",
        )
    if held_on > timezone.localdate():
        raise Refused("The session date must be today or in the past.", field="held_on")
    return SessionLog.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        summary=summary,
        next_steps=next_steps,
        logged_by=actor,
    )


@atomic_with_retry
def give_feedback(
    *, mentorship: Mentorship, actor: AbstractBaseUser, rating: int, comment: str
) -> Feedback:
    require_length(comment, limit=FEEDBACK_COMMENT_MAX_LENGTH, field="comment", what="Your comment")
    mentorship = _locked(mentorship)
    role = require_allowed(
        mentorship, actor, "give_feedback", doing="give feedback", doing_now="give feedback yet"
    )
    if not 1 <= rating <= 5:
        raise Refused("Choose a rating from 1 to 5.", field="rating")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                mentorship=mentorship, role=role, rating=rating, comment=comment
            )
    except IntegrityError:
        raise Refused("You have already given feedback on this mentorship. Thank you.") from None


# Mentors ---------------------------------------------------------------------------------------


@atomic_with_retry
def pause_mentor(*, mentor: MentorProfile, actor: AbstractBaseUser | None, reason: str) -> None:
    """Stop new requests reaching a mentor; their active mentorships carry on."""
    mentor = lock_mentors([mentor.pk])[mentor.pk]
    if mentor.is_paused:
        return
    mentor.paused_at = timezone.now()
    mentor.paused_reason = reason
    mentor.save(update_fields=["paused_at", "paused_reason"])
    if mentor.user.is_active:
        send_templated_email(
            name="mentor_paused",
            to=[mentor.user.email],
            context={"recipient": mentor.user, "mentor": mentor, "reason": reason},
        )


@atomic_with_retry
def resume_mentor(*, mentor: MentorProfile) -> None:
    MentorProfile.objects.filter(pk=mentor.pk).update(
        paused_at=None, paused_reason="", consecutive_expiries=0
    )


def _coordinators() -> QuerySet:
    return get_user_model().objects.filter(groups__name=COORDINATORS, is_active=True)


# Housekeeping ----------------------------------------------------------------------------------


@dataclass
class HousekeepingReport:
    reminded: int = 0
    expired: int = 0
    paused: int = 0


def housekeeping(*, now: datetime | None = None) -> HousekeepingReport:
    """Remind mentors of requests waiting a week, expire those waiting two, and pause mentors
    whose requests expire twice in a row. Safe to run as often as wanted: each step happens once.
    """
    now = now or timezone.now()
    current = rules()
    report = HousekeepingReport()
    waiting = Mentorship.objects.filter(status=Status.REQUESTED)

    # Each request in its own transaction: one that fails is logged and tried again next run.
    expire_before = now - timedelta(days=current.request_expiry_days)
    report.expired = one_by_one(
        lambda pk: _expire(pk, now=now, current=current, report=report),
        list(waiting.filter(requested_at__lte=expire_before).values_list("pk", flat=True)),
        doing="expire the request",
    )
    remind_before = now - timedelta(days=current.reminder_after_days)
    report.reminded = one_by_one(
        lambda pk: _remind(pk, now=now, current=current),
        list(
            waiting.filter(
                requested_at__lte=remind_before, reminder_sent_at__isnull=True
            ).values_list("pk", flat=True)
        ),
        doing="send a reminder about the request",
    )
    return report


@atomic_with_retry
def _remind(pk: int, *, now: datetime, current: Rules) -> bool:
    mentorship = _locked(Mentorship(pk=pk))
    if mentorship.status != Status.REQUESTED or mentorship.reminder_sent_at:
        return False
    mentorship.reminder_sent_at = now
    mentorship.save(update_fields=["reminder_sent_at"])
    expires_on = mentorship.requested_at + timedelta(days=current.request_expiry_days)
    email_person(
        "request_reminder", to=mentorship.mentor_user, mentorship=mentorship, expires=expires_on
    )
    return True


@atomic_with_retry
def _expire(pk: int, *, now: datetime, current: Rules, report: HousekeepingReport) -> bool:
    # The mentor's row is written below, so it is locked first (the order of locking.py).
    mentorship, mentor = lock_mentorship(pk, mentor=True)
    if mentorship.status != Status.REQUESTED:
        return False
    change_status(mentorship, to=Status.EXPIRED, actor=None, note="No answer in time.")
    mentorship.ended_at = now
    mentorship.save(update_fields=["status", "ended_at"])
    email_person("request_expired", to=mentorship.mentee_user, mentorship=mentorship)
    if mentor is None or mentorship.mentor_id is None:
        return True
    mentor.consecutive_expiries += 1
    mentor.save(update_fields=["consecutive_expiries"])
    if mentor.consecutive_expiries >= current.expiries_before_pause and not mentor.is_paused:
        reason = f"{mentor.consecutive_expiries} requests in a row expired without an answer."
        pause_mentor(mentor=mentor, actor=None, reason=reason)
        report.paused += 1
        # One email each, so coordinators do not see one another's addresses.
        for coordinator in _coordinators():
            send_templated_email(
                name="mentor_paused_coordinators",
                to=[coordinator.email],
                context={"recipient": coordinator, "mentor": mentor, "reason": reason},
            )
    return True


# Skills a mentor can help with ----------------------------------------------------------------


@atomic_with_retry
def offer_skill(*, mentor: MentorProfile, skill_id: int, level: int) -> MentorSkill:
    """Add a capability framework skill the mentor can help with, at the level they hold it."""
    if level not in SkillLevel.values:
        raise Refused("Choose awareness, working, practitioner or expert", field="level")
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        raise Refused("Select a skill from the list", field="skill")
    if skill.is_retired:
        raise Refused(
            f"{skill.name} is no longer in the capability framework: choose another skill",
            field="skill",
        )
    # One change to a mentor's skills at a time: two quick adds of the same skill cannot both
    # pass the check below.
    lock_mentors([mentor.pk])
    if MentorSkill.objects.filter(mentor=mentor, skill=skill).exists():
        raise Refused(
            f"You already offer help with {skill.name}. Remove it first to change its level",
            field="skill",
        )
    return MentorSkill.objects.create(mentor=mentor, skill=skill, level=level)


@atomic_with_retry
def withdraw_skill(*, offered: MentorSkill, actor: AbstractBaseUser) -> None:
    """Stop offering help with a skill. Only the mentor themselves may."""
    if offered.mentor.user_id != actor.pk:
        raise Refused("Only the mentor can change the skills they offer.")
    MentorSkill.objects.filter(pk=offered.pk).delete()
