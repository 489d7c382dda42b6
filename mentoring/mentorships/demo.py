"""Mentoring demo data: mentors (several of them the leaders whose stories are published),
mentees with different backgrounds, and mentorships in every state, so every page has content.

Idempotent: each profile is created once, and the demo mentorships only when the demo mentee
has none yet. Built with the ORM directly (no emails are sent), with dates in the past so the
history reads like a real programme.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mentoring.agreements import demo as agreement_demo
from mentoring.bookings import demo as booking_demo
from mentoring.feedback import demo as feedback_demo
from mentoring.health import demo as health_demo
from mentoring.models import (
    Feedback,
    Format,
    Goal,
    LivedExperience,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    MentorSkill,
    SessionLog,
    StatusChange,
)
from mentoring.outcomes import demo as outcome_demo
from mentoring.pairing import demo as pairing_demo
from mentoring.plans import demo as plan_demo
from mentoring.rounds import demo as round_demo
from portal.demo import DEMO_PASSWORD
from portal.models import PrivateDataAccess
from portal.private_access import record_access
from stories.models import Leader, Pathway, Skill, SkillLevel, Theme

User = get_user_model()
Status = Mentorship.Status

# Mentors whose published stories are on Pathways: (leader slug, email, headline, capacity,
# formats, lived experience they choose to show, themes they help with).
LEADER_MENTORS = [
    (
        "jo-smith",
        "jo.smith.demo@example.com",
        "From banking and pharma to group CIO: careers are rarely straight lines",
        3,
        [Format.VIDEO, Format.PHONE],
        [LivedExperience.WOMAN_IN_DIGITAL_LEADERSHIP, LivedExperience.CAREER_CHANGER],
        ["taking-risks", "resilience", "personal-development"],
    ),
    (
        "ayesha-rahim",
        "ayesha.rahim.demo@example.com",
        "Perinatal psychiatrist and CCIO: clinically driven, technically supported",
        2,
        [Format.VIDEO],
        [LivedExperience.CLINICIAN_TURNED_DIGITAL, LivedExperience.WOMAN_IN_DIGITAL_LEADERSHIP],
        ["change-management", "patient-focus", "non-technical-leadership"],
    ),
    (
        "jas-cartwright",
        "jas.cartwright.demo@example.com",
        "Head of IT turned digital innovation lead; chaired a BAME network",
        2,
        [Format.VIDEO, Format.IN_PERSON],
        [LivedExperience.ETHNIC_MINORITY, LivedExperience.WOMAN_IN_DIGITAL_LEADERSHIP],
        ["inclusion", "relationships", "strategic-thinking"],
    ),
    (
        "phill-james",
        "phill.james.demo@example.com",
        "CIO and director of digital across a place-based partnership",
        1,
        [Format.PHONE, Format.IN_PERSON],
        [],
        ["strategic-thinking", "relationships", "customer-service"],
    ),
]

# Mentees: (email, first, last, role, band, organisation, region, background, themes, goals)
MENTEES = [
    (
        "sam.okafor.demo@example.com",
        "Sam",
        "Okafor",
        "Nurse and digital champion",
        "6",
        "Royal Bolton Hospital NHS Foundation Trust",
        "north-west",
        "clinical",
        ["change-management", "patient-focus"],
        "Move from the ward into a chief nursing information officer team.",
    ),
    (
        "lena.novak.demo@example.com",
        "Lena",
        "Novak",
        "Junior project manager",
        "5",
        "Leeds Teaching Hospitals NHS Trust",
        "north-east-and-yorkshire",
        "non-technical",
        ["resilience", "relationships"],
        "Lead my first programme and learn to manage senior stakeholders.",
    ),
    (
        "david.mensah.demo@example.com",
        "David",
        "Mensah",
        "Infrastructure engineer",
        "6",
        "Barts Health NHS Trust",
        "london",
        "technical",
        ["strategic-thinking", "non-technical-leadership"],
        "Step up from technical work to leading a team.",
    ),
]


# Capability framework skills the demo mentors can help with, at their level (names as the
# framework's file has them; skipped when the framework has not been imported).
MENTOR_SKILLS = {
    "mentor@example.com": [
        ("Service focus", SkillLevel.EXPERT),
        ("Continual service improvement", SkillLevel.PRACTITIONER),
        ("Strategic thinking", SkillLevel.PRACTITIONER),
        ("Stakeholder relationship management (IT operations)", SkillLevel.EXPERT),
    ],
    "jo.smith.demo@example.com": [
        ("Strategic thinking", SkillLevel.EXPERT),
        ("Financial management", SkillLevel.PRACTITIONER),
        ("Commercial management", SkillLevel.PRACTITIONER),
    ],
    "ayesha.rahim.demo@example.com": [
        ("User focus", SkillLevel.EXPERT),
        ("Communicating between the technical and non-technical", SkillLevel.EXPERT),
    ],
    "jas.cartwright.demo@example.com": [
        ("Agile and Lean practices", SkillLevel.PRACTITIONER),
        ("Team dynamics and collaboration", SkillLevel.EXPERT),
    ],
    "phill.james.demo@example.com": [
        ("Strategic thinking", SkillLevel.EXPERT),
        ("Asset and configuration management", SkillLevel.PRACTITIONER),
        ("Business analysis (IT operations)", SkillLevel.PRACTITIONER),
        ("Service management framework knowledge", SkillLevel.PRACTITIONER),
    ],
}


def _user(email: str, first_name: str, last_name: str, *, password: str | None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    return user


def _themes(slugs: list[str]) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=slugs))


def _mentor(user: User, **fields) -> MentorProfile:
    themes = fields.pop("themes")
    mentor, created = MentorProfile.objects.get_or_create(user=user, defaults=fields)
    if created:
        mentor.themes.set(themes)
    return mentor


def _mentee(user: User, **fields) -> MenteeProfile:
    themes = fields.pop("themes")
    mentee, created = MenteeProfile.objects.get_or_create(user=user, defaults=fields)
    if created:
        mentee.themes.set(themes)
    return mentee


def _mentorship(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    *,
    path: list[tuple[str, int, User | None, str]],
    message: str,
    goals: str,
) -> Mentorship:
    """A mentorship that went through `path`: (status, days ago, who, note) steps in order."""
    now = timezone.now()
    first_status, first_days, _, _ = path[0]
    mentorship = Mentorship.objects.create(
        mentee=mentee,
        mentor=mentor,
        status=first_status,
        message=message,
        goals=goals,
        requested_at=now - timedelta(days=first_days),
    )
    previous = ""
    for status, days_ago, actor, note in path:
        at = now - timedelta(days=days_ago)
        StatusChange.objects.create(
            mentorship=mentorship,
            actor=actor,
            automatic=actor is None,
            from_status=previous,
            to_status=status,
            note=note,
            at=at,
        )
        previous = status
        if status == Status.ACTIVE:
            mentorship.started_at = at
        if status != Status.REQUESTED and mentorship.first_answered_at is None:
            mentorship.first_answered_at = at
        if status == Status.MORE_INFORMATION:
            mentorship.mentor_question = note
        if status == Status.DECLINED:
            mentorship.decline_reason = note
        if status == Status.ENDED_EARLY:
            mentorship.end_reason = note
        if status not in Mentorship.OPEN:
            mentorship.ended_at = at
    mentorship.status = previous
    mentorship.save()
    return mentorship


@transaction.atomic
def load() -> None:
    _load_profiles_and_mentorships()
    health_demo.load()
    # The demo mentee's career plan first: its latest self-assessment gives the skill gaps
    # that the mentors' skills below are scored against.
    plan_demo.load()
    _load_skills()
    # Every time, not only the first: the slots are relative to today.
    booking_demo.load()
    round_demo.load()
    pairing_demo.load()
    feedback_demo.load()
    outcome_demo.load()
    # Last: every active pair above gets its agreement.
    agreement_demo.load()
    _load_private_accesses()


# Twice a coordinator opened the demo mentee's private material, each time saying why: she sees
# it in My account > Who has looked at your information, as her mentor does.
PRIVATE_ACCESSES = [
    (
        "mentorship",
        12,
        "Priya asked the programme to check that her mentorship's goals were recorded before "
        "her appraisal.",
    ),
    (
        "session",
        4,
        "Priya's mentor reported a problem saving session notes; checking what was saved.",
    ),
]


def _load_private_accesses() -> None:
    # The admin's own words for each opening.
    from mentoring.admin import MENTORSHIP_ACCESS, mentorship_concerns, session_access

    coordinator = User.objects.filter(email="coordinator@example.com").first()
    active = (
        Mentorship.objects.filter(mentee__user__email="mentee@example.com", status=Status.ACTIVE)
        .select_related("mentee__user", "mentor__user")
        .first()
    )
    if coordinator is None or active is None:
        return
    if PrivateDataAccess.objects.filter(subject=active.mentee.user).exists():
        return
    session = active.sessions.order_by("held_on").last()
    for thing, days_ago, reason in PRIVATE_ACCESSES:
        if thing == "mentorship":
            obj, what = active, MENTORSHIP_ACCESS
        elif session is not None:
            obj, what = session, session_access(session)
        else:
            continue
        record_access(
            viewer=coordinator, objects=[(obj, mentorship_concerns(active, what))], reason=reason
        )
        PrivateDataAccess.objects.filter(object_id=str(obj.pk), reason=reason).update(
            at=timezone.now() - timedelta(days=days_ago)
        )


def _load_skills() -> None:
    """The demo mentors' skills, so the demo mentee's suggestions count the gaps of her career
    plan (the plan demo's) that a mentor can help with."""
    skills = {skill.name: skill for skill in Skill.objects.current()}
    if not skills:
        return
    for email, offered in MENTOR_SKILLS.items():
        mentor = MentorProfile.objects.filter(user__email=email).first()
        if mentor is None:
            continue
        for name, level in offered:
            if name in skills:
                MentorSkill.objects.get_or_create(
                    mentor=mentor, skill=skills[name], defaults={"level": level}
                )


def _load_profiles_and_mentorships() -> None:
    themes_by_leader = {}
    leader_mentors = []
    for slug, email, headline, capacity, formats, experience, theme_slugs in LEADER_MENTORS:
        leader = Leader.objects.filter(slug=slug).select_related("organisation").first()
        if leader is None:
            continue
        first_name, _, last_name = leader.name.partition(" ")
        user = _user(email, first_name, last_name, password=None)
        themes_by_leader[slug] = theme_slugs
        leader_mentors.append(
            _mentor(
                user,
                headline=headline,
                bio=leader.summary + "\n\n" + "I mentor the way I was helped: honestly, and "
                "with an eye on the next step as well as the long road.",
                background=leader.background,
                band="vsm",
                role=leader.title,
                organisation=leader.organisation.name if leader.organisation else "",
                region=leader.organisation.region if leader.organisation else "outside-uk",
                formats=formats,
                capacity=capacity,
                lived_experience=experience,
                leader=leader,
                themes=_themes(theme_slugs),
            )
        )

    demo_mentor = _mentor(
        User.objects.get(email="mentor@example.com"),
        headline="Head of digital who started on the service desk",
        bio="I joined the NHS on the service desk in 2006, ran infrastructure and then the IT "
        "service, and now lead digital for a community trust.\n\nI enjoy helping people make "
        "the jump from technical work to leading teams and change.",
        background="technical",
        band="8c",
        role="Head of Digital",
        organisation="Bridgewater Community Healthcare NHS Foundation Trust",
        region="north-west",
        formats=[Format.VIDEO, Format.PHONE, Format.IN_PERSON],
        capacity=3,
        lived_experience=[LivedExperience.CAREER_CHANGER],
        themes=_themes(["change-management", "resilience", "strategic-thinking"]),
    )

    it_to_cio = Pathway.objects.filter(slug__startswith="it-manager").first()
    demo_mentee_user = User.objects.get(email="mentee@example.com")
    already_loaded = MenteeProfile.objects.filter(user=demo_mentee_user).exists()
    demo_mentee = _mentee(
        demo_mentee_user,
        current_role="IT service desk team leader",
        band="5",
        organisation="Salford Royal NHS Foundation Trust",
        region="north-west",
        background="technical",
        target_pathway=it_to_cio,
        goals="Prepare for a band 7 IT manager role, and learn how CIOs think about risk "
        "and change.",
        formats=[Format.VIDEO, Format.PHONE],
        preferred_experience=[LivedExperience.WOMAN_IN_DIGITAL_LEADERSHIP],
        themes=_themes(["change-management", "taking-risks", "resilience"]),
    )
    others = []
    for email, first, last, role, band, organisation, region, background, slugs, goals in MENTEES:
        others.append(
            _mentee(
                _user(email, first, last, password=DEMO_PASSWORD),
                current_role=role,
                band=band,
                organisation=organisation,
                region=region,
                background=background,
                goals=goals,
                formats=[Format.VIDEO],
                themes=_themes(slugs),
            )
        )
    if already_loaded or len(leader_mentors) < 4:
        return

    jo, ayesha, jas, phill = leader_mentors
    sam, lena, david = others
    priya, tom = demo_mentee.user, demo_mentor.user

    # The demo mentee: an active mentorship with the demo mentor, and an open request.
    active = _mentorship(
        demo_mentee,
        demo_mentor,
        path=[(Status.REQUESTED, 40, priya, ""), (Status.ACTIVE, 37, tom, "")],
        message="Hello Tom, I lead a service desk team and would like to become an IT manager.",
        goals="Prepare for a band 7 interview; understand budgets and suppliers.",
    )
    Goal.objects.create(mentorship=active, text="Write a one-page plan for my next role")
    Goal.objects.create(mentorship=active, text="Shadow a supplier review meeting", achieved=True)
    SessionLog.objects.create(
        mentorship=active,
        held_on=timezone.localdate() - timedelta(days=30),
        summary="Talked about the difference between running IT and leading it.",
        next_steps="Priya to map her stakeholders before the next session.",
        logged_by=tom,
    )
    SessionLog.objects.create(
        mentorship=active,
        held_on=timezone.localdate() - timedelta(days=9),
        summary="Went through the stakeholder map; practised a budget conversation.",
        next_steps="Book a coffee with the deputy director of finance.",
        logged_by=priya,
    )
    _mentorship(
        demo_mentee,
        jo,
        path=[(Status.REQUESTED, 3, priya, "")],
        message="Your story about taking control of what was ahead spoke to me.",
        goals="Learn how to take a considered career risk.",
    )

    # The demo mentor: a new request waiting for an answer, and a past mentorship.
    _mentorship(
        lena,
        demo_mentor,
        path=[(Status.REQUESTED, 2, lena.user, "")],
        message="I manage my first project and find senior stakeholders hard.",
        goals="Confidence with senior stakeholders.",
    )
    done = _mentorship(
        david,
        demo_mentor,
        path=[
            (Status.REQUESTED, 200, david.user, ""),
            (Status.ACTIVE, 198, tom, ""),
            (Status.COMPLETED, 20, tom, ""),
        ],
        message="I would like to move from engineering to leading a team.",
        goals="Lead a team within a year.",
    )
    Feedback.objects.create(mentorship=done, role=Feedback.Role.MENTEE, rating=5, comment="")

    # Every other state, so coordinators see a real programme.
    _mentorship(
        sam,
        ayesha,
        path=[
            (Status.REQUESTED, 12, sam.user, ""),
            (Status.MORE_INFORMATION, 10, ayesha.user, "Which clinical systems do you use now?"),
        ],
        message="I am a nurse and digital champion on a surgical ward.",
        goals="Understand the CNIO role.",
    )
    _mentorship(
        lena,
        phill,
        path=[
            (Status.REQUESTED, 30, lena.user, ""),
            (
                Status.DECLINED,
                28,
                phill.user,
                "I am at capacity this quarter; Jas may be a great fit.",
            ),
        ],
        message="Could you help me grow as a project lead?",
        goals="Stakeholder management.",
    )
    _mentorship(
        david,
        jas,
        path=[(Status.REQUESTED, 60, david.user, ""), (Status.WITHDRAWN, 55, david.user, "")],
        message="Interested in digital innovation.",
        goals="Innovation strategy.",
    )
    _mentorship(
        sam,
        jo,
        path=[
            (Status.REQUESTED, 45, sam.user, ""),
            (Status.EXPIRED, 31, None, "No answer in time."),
        ],
        message="I would love to hear how you moved between sectors.",
        goals="Career planning.",
    )
    _mentorship(
        david,
        ayesha,
        path=[
            (Status.REQUESTED, 120, david.user, ""),
            (Status.ACTIVE, 118, ayesha.user, ""),
            (Status.ENDED_EARLY, 80, david.user, "I moved to a new role and cannot give it time."),
        ],
        message="Clinical safety in digital projects.",
        goals="Learn clinical safety basics.",
    )
