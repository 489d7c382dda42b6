"""Matching round demo data: a published round whose pairs are confirming, and a draft round
with a proposal under review, so the coordinator's round pages and the match pages have content.

The rounds have their own mentees and mentors, so they leave the main demo's story alone. The
proposals are worked out by the real assignment (mentoring/rounds/assignment.py through the round
service); publishing is recorded with the ORM directly, as the rest of the demo is, so loading
sends no email. Idempotent: nothing is created when the two rounds exist already.

Ola Adebayo (ola.adebayo.demo@example.com, the demo password) has a proposed match waiting for
her to confirm.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mentoring.models import (
    Format,
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    RoundEvent,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
    StatusChange,
)
from mentoring.rounds import jobs
from mentoring.rounds import services as round_services
from portal.demo import DEMO_PASSWORD
from stories.models import Theme

User = get_user_model()
Status = Mentorship.Status

PUBLISHED = "Autumn 2025 cohort"
DRAFT = "Spring 2026 cohort"
COORDINATOR = "coordinator@example.com"

# (email, first, last, role, organisation, region, background, themes, formats, places)
MENTORS = [
    (
        "grace.mensah.demo@example.com", "Grace", "Mensah", "Chief Nursing Information Officer",
        "Manchester University NHS Foundation Trust", "north-west", "clinical",
        ["change-management", "patient-focus"], [Format.VIDEO], 2,
    ),
    (
        "owen.price.demo@example.com", "Owen", "Price", "Head of IT Infrastructure",
        "Cardiff and Vale University Health Board", "wales", "technical",
        ["resilience", "strategic-thinking"], [Format.VIDEO, Format.PHONE], 1,
    ),
    (
        "mei.chen.demo@example.com", "Mei", "Chen", "Director of Data and Analytics",
        "NHS England", "london", "other-industry",
        ["strategic-thinking", "inclusion", "personal-development"], [Format.VIDEO], 2,
    ),
    (
        "rhys.evans.demo@example.com", "Rhys", "Evans", "Digital Programme Manager",
        "Leeds Teaching Hospitals NHS Trust", "north-east-and-yorkshire", "non-technical",
        ["relationships", "change-management"], [Format.IN_PERSON, Format.VIDEO], 1,
    ),
]  # fmt: skip

# (email, first, last, role, band, organisation, region, background, themes, goals)
MENTEES = [
    (
        "ola.adebayo.demo@example.com", "Ola", "Adebayo", "Staff nurse", "6",
        "Salford Royal NHS Foundation Trust", "north-west", "clinical",
        ["change-management", "patient-focus"], "Join a nursing informatics team.",
    ),
    (
        "callum.reid.demo@example.com", "Callum", "Reid", "Infrastructure engineer", "6",
        "Swansea Bay University Health Board", "wales", "technical",
        ["resilience"], "Lead the infrastructure team when my manager retires.",
    ),
    (
        "aoife.walsh.demo@example.com", "Aoife", "Walsh", "Project support officer", "4",
        "Bradford Teaching Hospitals NHS Foundation Trust", "north-east-and-yorkshire",
        "non-technical", ["relationships"], "Run my first project on my own.",
    ),
    (
        "imran.shah.demo@example.com", "Imran", "Shah", "Information analyst", "5",
        "Barts Health NHS Trust", "london", "technical",
        ["inclusion"], "Grow into a data science role.",
    ),
    (
        "ruby.clarke.demo@example.com", "Ruby", "Clarke", "Physiotherapist", "6",
        "Royal Devon University Healthcare NHS Foundation Trust", "south-west", "clinical",
        ["change-management", "personal-development"], "Understand digital roles for AHPs.",
    ),
    (
        "tunde.okafor.demo@example.com", "Tunde", "Okafor", "Business analyst", "5",
        "NHS England", "london", "non-technical",
        ["strategic-thinking", "inclusion"], "Move from analysis into product management.",
    ),
    (
        "isla.fraser.demo@example.com", "Isla", "Fraser", "Service desk analyst", "4",
        "NHS Lothian", "scotland", "technical",
        ["resilience", "personal-development"], "Step up to service desk team leader.",
    ),
]  # fmt: skip


@transaction.atomic
def load() -> None:
    if MatchingRound.objects.filter(name__in=[PUBLISHED, DRAFT]).exists():
        return
    coordinator = User.objects.filter(email=COORDINATOR).first()
    mentors = [_mentor(*row) for row in MENTORS]
    mentees = [_mentee(*row) for row in MENTEES]
    now = timezone.now()
    _published_round(coordinator, mentees[:4], mentors[:2], now=now)
    _draft_round(coordinator, mentees[4:], mentors[2:], now=now)


def _user(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
    return user


def _mentor(
    email, first, last, role, organisation, region, background, themes, formats, places
) -> tuple[MentorProfile, int]:
    mentor, created = MentorProfile.objects.get_or_create(
        user=_user(email, first, last),
        defaults={
            "headline": f"{role} happy to help the next cohort",
            "bio": "I took part in Pathways matching rounds because someone once did it for me.",
            "background": background,
            "band": "8b",
            "role": role,
            "organisation": organisation,
            "region": region,
            "formats": [str(f) for f in formats],
            "capacity": 3,
        },
    )
    if created:
        mentor.themes.set(Theme.objects.filter(slug__in=themes))
    return mentor, places


def _mentee(
    email, first, last, role, band, organisation, region, background, themes, goals
) -> MenteeProfile:
    mentee, created = MenteeProfile.objects.get_or_create(
        user=_user(email, first, last),
        defaults={
            "current_role": role,
            "band": band,
            "organisation": organisation,
            "region": region,
            "background": background,
            "goals": goals,
            "formats": [str(Format.VIDEO)],
        },
    )
    if created:
        mentee.themes.set(Theme.objects.filter(slug__in=themes))
    return mentee


def _round_with_proposal(
    name: str, coordinator, mentees, mentors, *, created_at, starts_in_days: int
) -> MatchingRound:
    today = timezone.localdate()
    matching_round = MatchingRound.objects.create(
        name=name,
        starts_on=today + timedelta(days=starts_in_days),
        ends_on=today + timedelta(days=starts_in_days + 180),
        created_by=coordinator,
        created_at=created_at,
    )
    RoundEvent.objects.create(
        round=matching_round, action=RoundEvent.Action.CREATED, actor=coordinator, at=created_at
    )
    RoundMentee.objects.bulk_create(
        [RoundMentee(round=matching_round, mentee=m, joined_at=created_at) for m in mentees]
    )
    RoundMentor.objects.bulk_create(
        [
            RoundMentor(round=matching_round, mentor=m, places=places, joined_at=created_at)
            for m, places in mentors
        ]
    )
    run = RoundRun.objects.create(round=matching_round, requested_by=coordinator)
    # The real assignment, run here rather than queued: it sends nothing.
    jobs.run_proposal(run_id=run.pk)
    # Dated as if the coordinator had proposed an hour after creating the round.
    proposed_at = created_at + timedelta(hours=1)
    RoundRun.objects.filter(pk=run.pk).update(
        requested_at=proposed_at,
        started_at=proposed_at,
        finished_at=proposed_at,
        updated_at=proposed_at,
    )
    matching_round.events.exclude(action=RoundEvent.Action.CREATED).update(at=proposed_at)
    return matching_round


def _published_round(coordinator, mentees, mentors, *, now) -> None:
    matching_round = _round_with_proposal(
        PUBLISHED, coordinator, mentees, mentors, created_at=now - timedelta(days=20),
        starts_in_days=-3,
    )  # fmt: skip
    published_at = now - timedelta(days=2)
    pairs = list(
        RoundProposal.objects.filter(round=matching_round, mentor__isnull=False)
        .select_related("mentee__user", "mentor__user")
        .order_by("mentee_id")
    )
    note = f"Proposed by the matching round “{matching_round.name}”."
    for number, pair in enumerate(pairs):
        # Ola (the first mentee) has yet to confirm; every other pair has confirmed.
        waiting = pair.mentee.user.email == MENTEES[0][0]
        mentorship = Mentorship.objects.create(
            mentee=pair.mentee,
            mentor=pair.mentor,
            status=Status.PROPOSED if waiting else Status.ACTIVE,
            message=note,
            goals=pair.mentee.goals,
            requested_at=published_at,
            first_answered_at=None if waiting else published_at + timedelta(hours=5 + number),
            started_at=None if waiting else published_at + timedelta(hours=5 + number),
        )
        StatusChange.objects.create(
            mentorship=mentorship,
            actor=coordinator,
            automatic=coordinator is None,
            to_status=Status.PROPOSED,
            note=note,
            at=published_at,
        )
        pair.mentorship = mentorship
        pair.confirm_by = published_at + round_services.CONFIRM_WITHIN
        pair.mentor_confirmed_at = published_at + timedelta(hours=2)
        if not waiting:
            pair.mentee_confirmed_at = mentorship.started_at
            StatusChange.objects.create(
                mentorship=mentorship,
                actor=pair.mentee.user,
                from_status=Status.PROPOSED,
                to_status=Status.ACTIVE,
                note="Both confirmed the match.",
                at=mentorship.started_at,
            )
        pair.save()
    matching_round.status = MatchingRound.Status.PUBLISHED
    matching_round.published_at, matching_round.published_by = published_at, coordinator
    matching_round.save()
    RoundEvent.objects.create(
        round=matching_round,
        action=RoundEvent.Action.PUBLISHED,
        actor=coordinator,
        automatic=coordinator is None,
        detail=f"{len(pairs)} pairs proposed to confirm within a week",
        at=published_at,
    )


def _draft_round(coordinator, mentees, mentors, *, now) -> None:
    matching_round = _round_with_proposal(
        DRAFT, coordinator, mentees, mentors, created_at=now - timedelta(days=1),
        starts_in_days=30,
    )  # fmt: skip
    first = (
        RoundProposal.objects.filter(round=matching_round, mentor__isnull=False)
        .order_by("-score", "mentee_id")
        .first()
    )
    if first is not None and coordinator is not None:
        round_services.lock_pair(proposal=first, actor=coordinator)
