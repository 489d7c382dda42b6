"""What mentoring holds about a person, to download, and to erase when they delete their account.

After erasure the other party's records stay, with the person shown as "Former user" and
without a word the person wrote.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mentoring.agreements import personal_data as agreement_data
from mentoring.feedback import personal_data as feedback_data
from mentoring.mentorships import services as mentorship_services
from mentoring.models import (
    Booking,
    BookingChange,
    Feedback,
    GoalConfidence,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    OutcomeAnswer,
    PairingCheck,
    SessionLog,
    Slot,
    StatusChange,
)
from mentoring.plans import personal_data as plan_data
from mentoring.rounds import services as round_services

LEFT = "The other person has left Pathways."


def _profile(profile: MenteeProfile | MentorProfile | None, fields: list[str]) -> dict | None:
    if profile is None:
        return None
    data = {name: getattr(profile, name) for name in fields}
    data["themes"] = sorted(profile.themes.values_list("name", flat=True))
    return data


def _mentor_profile(mentor: MentorProfile | None) -> dict | None:
    data = _profile(
        mentor,
        [
            "headline",
            "bio",
            "role",
            "band",
            "organisation",
            "region",
            "background",
            "formats",
            "capacity",
            "accepting_requests",
            "lived_experience",
        ],
    )
    if data is not None:
        data["skills_you_can_help_with"] = [
            {"skill": item.skill.name, "level": item.get_level_display()}
            for item in mentor.skills.select_related("skill").order_by("skill__name")
        ]
    return data


def export(user: AbstractBaseUser) -> dict:
    mentee = MenteeProfile.of(user)
    mentor = MentorProfile.of(user)
    mentorships = (
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .select_related("mentee__user", "mentor__user", "agreement")
        .prefetch_related(
            "agreed_goals", "sessions", "changes", "bookings__slot", "agreement__changes"
        )
        .order_by("requested_at")
    )
    feedback = Feedback.objects.filter(
        Q(mentorship__mentee__user=user, role=Feedback.Role.MENTEE)
        | Q(mentorship__mentor__user=user, role=Feedback.Role.MENTOR)
    )
    return {
        "mentee_profile": _profile(
            mentee,
            [
                "current_role",
                "band",
                "organisation",
                "region",
                "background",
                "goals",
                "formats",
                "preferred_experience",
                "mentor_outside_organisation",
                "lived_experience",
                "include_in_figures",
            ],
        ),
        "mentor_profile": _mentor_profile(mentor),
        "mentorships": [
            {
                "mentee": m.mentee_name,
                "mentor": m.mentor_name,
                "status": m.get_status_display(),
                "requested_at": m.requested_at.isoformat(),
                "message": m.message,
                "goals": m.goals,
                "agreed_goals": [goal.text for goal in m.agreed_goals.all()],
                "agreement": agreement_data.export(m),
                "sessions": [
                    {
                        "held_on": s.held_on.isoformat(),
                        "summary": s.summary,
                        "next_steps": s.next_steps,
                    }
                    for s in m.sessions.all()
                ],
                "history": [
                    {
                        "at": c.at.isoformat(),
                        "from": c.from_status,
                        "to": c.to_status,
                        "note": c.note,
                    }
                    for c in m.changes.all()
                ],
                "bookings": [
                    {
                        "starts_at": b.slot.starts_at.isoformat(),
                        "status": b.get_status_display(),
                        "agenda": b.agenda,
                        "cancel_reason": b.cancel_reason,
                    }
                    for b in m.bookings.all()
                ],
            }
            for m in mentorships
        ],
        "feedback_given": [
            {"mentorship": f.mentorship_id, "rating": f.rating, "comment": f.comment}
            for f in feedback
        ],
        "pairing_checks_given": [
            {
                "mentorship": check.mentorship_id,
                "working": check.working,
                "note": check.note,
                "answered_at": check.answered_at.isoformat(),
            }
            for check in PairingCheck.objects.filter(_own_answers(user))
        ],
        "career_plan": plan_data.export(user),
        **feedback_data.export(user),
        "goal_confidence": [
            {"goal": c.goal.text, "stage": c.stage, "rating": c.rating}
            for c in GoalConfidence.objects.filter(goal__mentorship__mentee__user=user)
            .select_related("goal")
            .order_by("goal_id", "stage")
        ],
        "outcome_answers": [
            {
                "mentorship": a.mentorship_id,
                "months": a.months,
                "role_changed": a.role_changed,
                "band_changed": a.band_changed,
                "band_now": a.band_now,
                "helped": a.get_helped_display(),
                "answered_at": a.answered_at.isoformat(),
            }
            for a in OutcomeAnswer.objects.filter(mentorship__mentee__user=user)
        ],
    }


def _own_answers(user: AbstractBaseUser) -> Q:
    """The person's own pairing check answers (as mentee or as mentor), never the other's."""
    return Q(mentorship__mentee__user=user, role="mentee") | Q(
        mentorship__mentor__user=user, role="mentor"
    )


def erase(user: AbstractBaseUser) -> None:
    """Remove the person's profiles, tags and everything they wrote, then close what is open
    (telling the other person). Runs inside the account deletion's transaction.

    What stays, with the person shown as "Former user": the other person's own words (their
    messages, questions, answers, reasons, notes and feedback), the goals the two agreed, and
    the records without words (dates, statuses, ratings, bookings) that the programme's figures
    count, and the history of the matching rounds they took part in (which names people by
    their accounts, `RoundEvent.mentee_user` and `mentor_user`, never in its text)."""
    _erase_words(user)
    agreement_data.erase(user)
    plan_data.erase(user)
    feedback_data.erase(user)
    _close(user)
    MenteeProfile.objects.filter(user=user).delete()
    MentorProfile.objects.filter(user=user).delete()


def _erase_words(user: AbstractBaseUser) -> None:
    """Blank what the person wrote, wherever it is kept. Done before anything is closed, so the
    notes Pathways writes on their behalf ("The other person has left Pathways.") stay."""
    theirs = Q(mentee__user=user) | Q(mentor__user=user)
    # A request's introduction and goals are the mentee's; a question is the mentor's.
    Mentorship.objects.filter(mentee__user=user).update(message="", goals="")
    Mentorship.objects.filter(mentor__user=user).update(mentor_question="")
    # A reason for declining or ending is the words of whoever made that change.
    for status, field in [
        (Mentorship.Status.DECLINED, "decline_reason"),
        (Mentorship.Status.ENDED_EARLY, "end_reason"),
    ]:
        made_by_them = StatusChange.objects.filter(
            mentorship=OuterRef("pk"), actor=user, to_status=status
        )
        Mentorship.objects.filter(theirs, status=status).filter(Exists(made_by_them)).update(
            **{field: ""}
        )
    # Each change's note (a question, an answer, a reason) is its actor's.
    StatusChange.objects.filter(actor=user).exclude(note="").update(note="")
    # Session notes: the entry stays, without its words, for the session counts.
    SessionLog.objects.filter(logged_by=user).update(summary="", next_steps="", logged_by=None)
    Feedback.objects.filter(
        Q(mentorship__mentee__user=user, role=Feedback.Role.MENTEE)
        | Q(mentorship__mentor__user=user, role=Feedback.Role.MENTOR)
    ).update(comment="")
    # A pairing check's note for the coordinators is its author's.
    PairingCheck.objects.filter(_own_answers(user)).exclude(note="").update(note="")
    # A booking's agenda is the mentee's; a cancellation's reason is whoever cancelled.
    Booking.objects.filter(mentorship__mentee__user=user).update(agenda="")
    cancelled_by_them = BookingChange.objects.filter(
        booking=OuterRef("pk"), actor=user, to_status=Booking.Status.CANCELLED
    )
    Booking.objects.filter(Exists(cancelled_by_them)).update(cancel_reason="")
    BookingChange.objects.filter(actor=user).exclude(note="").update(note="")
    # Where to meet is the mentor's: an address or their own meeting link.
    Slot.objects.filter(mentor__user=user).exclude(place="").update(place="")


def _close(user: AbstractBaseUser) -> None:
    # A match a round proposed is declined, so the mentor's place is free at once.
    for mentorship in Mentorship.objects.filter(
        Q(mentee__user=user) | Q(mentor__user=user), status=Mentorship.Status.PROPOSED
    ):
        round_services.decline_proposal(mentorship=mentorship, actor=user, reason=LEFT)
    for mentorship in Mentorship.objects.filter(mentee__user=user, status__in=Mentorship.OPEN):
        if mentorship.is_active:
            mentorship_services.end_early(mentorship=mentorship, actor=user, reason=LEFT)
        else:
            mentorship_services.withdraw_request(mentorship=mentorship, actor=user)
    for mentorship in Mentorship.objects.filter(mentor__user=user, status__in=Mentorship.OPEN):
        if mentorship.is_active:
            mentorship_services.end_early(mentorship=mentorship, actor=user, reason=LEFT)
        else:
            mentorship_services.decline_request(mentorship=mentorship, actor=user, reason=LEFT)
    # A mentor's open slots go with them.
    Slot.objects.filter(
        mentor__user=user, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).update(cancelled_at=timezone.now())
