"""A matching round's background work, run by the worker: working out a proposal, and emailing
everyone once a round is published. Each task sits beside its body; the services enqueue them,
and nothing here imports the services, so the dependency runs one way."""

import logging
import time

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from mentoring.models import (
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    RoundEvent,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
)
from mentoring.rounds import assignment, audit
from mentoring.rounds.selectors import round_facts
from mentoring.shared import Refused, email_person
from portal.emails import send_templated_email

logger = logging.getLogger(__name__)

Action = RoundEvent.Action
RunStatus = RoundRun.Status

# Progress is written at most this often (and at each new stage), not at every block scored.
PROGRESS_EVERY = 0.5
MENTOR_LEFT_REASON = "the mentor first proposed for you has left the round"


@task
def propose_matches(*, run_id: int) -> None:
    """Work out a matching round's proposal, writing its progress as it goes."""
    run_proposal(run_id=run_id)


@task
def send_round_emails(*, round_id: int) -> None:
    """Email everyone in a published round: their proposed match, or why there is none."""
    tell_round_participants(round_id=round_id)


class _Progress:
    """Writes a run's stage and percent to the database as the work goes, never backwards and
    not more often than it is worth, each write committed at once so the page can see it."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stage = ""
        self.percent = 0
        self.written_at = 0.0

    def __call__(self, stage: str, percent: int) -> None:
        percent = max(self.percent, min(99, int(percent)))
        now = time.monotonic()
        if stage == self.stage and (
            percent == self.percent or now - self.written_at < PROGRESS_EVERY
        ):
            return
        self.stage, self.percent, self.written_at = stage, percent, now
        RoundRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
            stage=stage, percent=percent, updated_at=timezone.now()
        )


def run_proposal(*, run_id: int) -> RoundRun | None:
    """Work out and store the proposal of a queued run (the background task's body). Returns
    None when the run was not waiting (another worker took it, or it was set aside)."""
    now = timezone.now()
    taken = RoundRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        started_at=now,
        updated_at=now,
        stage="Reading the round",
        percent=1,
    )
    if not taken:
        return None
    run = RoundRun.objects.select_related("round").get(pk=run_id)
    progress = _Progress(run_id)
    started = time.perf_counter()
    try:
        facts = round_facts(run.round)
        progress("Reading the round", 10)
        result = assignment.assign(
            facts.mentees,
            facts.mentors,
            places=facts.places,
            locked=facts.locked,
            excluded=facts.excluded,
            past_pairs=facts.past_pairs,
            unavailable=facts.unavailable,
            progress=progress,
        )
        progress("Saving the proposal", 92)
        _store(run_id, result, seconds=time.perf_counter() - started)
    except Refused as refusal:
        fail_run(run_id, f"{refusal} Nothing was changed.")
    except Exception:
        logger.exception("Proposing matches failed (run %s)", run_id)
        fail_run(
            run_id,
            "Something went wrong while proposing matches, and nothing was changed. Try "
            "again; if it happens again, tell the Pathways team.",
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def _store(run_id: int, result: assignment.Assignment, *, seconds: float) -> None:
    run = RoundRun.objects.select_related("round").get(pk=run_id)
    matching_round = MatchingRound.objects.select_for_update().get(pk=run.round_id)
    run = RoundRun.objects.select_for_update().get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return  # set aside as stale meanwhile: a newer run owns the round now
    if not matching_round.is_draft:
        raise Refused("The round was published while the proposal was worked out.")
    # People may have left while the run worked: only those still in the round are stored.
    mentees_in = set(
        RoundMentee.objects.filter(round=matching_round).values_list("mentee_id", flat=True)
    )
    mentors_in = set(
        RoundMentor.objects.filter(round=matching_round).values_list("mentor_id", flat=True)
    )
    RoundProposal.objects.filter(round=matching_round).delete()
    rows = []
    for pair in result.pairs:
        if pair.mentee_id not in mentees_in:
            continue
        if pair.mentor_id not in mentors_in:
            rows.append(
                RoundProposal(
                    round=matching_round,
                    mentee_id=pair.mentee_id,
                    unmatched_code="mentor-left",
                    unmatched_reason=MENTOR_LEFT_REASON,
                )
            )
            continue
        rows.append(
            RoundProposal(
                round=matching_round,
                mentee_id=pair.mentee_id,
                mentor_id=pair.mentor_id,
                score=pair.score,
                reasons=[reason.as_data() for reason in pair.reasons],
                locked=pair.locked,
            )
        )
    rows += [
        RoundProposal(
            round=matching_round,
            mentee_id=item.mentee_id,
            unmatched_code=item.code,
            unmatched_reason=item.reason[:500],
        )
        for item in result.unmatched
        if item.mentee_id in mentees_in
    ]
    RoundProposal.objects.bulk_create(rows, batch_size=1000)
    for released in result.released_locks:
        audit.record_pair(
            matching_round,
            Action.LOCK_RELEASED,
            actor=None,
            mentee=MenteeProfile.objects.filter(pk=released.mentee_id).first(),
            mentor=MentorProfile.objects.filter(pk=released.mentor_id).first(),
            detail=released.reason,
        )
    summary = result.summary
    run.summary = {
        "mentees": summary.mentees,
        "matched": summary.matched,
        "matched_percent": round(summary.matched_percent, 1),
        "total_score": summary.total_score,
        "mean_score": round(summary.mean_score, 1) if summary.mean_score is not None else None,
        "lowest_score": summary.lowest_score,
        "locked_kept": sum(pair.locked for pair in result.pairs),
        "locks_released": len(result.released_locks),
        "proved_optimal": result.proved_optimal,
        "passes": result.passes,
        "seconds": round(seconds, 2),
    }
    now = timezone.now()
    run.status, run.stage, run.percent = RunStatus.FINISHED, "Proposal ready", 100
    run.finished_at = run.updated_at = now
    run.save(update_fields=["status", "stage", "percent", "finished_at", "updated_at", "summary"])
    mean = f"{summary.mean_score:.1f}" if summary.mean_score is not None else "none"
    audit.record(
        matching_round,
        Action.PROPOSAL_READY,
        actor=None,
        detail=f"{summary.matched:,} of {summary.mentees:,} mentees matched "
        f"({summary.matched_percent:.0f}%); mean score {mean}, lowest "
        f"{summary.lowest_score if summary.lowest_score is not None else 'none'}",
    )


def fail_run(run_id: int, message: str) -> None:
    now = timezone.now()
    run = RoundRun.objects.filter(pk=run_id).select_related("round").first()
    if run is None:
        return
    changed = RoundRun.objects.filter(pk=run_id, status__in=RoundRun.IN_PROGRESS).update(
        status=RunStatus.FAILED, finished_at=now, updated_at=now, message=message
    )
    if changed:
        audit.record(run.round, Action.PROPOSAL_FAILED, actor=None, detail=message)


def tell_round_participants(*, round_id: int) -> int:
    """Email each published pair's mentee and mentor, and each mentee left without a mentor
    (the background task's body, so publishing a large round never waits on it)."""
    matching_round = MatchingRound.objects.get(pk=round_id)
    sent = 0
    proposals = (
        RoundProposal.objects.filter(round=matching_round)
        .select_related("mentee__user", "mentor__user", "mentorship")
        .order_by("pk")
    )
    for proposal in proposals.iterator(chunk_size=500):
        mentee_user = proposal.mentee.user
        context = {"round": matching_round, "proposal": proposal}
        if proposal.mentorship_id:
            email_person(
                "round_match_mentee", to=mentee_user, mentorship=proposal.mentorship, **context
            )
            email_person(
                "round_match_mentor",
                to=proposal.mentor.user if proposal.mentor_id else None,
                mentorship=proposal.mentorship,
                **context,
            )
            sent += 2
        elif mentee_user.is_active:
            send_templated_email(
                name="round_no_match",
                to=[mentee_user.email],
                context={"recipient": mentee_user, **context},
            )
            sent += 1
    return sent
