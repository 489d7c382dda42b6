"""Demo session ratings and pulses: the demo pair's sessions rated (one waiting for Priya's
rating, so Tom sees the double-blind message and she sees "Rate this session"), the pulse
Tom and David both answered in their mentorship, and enough past pairs answering that the
programme dashboard has a band with at least 5 people and one too small to show.

Idempotent: nothing is added once the demo mentor's completed mentorship has its pulse.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring.feedback.blind import pulse_window
from mentoring.feedback.models import Pulse, PulseAsk, Role, SessionRating
from mentoring.models import MenteeProfile, MentorProfile, Mentorship, SessionLog, StatusChange
from portal.dates import LONDON

User = get_user_model()
Status = Mentorship.Status

# Past pairs for the dashboard: (email, first, last, band, region, how it is going and score
# from the mentee, the same from the mentor, session rating from each).
PAST_PAIRS = [
    ("amara.obi.demo@example.com", "Amara", "Obi", "6", "london", (5, 10), (4, 9), (4, 4)),
    ("ben.hughes.demo@example.com", "Ben", "Hughes", "6", "midlands", (4, 9), (4, 8), (3, 3)),
    ("chloe.price.demo@example.com", "Chloe", "Price", "6", "south-west", (4, 8), (3, 7), (3, 4)),
    ("dev.patel.demo@example.com", "Dev", "Patel", "6", "london", (3, 6), (4, 8), (2, 3)),
    ("emma.jones.demo@example.com", "Emma", "Jones", "6", "north-west", (5, 10), (5, 9), (4, 4)),
    ("farah.ali.demo@example.com", "Farah", "Ali", "4", "midlands", (4, 9), (4, 9), (3, 3)),
    ("george.king.demo@example.com", "George", "King", "4", "east-of-england", (2, 5), (3, 6),
     (2, 2)),
]  # fmt: skip


def load() -> None:
    tom = MentorProfile.objects.filter(user__email="mentor@example.com").first()
    priya = MenteeProfile.objects.filter(user__email="mentee@example.com").first()
    if tom is None or priya is None:
        return
    # Tom's mentorship with David, which the mentorships demo completed.
    done = Mentorship.objects.filter(
        mentor=tom, mentee__user__email="david.mensah.demo@example.com", status=Status.COMPLETED
    ).first()
    if done is None or PulseAsk.objects.filter(mentorship=done).exists():
        return
    now = timezone.now()
    today = timezone.localdate()

    active = Mentorship.objects.filter(mentee=priya, mentor=tom, status=Status.ACTIVE).first()
    if active is not None:
        # Tom rated the latest session; Priya has not yet, so neither sees the other's.
        latest = active.sessions.order_by("-held_on").first()
        if latest is not None and latest.held_on > today - timedelta(days=14):
            _rate(latest, Role.MENTOR, 4, "Good progress on the stakeholder map.", now)
        # An earlier session both rated: both see both.
        earlier = SessionLog.objects.create(
            mentorship=active,
            held_on=today - timedelta(days=19),
            summary="Talked through the band 7 job description and what evidence to gather.",
            next_steps="Priya to draft examples for each part of the person specification.",
            logged_by=tom.user,
        )
        _rate(earlier, Role.MENTEE, 4, "Really helped me see what to focus on.", now)
        _rate(earlier, Role.MENTOR, 3, "", now)

    # Tom and David both answered the pulse halfway through their mentorship.
    _pulse_both(done, mentee=(4, 9), mentor=(5, 10), now=now)

    mentors = list(MentorProfile.objects.filter(leader__isnull=False).order_by("pk")) or [tom]
    for number, (email, first, last, band, region, *answers) in enumerate(PAST_PAIRS):
        mentee_answer, mentor_answer, ratings = answers
        mentee = _mentee(email, first, last, band=band, region=region)
        mentorship = _past_mentorship(mentee, mentors[number % len(mentors)], now=now)
        _pulse_both(mentorship, mentee=mentee_answer, mentor=mentor_answer, now=now)
        session = SessionLog.objects.create(
            mentorship=mentorship,
            held_on=today - timedelta(days=40),
            summary="Talked about the next step and what it asks for.",
            logged_by=mentee.user,
        )
        _rate(session, Role.MENTEE, ratings[0], "", now - timedelta(days=39))
        _rate(session, Role.MENTOR, ratings[1], "", now - timedelta(days=38))


def _rate(session: SessionLog, role: str, rating: int, note: str, at) -> None:
    SessionRating.objects.get_or_create(
        session=session, role=role, defaults={"rating": rating, "note": note, "given_at": at}
    )


def _pulse_both(mentorship: Mentorship, *, mentee, mentor, now) -> None:
    window = pulse_window(mentorship)
    asked_at = datetime.combine(window.opens_on, time(9), tzinfo=LONDON)
    PulseAsk.objects.get_or_create(
        mentorship=mentorship,
        defaults={
            "opens_on": window.opens_on,
            "closes_on": window.closes_on,
            "asked_at": asked_at,
            "emailed_at": asked_at,
        },
    )
    for role, (going, recommend), later in ((Role.MENTEE, mentee, 1), (Role.MENTOR, mentor, 2)):
        Pulse.objects.get_or_create(
            mentorship=mentorship,
            role=role,
            defaults={
                "how_it_is_going": going,
                "recommend": recommend,
                "given_at": min(asked_at + timedelta(days=later), now),
            },
        )


def _mentee(email: str, first: str, last: str, *, band: str, region: str) -> MenteeProfile:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, first_name=first, last_name=last
    )
    mentee, _ = MenteeProfile.objects.get_or_create(
        user=user,
        defaults={
            "current_role": "Digital project officer",
            "band": band,
            "organisation": "NHS trust",
            "region": region,
            "background": "technical",
            "goals": "Take the next step into leading a digital team.",
            "formats": ["video"],
        },
    )
    return mentee


def _past_mentorship(mentee: MenteeProfile, mentor: MentorProfile, *, now) -> Mentorship:
    """A mentorship that ran 5 months and ended 10 days ago, with its history."""
    path = [(Status.REQUESTED, 160, mentee.user), (Status.ACTIVE, 158, mentor.user),
            (Status.COMPLETED, 10, mentor.user)]  # fmt: skip
    mentorship = Mentorship.objects.create(
        mentee=mentee,
        mentor=mentor,
        status=Status.COMPLETED,
        message="I would like help with my next step.",
        goals="Lead a team.",
        requested_at=now - timedelta(days=160),
        first_answered_at=now - timedelta(days=158),
        started_at=now - timedelta(days=158),
        ended_at=now - timedelta(days=10),
    )
    previous = ""
    for status, days_ago, actor in path:
        StatusChange.objects.create(
            mentorship=mentorship,
            actor=actor,
            from_status=previous,
            to_status=status,
            at=now - timedelta(days=days_ago),
        )
        previous = status
    return mentorship
