"""Matching assignment, from the cohort to confirmed mentorships.

The habits of mentorships.py hold here too: keyword-only, atomic functions; a change that is not
allowed raises `Refused` with a message for the person who tried and changes nothing; emails
leave only after the change is committed; every change a coordinator makes to a round is a
`RoundEvent` (who, what, when), and every change of a mentorship's status a `StatusChange`.

The life of a round:
1. A coordinator creates it; mentees and mentors opt in (a mentor with a number of places,
   which counts against their overall capacity), or the coordinator adds everyone available.
2. "Propose matches" queues a background run (one at a time per round: a partial unique index
   holds it, behind a row lock on the round). The run reads the facts, lets mentoring/assignment.py
   find the optimal assignment, reports its progress as it goes, and stores the proposal.
3. The coordinator reviews it, locks pairs to keep and excludes pairs to avoid, and may propose
   again: locks and exclusions are kept.
4. Publishing turns every pair into a `Mentorship` in the `proposed` status, which holds the
   mentor's place, and tells everyone by email in the background. Each pair has 7 days to
   confirm; when both have, the mentorship is active. Housekeeping expires the rest, which
   frees the place.

Rows are locked in the one order of mentoring/shared.py: round, mentee profiles,
mentor profiles, mentorships, proposals. A mentee has one mentor at a time, counting a
proposal (`Mentorship.ONE_MENTOR_AT_A_TIME`): publishing and confirming check it.
"""

import logging
from datetime import date, datetime, timedelta

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from mentoring.mentorships.models import NOTE_MAX_LENGTH
from mentoring.mentorships.services import (
    PARTIES,
    lock_with_open_requests,
    places_of,
    record_decline,
    require_one_mentor,
    require_role,
    start_mentorship,
    withdraw_other_requests,
)
from mentoring.models import (
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    RoundEvent,
    RoundExclusion,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
    StatusChange,
)
from mentoring.records import name_of
from mentoring.rounds import audit, jobs
from mentoring.rounds.jobs import MENTOR_LEFT_REASON
from mentoring.rounds.models import ROUND_NAME_MAX_LENGTH
from mentoring.shared import (
    Refused,
    atomic_with_retry,
    change_status,
    email_person,
    lock_mentees,
    lock_mentors,
    lock_mentorship,
    one_by_one,
    require_length,
)
from portal.dates import nhs_date, nhs_date_range
from portal.worker import task_is_alive

logger = logging.getLogger(__name__)

Status = Mentorship.Status
Action = RoundEvent.Action
RunStatus = RoundRun.Status

CONFIRM_WITHIN = timedelta(days=7)
# A run whose task is known is judged by its worker's heartbeat (`_has_died`). One without (its
# task was never queued) has died when it has said nothing for this long.
STALE_AFTER = timedelta(minutes=10)
WORKER_DIED = (
    "It stopped before finishing because the background process working it out stopped. "
    "Nothing was changed. You can propose matches again now."
)
NEVER_STARTED = "It stopped without finishing, so it was set aside."
BUSY = (
    "Matches are already being proposed for this round ({stage}, {percent}% done). The page "
    "shows the progress; propose again once this one is ready."
)
EXCLUDED_REASON = "the programme coordinator ruled out the mentor first proposed for you"


