"""Demo outcomes: goal confidence on the demo pairs' goals, a 6-month question waiting for the
demo mentee, and a cohort of finished mentorships with confidence ratings and 6 and 12 month
answers, so that the coordinator's dashboard has outcome figures, one lived experience group
large enough (5 or more) to show and one too small to show. Loaded once (idempotent)."""

from datetime import timedelta
from itertools import cycle

from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring.models import (
    Format,
    Goal,
    GoalConfidence,
    LivedExperience,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    OutcomeAnswer,
    OutcomeAsk,
    SessionLog,
    StatusChange,
)
from mentoring.outcomes.models import Helped
from mentoring.outcomes.services import milestone
from portal.demo import DEMO_PASSWORD

User = get_user_model()
Status = Mentorship.Status
CAREER_CHANGER = LivedExperience.CAREER_CHANGER
CARER = LivedExperience.CARER

MENTORS = [
    "jo.smith.demo@example.com",
    "ayesha.rahim.demo@example.com",
    "jas.cartwright.demo@example.com",
    "phill.james.demo@example.com",
    "mentor@example.com",
]

# (email, first, last, role, band, region, lived experience, opted in, confidence at the start
# and the end of their recent mentorship, months since their earlier one ended, and the answer
# then: (role changed, band now or "", helped)).
COHORT = [
    ("amal.haddad.demo@example.com", "Amal", "Haddad", "Data analyst", "5", "north-west",
     [CAREER_CHANGER], True, (2, 4), 6, (True, "6", Helped.A_LOT)),
    ("ben.oduya.demo@example.com", "Ben", "Oduya", "Clinical systems trainer", "4", "london",
     [CAREER_CHANGER, CARER], True, (1, 3), 6, (False, "", Helped.A_LITTLE)),
    ("chloe.brennan.demo@example.com", "Chloe", "Brennan", "Project support officer", "4",
     "midlands", [CAREER_CHANGER], True, (3, 4), 6, (True, "", Helped.A_LOT)),
    ("dev.sharma.demo@example.com", "Dev", "Sharma", "Infrastructure analyst", "5", "north-west",
     [CAREER_CHANGER], True, (2, 5), 12, (True, "7", Helped.A_LOT)),
    ("ellen.fraser.demo@example.com", "Ellen", "Fraser", "Digital midwife", "6", "london",
     [CAREER_CHANGER, CARER], True, (2, 3), 12, (False, "", Helped.NOT_SURE)),
    ("femi.adebayo.demo@example.com", "Femi", "Adebayo", "Service desk analyst", "4",
     "midlands", [CAREER_CHANGER], True, (1, 4), 6, (False, "5", Helped.A_LOT)),
    ("grace.liu.demo@example.com", "Grace", "Liu", "Junior developer", "5", "north-west",
     [CAREER_CHANGER], False, (3, 3), 6, (False, "", Helped.NO)),
]  # fmt: skip
GOALS = ["Lead a team meeting with confidence", "Write my first business case"]


def load() -> None:
    if MenteeProfile.objects.filter(user__email=COHORT[0][0]).exists():
        return
    mentors = list(MentorProfile.objects.filter(user__email__in=MENTORS).order_by("pk"))
    if not mentors:
        return
    now = timezone.now()
    _demo_pairs(now)
    mentor_for = cycle(mentors)
    for number, row in enumerate(COHORT):
        _cohort_member(*row, mentors=(next(mentor_for), next(mentor_for)), now=now, number=number)


def _demo_pairs(now) -> None:
    """The demo mentee rated her active goals at the start; the demo mentor's past mentee rated
    his at the start and the end; and the demo mentee has a 6-month question waiting."""
    active = Mentorship.objects.filter(
        mentee__user__email="mentee@example.com", status=Status.ACTIVE
    ).first()
    if active is not None:
        for goal, rating in zip(active.agreed_goals.order_by("pk"), (2, 3), strict=False):
            _rate(goal, start=rating, started=active.started_at)
    done = Mentorship.objects.filter(
        mentor__user__email="mentor@example.com",
        mentee__user__email="david.mensah.demo@example.com",
        status=Status.COMPLETED,
    ).first()
    if done is not None:
        for text, (start, end) in zip(GOALS, [(2, 4), (1, 3)], strict=True):
            goal = Goal.objects.create(mentorship=done, text=text, achieved=end >= 4)
            _rate(goal, start=start, end=end, started=done.started_at, ended=done.ended_at)
    mentee = MenteeProfile.objects.filter(user__email="mentee@example.com").first()
    mentor = MentorProfile.objects.filter(user__email=MENTORS[2]).first()
    if mentee is not None and mentor is not None:
        earlier = _finished(mentee, mentor, ended_days_ago=186, ran_days=150, now=now)
        goal = Goal.objects.create(mentorship=earlier, text="Understand how a trust board works")
        _rate(goal, start=1, end=3, started=earlier.started_at, ended=earlier.ended_at)
        OutcomeAsk.objects.create(
            mentorship=earlier,
            months=6,
            asked_at=earlier.ended_at + milestone(6),
            claim="00000000-0000-0000-0000-000000000000",
        )


