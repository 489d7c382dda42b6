"""What each person sees of session ratings and pulses: their own answers, and the other
person's only as `blind.others_answer_shown` allows."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from mentoring.feedback.blind import Window, others_answer_shown, pulse_window, session_window
from mentoring.feedback.models import Pulse, PulseAsk, Role, SessionRating
from mentoring.models import Mentorship, SessionLog

# The mentorship page lists the sessions held in this many rating windows back: those that can
# be rated, and the recently closed ones whose answers have just been shown.
SESSIONS_LISTED_IN_WINDOWS = 2


def other_role(role: str) -> str:
    return Role.MENTOR if role == Role.MENTEE else Role.MENTEE


@dataclass(frozen=True)
class Answers:
    """One question (a session's rating, or the pulse) as one person sees it."""

    mine: SessionRating | Pulse | None
    theirs: SessionRating | Pulse | None  # None until shown, or when they did not answer
    shown: bool  # whether the other person's answer (or that there is none) is shown
    window: Window
    other_name: str
    today: date

    @property
    def can_answer(self) -> bool:
        return self.mine is None and self.window.is_open(self.today)

    @property
    def waiting(self) -> bool:
        """Answered, and waiting for the other person's answer to be shown."""
        return self.mine is not None and not self.shown


def _answers(
    by_role: dict[str, object], *, role: str, window: Window, other_name: str, today: date
) -> Answers:
    mine = by_role.get(role)
    theirs = by_role.get(other_role(role))
    shown = others_answer_shown(
        both_answered=mine is not None and theirs is not None, window=window, today=today
    )
    return Answers(
        mine=mine,
        theirs=theirs if shown else None,
        shown=shown,
        window=window,
        other_name=other_name,
        today=today,
    )


def session_answers(session: SessionLog, *, mentorship: Mentorship, user) -> Answers:
    """A session's ratings as this person sees them (`session.ratings` prefetched, or a query)."""
    return _answers(
        {rating.role: rating for rating in session.ratings.all()},
        role=mentorship.role_of(user),
        window=session_window(session),
        other_name=mentorship.other_party_name(user),
        today=timezone.localdate(),
    )


def held_session_of(mentorship: Mentorship, pk: int) -> SessionLog:
    """A session of this mentorship that has been held (404 otherwise: a session of another
    mentorship, or one not held yet, cannot be rated)."""
    session = (
        SessionLog.objects.filter(mentorship=mentorship, pk=pk, held_on__lte=timezone.localdate())
        .prefetch_related("ratings")
        .first()
    )
    if session is None:
        raise Http404("No such session held")
    return session


def pulse_answers(mentorship: Mentorship, user) -> Answers | None:
    """The halfway pulse as this person sees it, or None when there is none to show: not yet
    halfway, a mentorship that ended before it was asked, or a window closed unanswered."""
    ask = PulseAsk.objects.filter(mentorship=mentorship).first()
    window = pulse_window(mentorship, ask=ask)
    today = timezone.localdate()
    if window is None or today < window.opens_on or (ask is None and not mentorship.is_active):
        return None
    answers = _answers(
        {pulse.role: pulse for pulse in Pulse.objects.filter(mentorship=mentorship)},
        role=mentorship.role_of(user),
        window=window,
        other_name=mentorship.other_party_name(user),
        today=today,
    )
    if answers.mine is None and answers.theirs is None and not answers.can_answer:
        return None
    return answers


def for_mentorship_page(mentorship: Mentorship, user) -> dict:
    """The mentorship page's feedback section: the pulse card when due or answered, and the
    sessions held lately, each with a "Rate this session" link while it can be rated. Three
    queries or four (the agreement), whatever the number of sessions."""
    if mentorship.role_of(user) is None or not mentorship.has_started():
        return {"shown": False}
    today = timezone.localdate()
    since = today - timedelta(days=SESSIONS_LISTED_IN_WINDOWS * settings.SESSION_RATING_WINDOW_DAYS)
    sessions = (
        mentorship.sessions.filter(held_on__gte=since, held_on__lte=today)
        .prefetch_related("ratings")
        .order_by("-held_on", "-id")
    )
    rated = [
        (session, session_answers(session, mentorship=mentorship, user=user))
        for session in sessions
    ]
    return {
        "shown": True,
        "mentorship": mentorship,
        "other_name": mentorship.other_party_name(user),
        "pulse": pulse_answers(mentorship, user),
        "sessions": rated,
        "window_days": settings.SESSION_RATING_WINDOW_DAYS,
        "to_rate": sum(answers.can_answer for _, answers in rated),
    }


def _answered_by(user, *, mentorship: str) -> Q:
    """An answer given by this person: the mentee's role where they are the mentee, the
    mentor's where they are the mentor (`mentorship` is the path to the mentorship)."""
    return Q(role=Role.MENTEE, **{f"{mentorship}mentee__user": user}) | Q(
        role=Role.MENTOR, **{f"{mentorship}mentor__user": user}
    )


def for_dashboard(user) -> dict:
    """ "My mentoring": the pulses and sessions waiting for this person's answer, in every
    mentorship they are part of. Two queries whatever the number of mentorships."""
    today = timezone.localdate()
    party = Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user)
    # The pulse is due by the same rule as on the mentorship page: asked or not yet asked.
    candidates = (
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .filter(Q(status=Mentorship.Status.ACTIVE) | Q(pulse_ask__closes_on__gt=today))
        .annotate(
            answered=Exists(
                Pulse.objects.filter(mentorship=OuterRef("pk")).filter(
                    _answered_by(user, mentorship="mentorship__")
                )
            )
        )
        .select_related("mentee__user", "mentor__user", "agreement", "pulse_ask")
        .order_by("pk")
    )
    pulses = []
    for mentorship in candidates:
        if mentorship.answered:
            continue
        window = pulse_window(mentorship, ask=getattr(mentorship, "pulse_ask", None))
        if window is not None and window.is_open(today):
            pulses.append((mentorship, window))
    sessions = (
        SessionLog.objects.filter(
            party,
            held_on__lte=today,
            held_on__gt=today - timedelta(days=settings.SESSION_RATING_WINDOW_DAYS),
        )
        .exclude(
            Exists(
                SessionRating.objects.filter(session=OuterRef("pk")).filter(
                    _answered_by(user, mentorship="session__mentorship__")
                )
            )
        )
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("held_on", "pk")
    )
    return {"pulses": pulses, "sessions": list(sessions)}