class DatesRefused(Refused):
    """Round dates that cannot be used. `field` names the round form's input the message is
    about (starts_on or ends_on), so a form can show it next to it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_dates(*, starts_on: date, ends_on: date) -> None:
    """A round starts today or later, and ends after it starts."""
    if starts_on < timezone.localdate():
        raise DatesRefused(
            "The date mentoring starts must be today or in the future", field="starts_on"
        )
    if ends_on <= starts_on:
        raise DatesRefused("The end date must be after the start date", field="ends_on")


def _running(matching_round: MatchingRound) -> RoundRun | None:
    return RoundRun.objects.filter(round=matching_round, status__in=RoundRun.IN_PROGRESS).first()


def _has_died(run: RoundRun) -> str | None:
    """Why an unfinished run will never finish, or None while it may. Not a wait since it
    started: a run is alive while its task waits in the queue or runs on a worker whose
    heartbeat is fresh, however long the solve takes."""
    if run.task_id:
        return None if task_is_alive(task_id=run.task_id) else WORKER_DIED
    return NEVER_STARTED if run.updated_at <= timezone.now() - STALE_AFTER else None


def set_aside_dead_run(*, matching_round: MatchingRound) -> RoundRun | None:
    """Mark the round's unfinished run failed if it has died, so the coordinator sees why and
    can propose again at once. Returns the run set aside, if any."""
    run = _running(matching_round)
    if run is None or _has_died(run) is None:
        return None
    with transaction.atomic():
        # Rows are locked in the usual order, round first; then look again under the lock.
        MatchingRound.objects.select_for_update().get(pk=matching_round.pk)
        run = _running(matching_round)
        reason = _has_died(run) if run is not None else None
        if reason is None:
            return None
        jobs.fail_run(run.pk, reason)
    return run


def _draft_round(pk: int, *, doing: str, allow_while_running: bool = False) -> MatchingRound:
    """The round re-read under a row lock, if it may still change."""
    matching_round = MatchingRound.objects.select_for_update().get(pk=pk)
    if not matching_round.is_draft:
        raise Refused(f"You cannot {doing}: this round has been published.")
    if not allow_while_running and (run := _running(matching_round)) is not None:
        raise Refused(
            f"You cannot {doing} while matches are being proposed ({run.percent}% done). "
            "Wait until the proposal is ready."
        )
    return matching_round


# The round ----------------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *, name: str, starts_on: date, ends_on: date, actor: AbstractBaseUser
) -> MatchingRound:
    name = name.strip()
    if not name:
        raise Refused("Enter a name for the round.", field="name")
    require_length(name, limit=ROUND_NAME_MAX_LENGTH, field="name", what="The round’s name")
    check_dates(starts_on=starts_on, ends_on=ends_on)
    matching_round = MatchingRound.objects.create(
        name=name, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    audit.record(
        matching_round, Action.CREATED, actor=actor, detail=f"“{name}”, {_dates(matching_round)}"
    )
    return matching_round


@transaction.atomic
def change_round(
    *,
    matching_round: MatchingRound,
    name: str,
    starts_on: date,
    ends_on: date,
    actor: AbstractBaseUser,
) -> MatchingRound:
    matching_round = _draft_round(
        matching_round.pk, doing="change the round", allow_while_running=True
    )
    name = name.strip()
    if not name:
        raise Refused("Enter a name for the round.", field="name")
    require_length(name, limit=ROUND_NAME_MAX_LENGTH, field="name", what="The round’s name")
    check_dates(starts_on=starts_on, ends_on=ends_on)
    before = f"“{matching_round.name}”, {_dates(matching_round)}"
    matching_round.name, matching_round.starts_on, matching_round.ends_on = name, starts_on, ends_on
    after = f"“{name}”, {_dates(matching_round)}"
    if before == after:
        return matching_round
    matching_round.save(update_fields=["name", "starts_on", "ends_on"])
    audit.record(matching_round, Action.CHANGED, actor=actor, detail=f"From {before} to {after}")
    return matching_round


@transaction.atomic
def delete_round(*, matching_round: MatchingRound, actor: AbstractBaseUser) -> None:
    """Delete a round that has not been published, with everyone's places in it and its
    proposals. Nobody has been told anything yet, so nothing else changes.

    The round's own history goes with it, so the deletion is recorded where it survives: in
    the admin's history (who, when, what) and in the log."""
    matching_round = _draft_round(matching_round.pk, doing="delete the round")
    mentees = RoundMentee.objects.filter(round=matching_round).count()
    mentors = RoundMentor.objects.filter(round=matching_round).count()
    detail = (
        f"Deleted the draft round “{matching_round.name}”, {_dates(matching_round)}, with "
        f"{mentees} {'mentee' if mentees == 1 else 'mentees'} and {mentors} "
        f"{'mentor' if mentors == 1 else 'mentors'}"
    )
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=MatchingRound.objects.filter(pk=matching_round.pk),
        action_flag=DELETION,
        change_message=detail,
        single_object=True,
    )
    logger.info("Round %s: %s, by user %s", matching_round.pk, detail, actor.pk)
    matching_round.delete()