def _cohort_member(
    email, first, last, role, band, region, lived, opted_in, confidence, months, answer,
    *, mentors, now, number,
) -> None:  # fmt: skip
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, first_name=first, last_name=last
    )
    mentee = MenteeProfile.objects.create(
        user=user,
        current_role=role,
        band=band,
        organisation="Demo NHS Foundation Trust",
        region=region,
        background="non-technical",
        goals="Grow into a leadership role in digital.",
        formats=[Format.VIDEO],
        lived_experience=lived,
        include_in_figures=opted_in,
    )
    # An earlier mentorship, ended 6 or 12 months ago, answered this week.
    ended_days_ago = milestone(months).days + 4 + number
    earlier = _finished(mentee, mentors[0], ended_days_ago=ended_days_ago, ran_days=170, now=now)
    role_changed, band_now, helped = answer
    answered_at = now - timedelta(days=2 + number % 3)
    OutcomeAsk.objects.create(
        mentorship=earlier, months=months, asked_at=answered_at - timedelta(days=1),
        claim="00000000-0000-0000-0000-000000000000",
    )  # fmt: skip
    OutcomeAnswer.objects.create(
        mentorship=earlier, months=months, role_changed=role_changed,
        band_changed=bool(band_now), band_before=band, band_now=band_now, helped=helped,
        answered_at=answered_at,
    )  # fmt: skip
    # A recent mentorship: matched within days, first met soon after, ended in the last weeks.
    recent = _finished(
        mentee, mentors[1], ended_days_ago=10 + 3 * number, ran_days=60, now=now,
        waited_days=2 + number, first_session_after=4 + 2 * number,
    )  # fmt: skip
    start, end = confidence
    for text, change in zip(GOALS, (0, -1), strict=True):
        goal = Goal.objects.create(mentorship=recent, text=text, achieved=end >= 4)
        _rate(
            goal, start=start, end=max(1, end + change), started=recent.started_at,
            ended=recent.ended_at,
        )  # fmt: skip


def _finished(
    mentee, mentor, *, ended_days_ago: int, ran_days: int, now, waited_days: int = 3,
    first_session_after: int = 7,
) -> Mentorship:  # fmt: skip
    """A completed mentorship with its history and a first session."""
    ended = now - timedelta(days=ended_days_ago)
    started = ended - timedelta(days=ran_days)
    requested = started - timedelta(days=waited_days)
    mentorship = Mentorship.objects.create(
        mentee=mentee, mentor=mentor, status=Status.COMPLETED,
        message="I would like help with my next step.", goals="Grow as a leader.",
        requested_at=requested, first_answered_at=started, started_at=started, ended_at=ended,
    )  # fmt: skip
    for before, after, at, who in [
        ("", Status.REQUESTED, requested, mentee.user),
        (Status.REQUESTED, Status.ACTIVE, started, mentor.user),
        (Status.ACTIVE, Status.COMPLETED, ended, mentor.user),
    ]:
        StatusChange.objects.create(
            mentorship=mentorship, actor=who, from_status=before, to_status=after, at=at
        )
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate(started + timedelta(days=first_session_after)),
        summary="Agreed what we will work on and how often we will meet.",
        logged_by=mentor.user,
    )
    return mentorship


def _rate(goal, *, start: int, end: int | None = None, started, ended=None) -> None:
    GoalConfidence.objects.create(
        goal=goal, stage="start", rating=start, rated_at=started + timedelta(days=1)
    )
    if end is not None:
        GoalConfidence.objects.create(goal=goal, stage="end", rating=end, rated_at=ended)