def _dates(matching_round: MatchingRound) -> str:
    return nhs_date_range(matching_round.starts_on, matching_round.ends_on)


# Taking part ----------------------------------------------------------------------------------


def free_places(mentor: MentorProfile, *, except_round: MatchingRound | None = None) -> int:
    """Places a mentor has not yet given: their capacity less the mentorships that hold a
    place and the places they offered to other rounds not yet published."""
    free = places_of(mentor).free_places
    offered = RoundMentor.objects.filter(
        mentor=mentor, round__status=MatchingRound.Status.DRAFT
    ).exclude(round=except_round)
    promised = offered.aggregate(total=Sum("places"))["total"] or 0
    return max(0, free - promised)


@transaction.atomic
def join_round_as_mentee(*, matching_round: MatchingRound, mentee: MenteeProfile) -> RoundMentee:
    matching_round = _draft_round(
        matching_round.pk, doing="join this round", allow_while_running=True
    )
    if mentee.has_a_mentor():
        raise Refused("You already have a mentor, so you cannot join a matching round as a mentee.")
    try:
        with transaction.atomic():
            place = RoundMentee.objects.create(round=matching_round, mentee=mentee)
    except IntegrityError:
        raise Refused("You are already taking part in this round as a mentee.") from None
    audit.record(matching_round, Action.JOINED, actor=mentee.user, detail="As a mentee")
    return place


@transaction.atomic
def join_round_as_mentor(
    *, matching_round: MatchingRound, mentor: MentorProfile, places: int
) -> RoundMentor:
    matching_round = _draft_round(
        matching_round.pk, doing="join this round", allow_while_running=True
    )
    # Locked so that two offers at once cannot both take the last free place.
    mentor = MentorProfile.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.is_paused:
        raise Refused("Your mentoring is paused. Ask a coordinator to resume it first.")
    if places < 1:
        raise Refused("Offer at least 1 place.")
    room = free_places(mentor, except_round=matching_round)
    if places > room:
        raise Refused(
            f"You have room for {room} more {'mentee' if room == 1 else 'mentees'}: your "
            "capacity, less your current mentorships and the places you offered to other "
            "rounds. Offer fewer places, or raise your capacity in your profile."
            if room
            else "You have no free places: your current mentorships and the places you offered "
            "to other rounds fill your capacity. Raise your capacity in your profile first."
        )
    try:
        with transaction.atomic():
            place = RoundMentor.objects.create(round=matching_round, mentor=mentor, places=places)
    except IntegrityError:
        raise Refused("You are already taking part in this round as a mentor.") from None
    audit.record(
        matching_round,
        Action.JOINED,
        actor=mentor.user,
        detail=f"As a mentor, with {places} {'place' if places == 1 else 'places'}",
    )
    return place


@transaction.atomic
def leave_round(*, matching_round: MatchingRound, user: AbstractBaseUser) -> None:
    """Take the person out of the round, as mentee and as mentor. A pair they were in is
    undone (locked or not) and its mentee told why in the next proposal."""
    matching_round = _draft_round(
        matching_round.pk, doing="leave this round", allow_while_running=True
    )
    left_as_mentee = RoundMentee.objects.filter(round=matching_round, mentee__user=user)
    left_as_mentor = RoundMentor.objects.filter(round=matching_round, mentor__user=user)
    roles = [
        name
        for name, rows in (("mentee", left_as_mentee), ("mentor", left_as_mentor))
        if rows.exists()
    ]
    if not roles:
        raise Refused("You are not taking part in this round.")
    RoundProposal.objects.filter(round=matching_round, mentee__user=user).delete()
    RoundProposal.objects.filter(round=matching_round, mentor__user=user).update(
        mentor=None,
        score=None,
        reasons=[],
        locked=False,
        unmatched_code="mentor-left",
        unmatched_reason=MENTOR_LEFT_REASON,
    )
    left_as_mentee.delete()
    left_as_mentor.delete()
    audit.record(matching_round, Action.LEFT, actor=user, detail=f"As a {' and a '.join(roles)}")


@transaction.atomic
def add_available_participants(
    *, matching_round: MatchingRound, actor: AbstractBaseUser
) -> tuple[int, int]:
    """Add every mentee without a mentor, and every mentor with a free place (offering all of
    them), who is not in the round yet. Returns how many mentees and mentors were added."""
    matching_round = _draft_round(
        matching_round.pk, doing="add participants", allow_while_running=True
    )
    now = timezone.now()
    mentees = (
        MenteeProfile.objects.filter(user__is_active=True)
        .exclude(mentorships__status__in=Mentorship.HOLDS_PLACE)
        .exclude(round_places__round=matching_round)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    new_mentees = RoundMentee.objects.bulk_create(
        [RoundMentee(round=matching_round, mentee_id=pk, joined_at=now) for pk in mentees],
        batch_size=1000,
    )
    mentors = (
        MentorProfile.objects.select_for_update(of=("self",))
        .with_free_places()
        .filter(user__is_active=True, paused_at__isnull=True, accepting_requests=True)
        .exclude(round_places__round=matching_round)
        .order_by("pk")
    )
    promised = _promised_places(mentors, except_round=matching_round)
    offers = []
    for mentor in mentors:
        room = mentor.free_places - promised.get(mentor.pk, 0)
        if room > 0:
            offers.append(
                RoundMentor(
                    round=matching_round, mentor=mentor, places=min(room, 10), joined_at=now
                )
            )
    RoundMentor.objects.bulk_create(offers, batch_size=1000)
    if new_mentees or offers:
        audit.record(
            matching_round,
            Action.PARTICIPANTS_ADDED,
            actor=actor,
            detail=f"{len(new_mentees)} {'mentee' if len(new_mentees) == 1 else 'mentees'} and "
            f"{len(offers)} {'mentor' if len(offers) == 1 else 'mentors'}, everyone available",
        )
    return len(new_mentees), len(offers)


def _promised_places(mentors, *, except_round: MatchingRound) -> dict[int, int]:
    return dict(
        RoundMentor.objects.filter(
            mentor__in=mentors.values("pk"), round__status=MatchingRound.Status.DRAFT
        )
        .exclude(round=except_round)
        .order_by()
        .values("mentor_id")
        .annotate(total=Sum("places"))
        .values_list("mentor_id", "total")
    )


# Proposing ------------------------------------------------------------------------------------


@transaction.atomic
def request_proposal(*, matching_round: MatchingRound, actor: AbstractBaseUser) -> RoundRun:
    """Queue a run that proposes matches for the round. Refused, politely, while one runs."""
    matching_round = _draft_round(
        matching_round.pk, doing="propose matches", allow_while_running=True
    )
    running = _running(matching_round)
    if running is not None:
        if (died := _has_died(running)) is None:
            raise Refused(BUSY.format(stage=running.stage.lower(), percent=running.percent))
        jobs.fail_run(running.pk, died)
    if not RoundMentee.objects.filter(round=matching_round).exists():
        raise Refused("No mentees have joined this round yet. Add participants first.")
    if not RoundMentor.objects.filter(round=matching_round).exists():
        raise Refused("No mentors have joined this round yet. Add participants first.")
    try:
        with transaction.atomic():
            run = RoundRun.objects.create(round=matching_round, requested_by=actor)
    except IntegrityError:
        # Another coordinator's request got there first (the partial unique index said so).
        running = _running(matching_round)
        raise Refused(
            BUSY.format(
                stage=running.stage.lower() if running else "starting",
                percent=running.percent if running else 0,
            )
        ) from None
    audit.record(matching_round, Action.PROPOSAL_REQUESTED, actor=actor)

    def enqueue() -> None:
        task = jobs.propose_matches.enqueue(run_id=run.pk)
        RoundRun.objects.filter(pk=run.pk).update(task_id=task.id)

    transaction.on_commit(enqueue)
    return run


# Reviewing ------------------------------------------------------------------------------------


def _proposal_for_change(proposal: RoundProposal, *, doing: str) -> RoundProposal:
    _draft_round(proposal.round_id, doing=doing)
    return (
        RoundProposal.objects.select_for_update(of=("self",))
        .select_related("round", "mentee__user", "mentor__user")
        .get(pk=proposal.pk)
    )


def _record_pair(proposal: RoundProposal, action: str, *, actor: AbstractBaseUser) -> None:
    audit.record_pair(
        proposal.round, action, actor=actor, mentee=proposal.mentee, mentor=proposal.mentor
    )


def lock_pair(*, proposal: RoundProposal, actor: AbstractBaseUser) -> RoundProposal:
    """Keep this pair in every later run of the round."""
    return _set_locked(proposal, locked=True, actor=actor)


def unlock_pair(*, proposal: RoundProposal, actor: AbstractBaseUser) -> RoundProposal:
    return _set_locked(proposal, locked=False, actor=actor)


@transaction.atomic
def _set_locked(proposal: RoundProposal, *, locked: bool, actor: AbstractBaseUser) -> RoundProposal:
    proposal = _proposal_for_change(proposal, doing="lock a pair" if locked else "unlock a pair")
    if locked and not proposal.is_pair:
        raise Refused("Only a proposed pair can be locked.")
    if proposal.locked != locked:
        proposal.locked = locked
        proposal.save(update_fields=["locked"])
        _record_pair(proposal, Action.LOCKED if locked else Action.UNLOCKED, actor=actor)
    return proposal


@transaction.atomic
def exclude_pair(*, proposal: RoundProposal, actor: AbstractBaseUser) -> RoundProposal:
    """Never propose this pair again in this round; the mentee waits for the next run."""
    proposal = _proposal_for_change(proposal, doing="exclude a pair")
    if not proposal.is_pair:
        raise Refused("Only a proposed pair can be excluded.")
    if proposal.locked:
        raise Refused("This pair is locked. Unlock it before excluding it.")
    _record_pair(proposal, Action.EXCLUDED, actor=actor)
    RoundExclusion.objects.get_or_create(
        round=proposal.round,
        mentee=proposal.mentee,
        mentor=proposal.mentor,
        defaults={"excluded_by": actor},
    )
    proposal.mentor, proposal.score, proposal.reasons = None, None, []
    proposal.unmatched_code, proposal.unmatched_reason = "excluded", EXCLUDED_REASON
    proposal.save(
        update_fields=["mentor", "score", "reasons", "unmatched_code", "unmatched_reason"]
    )
    return proposal


# Publishing -----------------------------------------------------------------------------------


@atomic_with_retry
def publish_round(*, matching_round: MatchingRound, actor: AbstractBaseUser) -> int:
    """Turn every proposed pair into a mentorship waiting for both to confirm, and tell
    everyone. All or nothing: if anything stands in the way, nothing is published."""
    matching_round = _draft_round(matching_round.pk, doing="publish the round")
    if not RoundRun.objects.filter(round=matching_round, status=RunStatus.FINISHED).exists():
        raise Refused("Propose matches before publishing the round.")
    pairs = list(
        RoundProposal.objects.filter(round=matching_round, mentor__isnull=False)
        .select_related("mentee__user", "mentor__user")
        .order_by("mentor_id", "mentee_id")
    )
    if not pairs:
        raise Refused("There are no pairs to publish. Propose matches again, or add mentors.")
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    mentee_ids = [pair.mentee_id for pair in pairs]
    # Lock the mentees, then the mentors, in id order, as accepting a request does, so that no
    # one gives these mentees a mentor, or takes these places, before the proposals do.
    mentees = lock_mentees(mentee_ids)
    mentors = lock_mentors(mentor_ids)
    problems = _what_changed(pairs, mentees=mentees, mentors=mentors)
    if problems:
        raise Refused(_changed_since(problems))

    now = timezone.now()
    note = f"Proposed by the matching round “{matching_round.name}”."
    mentorships = [
        Mentorship(
            mentee_id=pair.mentee_id,
            mentor_id=pair.mentor_id,
            status=Status.PROPOSED,
            message=note,
            goals=pair.mentee.goals,
            requested_at=now,
        )
        for pair in pairs
    ]
    try:
        with transaction.atomic():
            Mentorship.objects.bulk_create(mentorships, batch_size=1000)
    except IntegrityError:
        # A change that skipped the locks above got there first; the database said no.
        problems = _what_changed(pairs, mentees=mentees, mentors=mentors)
        raise Refused(
            _changed_since(problems)
            if problems
            else "Some of these pairs have started a request or mentorship of their own since "
            "the proposal. Propose matches again, then publish."
        ) from None
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                mentorship=mentorship,
                actor=actor,
                from_status="",
                to_status=Status.PROPOSED,
                note=note,
                at=now,
            )
            for mentorship in mentorships
        ],
        batch_size=1000,
    )
    for pair, mentorship in zip(pairs, mentorships, strict=True):
        pair.mentorship = mentorship
        pair.confirm_by = now + CONFIRM_WITHIN
    RoundProposal.objects.bulk_update(pairs, ["mentorship", "confirm_by"], batch_size=500)
    matching_round.status = MatchingRound.Status.PUBLISHED
    matching_round.published_at, matching_round.published_by = now, actor
    matching_round.save(update_fields=["status", "published_at", "published_by"])
    unmatched = RoundProposal.objects.filter(round=matching_round, mentor__isnull=True).count()
    audit.record(
        matching_round,
        Action.PUBLISHED,
        actor=actor,
        detail=f"{len(pairs):,} {'pair' if len(pairs) == 1 else 'pairs'} proposed to confirm "
        f"by {nhs_date(now + CONFIRM_WITHIN)}; {unmatched:,} without a mentor",
    )
    round_id = matching_round.pk
    transaction.on_commit(lambda: jobs.send_round_emails.enqueue(round_id=round_id))
    return len(pairs)


def _what_changed(
    pairs: list[RoundProposal],
    *,
    mentees: dict[int, MenteeProfile],
    mentors: dict[int, MentorProfile],
) -> list[str]:
    """What stands in the way of publishing these pairs now: mentors without the places
    proposed, and mentees who have a mentor since (one mentor at a time)."""
    free = dict(
        MentorProfile.objects.with_free_places()
        .filter(pk__in=list(mentors))
        .values_list("pk", "free_places")
    )
    taking: dict[int, int] = {}
    for pair in pairs:
        taking[pair.mentor_id] = taking.get(pair.mentor_id, 0) + 1
    over = sorted(
        mentors[pk].user.get_full_name() for pk, count in taking.items() if count > free.get(pk, 0)
    )
    taken = sorted(
        name_of(mentees[pk].user)
        for pk in set(
            Mentorship.objects.filter(
                mentee_id__in=list(mentees), status__in=Mentorship.ONE_MENTOR_AT_A_TIME
            ).values_list("mentee_id", flat=True)
        )
    )
    problems = []
    if over:
        problems.append(
            f"{len(over)} "
            f"{'mentor no longer has' if len(over) == 1 else 'mentors no longer have'} "
            f"the places proposed ({_first_names(over)})"
        )
    if taken:
        problems.append(
            f"{len(taken)} {'mentee has' if len(taken) == 1 else 'mentees have'} found a "
            f"mentor since ({_first_names(taken)})"
        )
    return problems


def _first_names(names: list[str]) -> str:
    return f"{', '.join(names[:5])}{'…' if len(names) > 5 else ''}"


def _changed_since(problems: list[str]) -> str:
    return (
        "Things have changed since the proposal: " + "; ".join(problems) + ". Propose "
        "matches again (locked pairs are kept), then publish."
    )


# Confirming -----------------------------------------------------------------------------------


def round_starts_at(matching_round: MatchingRound) -> datetime:
    """The first moment of the round's start date in the UK: a mentorship from the round
    confirmed before then starts then."""
    return timezone.make_aware(
        datetime.combine(matching_round.starts_on, datetime.min.time()),
        timezone.get_default_timezone(),
    )


def _proposal_of(mentorship: Mentorship) -> RoundProposal:
    proposal = (
        RoundProposal.objects.select_for_update(of=("self",))
        .select_related("round")
        .filter(mentorship=mentorship)
        .first()
    )
    if proposal is None:
        raise Refused("This mentorship did not come from a matching round.")
    return proposal


@atomic_with_retry
def confirm_proposal(*, mentorship: Mentorship, actor: AbstractBaseUser) -> Mentorship:
    """The mentee or the mentor confirms a proposed match; once both have, it is active."""
    # The mentee first, then the mentorship with her open requests by id (mentoring/shared.py),
    # so nothing gives her a mentor meanwhile and her requests can be withdrawn below.
    mentorship, others = lock_with_open_requests(mentorship, mentor=False)
    proposal = _proposal_of(mentorship)
    role = require_role(mentorship, actor, roles=PARTIES, doing="confirm this match")
    if mentorship.status != Status.PROPOSED:
        raise Refused(
            f"This match is no longer waiting for confirmation: it is "
            f"{mentorship.get_status_display().lower()}."
        )
    require_one_mentor(mentorship, actor=actor)
    now = timezone.now()
    if proposal.confirm_by and now > proposal.confirm_by:
        raise Refused("The time to confirm this match has passed.")
    field = f"{role}_confirmed_at"
    if getattr(proposal, field) is None:
        setattr(proposal, field, now)
        proposal.save(update_fields=[field])
    if proposal.mentee_confirmed_at is None or proposal.mentor_confirmed_at is None:
        return mentorship

    start_mentorship(
        mentorship,
        actor=actor,
        starts_at=max(now, round_starts_at(proposal.round)),
        note="Both confirmed the match.",
    )
    for user in (mentorship.mentee_user, mentorship.mentor_user):
        email_person("round_match_confirmed", to=user, mentorship=mentorship, proposal=proposal)
    withdraw_other_requests(others, now=now)
    return mentorship


@atomic_with_retry
def decline_proposal(
    *, mentorship: Mentorship, actor: AbstractBaseUser, reason: str = ""
) -> Mentorship:
    """Either party turns down a proposed match; the mentor's place is free again."""
    require_length(reason, limit=NOTE_MAX_LENGTH, field="reason", what="Your reason")
    mentorship = lock_mentorship(mentorship.pk)[0]
    _proposal_of(mentorship)
    role = require_role(mentorship, actor, roles=PARTIES, doing="decline this match")
    if mentorship.status != Status.PROPOSED:
        raise Refused(
            f"This match is no longer waiting for confirmation: it is "
            f"{mentorship.get_status_display().lower()}."
        )
    record_decline(mentorship, actor=actor, reason=reason.strip())
    other = mentorship.mentor_user if role == "mentee" else mentorship.mentee_user
    email_person("round_match_declined", to=other, mentorship=mentorship, declined_by=actor)
    return mentorship


def expire_round_proposals(*, now: datetime | None = None) -> int:
    """Expire published matches not confirmed by both in time, freeing the mentor's place.
    Safe to run as often as wanted: each expires once."""
    now = now or timezone.now()
    due = RoundProposal.objects.filter(
        mentorship__status=Status.PROPOSED, confirm_by__lte=now
    ).values_list("mentorship_id", flat=True)
    # Each in its own transaction: one that fails is logged and tried again next run.
    return one_by_one(
        lambda pk: _expire(pk, now=now), list(due), doing="expire the proposed mentorship"
    )


def not_confirmed_note(proposal: RoundProposal) -> str:
    """Who did not confirm in time, by their part rather than their name: the note outlives
    the accounts (a deleted account leaves no name behind)."""
    waiting_for = [
        who
        for who, confirmed in (
            ("the mentee", proposal.mentee_confirmed_at),
            ("the mentor", proposal.mentor_confirmed_at),
        )
        if confirmed is None
    ]
    return f"Not confirmed in time by {' and '.join(waiting_for)}."


@atomic_with_retry
def _expire(pk: int, *, now: datetime) -> bool:
    mentorship, _ = lock_mentorship(pk)
    if mentorship.status != Status.PROPOSED:
        return False
    proposal = _proposal_of(mentorship)
    change_status(mentorship, to=Status.EXPIRED, actor=None, note=not_confirmed_note(proposal))
    mentorship.ended_at = now
    mentorship.save(update_fields=["status", "ended_at"])
    for user in (
        mentorship.mentee.user if mentorship.mentee_id else None,
        mentorship.mentor.user if mentorship.mentor_id else None,
    ):
        email_person("round_match_expired", to=user, mentorship=mentorship, proposal=proposal)
    return True
