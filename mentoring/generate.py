"""Synthetic mentors, mentees and mentorships at scale, for trying the mentoring pages and
measuring suggestions and matching rounds with realistic volumes.

Made by `random.Random(seed)` from fixed word lists, so a seed always gives the same people,
profiles and mentorships. It uses the themes, published leaders and published pathways already
in the database (and adds the ten themes of the design if there are no themes at all), and the
capability framework's current skills (adding generated ones, in a generated role level, when
the framework has not been imported): mentors offer a few skills at a level, and most mentees
have a career plan whose self-assessment leaves gaps. Accounts
get email addresses with a run token (`mentor-m<seed>r<run>-<n>@example.org`) and unusable
passwords, so a second run adds a second set and nobody can sign in as a generated person.

Rows are inserted with `bulk_create` in one transaction rather than through the services, one
at a time: 10,000 mentors take seconds, and a failed run leaves nothing behind. The services'
rules still hold: capacity is never exceeded, a pair has at most one open mentorship, a mentee
at most one open request, and each mentorship's history is recorded as status changes.
"""

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.text import slugify

from mentoring.models import (
    Assessment,
    CareerPlan,
    Format,
    LivedExperience,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    MentorSkill,
    SkillRating,
    StatusChange,
)
from stories.models import (
    Background,
    Band,
    JobFamily,
    Leader,
    Pathway,
    Region,
    Role,
    RoleLevel,
    Skill,
    Theme,
)

BATCH_SIZE = 2000
# Dates count back from here rather than from today, so a seed gives the same data whenever
# it runs.
ANCHOR = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

Status = Mentorship.Status

# The shared taxonomy of the design, used only when the database has no themes yet.
DESIGN_THEMES = [
    "Resilience",
    "Taking risks",
    "Change management",
    "Relationships",
    "Patient focus",
    "Non-technical leadership",
    "Personal development",
    "Inclusion",
    "Strategic thinking",
    "Customer service",
]

FIRST_NAMES = [
    "Aisha", "Amara", "Andrew", "Anil", "Aoife", "Ben", "Bethan", "Bilal", "Callum", "Catrin",
    "Chinedu", "Chloe", "Claire", "Daniel", "Deepa", "Elena", "Emma", "Ewan", "Fatima", "Ffion",
    "Fiona", "Grace", "Gurpreet", "Hamza", "Hannah", "Helen", "Ibrahim", "Imran", "Isla", "Jack",
    "James", "Julie", "Karen", "Kofi", "Laura", "Layla", "Lucy", "Mark", "Maryam", "Megan", "Mei",
    "Mohammed", "Morag", "Neha", "Ngozi", "Niamh", "Olivia", "Omar", "Owen", "Patrick", "Priya",
    "Rachel", "Ravi", "Rhys", "Ruby", "Samuel", "Sarah", "Sian", "Siobhan", "Sophie", "Sunita",
    "Thomas", "Tunde", "Wei", "Yusuf", "Zainab",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Ali", "Asante", "Bailey", "Banerjee", "Begum", "Bennett", "Boateng",
    "Brown", "Campbell", "Chan", "Chen", "Clarke", "Davies", "Desai", "Doherty", "Evans",
    "Fraser", "Gallagher", "Ghosh", "Gill", "Griffiths", "Hughes", "Hussain", "Iqbal", "Jones",
    "Kaur", "Kelly", "Khan", "Kowalski", "Kumar", "Lewis", "Lloyd", "MacDonald", "Mahmood",
    "Mensah", "Morgan", "Murphy", "Nowak", "Nwosu", "O'Brien", "Okafor", "Owusu", "Patel",
    "Price", "Rahman", "Reid", "Roberts", "Scott", "Shah", "Sharma", "Singh", "Smith", "Stewart",
    "Taylor", "Thomas", "Walker", "Walsh", "Wang", "Williams", "Wilson", "Wright", "Zhang",
]  # fmt: skip

R = Region
PLACES = [
    ("Leeds", R.NORTH_EAST_AND_YORKSHIRE), ("Sheffield", R.NORTH_EAST_AND_YORKSHIRE),
    ("Newcastle", R.NORTH_EAST_AND_YORKSHIRE), ("Hull", R.NORTH_EAST_AND_YORKSHIRE),
    ("Manchester", R.NORTH_WEST), ("Liverpool", R.NORTH_WEST), ("Lancashire", R.NORTH_WEST),
    ("Cheshire", R.NORTH_WEST), ("Birmingham", R.MIDLANDS), ("Nottingham", R.MIDLANDS),
    ("Leicester", R.MIDLANDS), ("Coventry", R.MIDLANDS), ("Derby", R.MIDLANDS),
    ("Cambridge", R.EAST_OF_ENGLAND), ("Norfolk", R.EAST_OF_ENGLAND), ("Essex", R.EAST_OF_ENGLAND),
    ("Camden", R.LONDON), ("Croydon", R.LONDON), ("Hackney", R.LONDON), ("Southwark", R.LONDON),
    ("Ealing", R.LONDON), ("Lewisham", R.LONDON), ("Kent", R.SOUTH_EAST), ("Oxford", R.SOUTH_EAST),
    ("Surrey", R.SOUTH_EAST), ("Brighton", R.SOUTH_EAST), ("Bristol", R.SOUTH_WEST),
    ("Devon", R.SOUTH_WEST), ("Cornwall", R.SOUTH_WEST), ("Dorset", R.SOUTH_WEST),
]  # fmt: skip
ORGANISATION_PATTERNS = [
    "{} Teaching Hospitals NHS Foundation Trust",
    "{} Mental Health NHS Foundation Trust",
    "NHS {} Integrated Care Board",
]
OTHER_ORGANISATIONS = [
    ("NHS England", R.LONDON),
    ("NHS England", R.NORTH_EAST_AND_YORKSHIRE),
    ("NHS Business Services Authority", R.NORTH_EAST_AND_YORKSHIRE),
    ("Department of Health and Social Care", R.LONDON),
    ("NHS Greater Glasgow and Clyde", R.SCOTLAND),
    ("NHS Lothian", R.SCOTLAND),
    ("Digital Health and Care Wales", R.WALES),
    ("Cardiff and Vale University Health Board", R.WALES),
    ("Belfast Health and Social Care Trust", R.NORTHERN_IRELAND),
    ("Sidra Medicine", R.OUTSIDE_UK),
]
# Roughly where NHS digital staff work: more in the big English regions, few abroad.
PLACE_WEIGHT = 12
OTHER_ORGANISATION_WEIGHT = 8

BACKGROUND_WEIGHTS = {
    Background.CLINICAL: 30,
    Background.TECHNICAL: 35,
    Background.NON_TECHNICAL: 20,
    Background.OTHER_INDUSTRY: 15,
}
MENTOR_BANDS = [Band.BAND_7, Band.BAND_8A, Band.BAND_8B, Band.BAND_8C, Band.BAND_8D, Band.BAND_9,
                Band.VSM]  # fmt: skip
MENTOR_BAND_WEIGHTS = [10, 20, 20, 15, 10, 10, 15]
MENTEE_BANDS = [Band.BAND_3, Band.BAND_4, Band.BAND_5, Band.BAND_6, Band.BAND_7, Band.BAND_8A,
                Band.NOT_ON_AFC]  # fmt: skip
MENTEE_BAND_WEIGHTS = [5, 15, 25, 25, 18, 7, 5]
MENTOR_ROLES = {
    Background.CLINICAL: ["Chief Clinical Information Officer", "Chief Nursing Information Officer",
                          "Clinical Safety Officer", "Digital Clinical Lead"],
    Background.TECHNICAL: ["Chief Information Officer", "Head of IT Infrastructure",
                           "Head of Cyber Security", "Enterprise Architect"],
    Background.NON_TECHNICAL: ["Digital Programme Manager", "Associate Director of Digital",
                               "Head of Digital Transformation", "Head of Business Intelligence"],
    Background.OTHER_INDUSTRY: ["Chief Digital Officer", "Head of Product",
                                "Director of Data and Analytics", "Head of Digital Delivery"],
}  # fmt: skip
MENTEE_ROLES = {
    Background.CLINICAL: ["Staff nurse", "Physiotherapist", "Pharmacist", "Specialty registrar",
                          "Paramedic"],
    Background.TECHNICAL: ["Service desk analyst", "Systems analyst", "Infrastructure engineer",
                           "EPR application specialist", "Information analyst"],
    Background.NON_TECHNICAL: ["Project support officer", "Service manager",
                               "Graduate management trainee", "Business analyst"],
    Background.OTHER_INDUSTRY: ["Data scientist", "Product manager", "Change manager",
                                "Delivery manager"],
}  # fmt: skip
HEADLINES = [
    "Happy to talk through your first step into {area}.",
    "{years} years in {area}; I like helping people find their next move.",
    "I moved into {area} late and can tell you what that is like.",
    "Ask me about leading teams in {area} without having all the answers.",
]
AREAS = ["NHS digital", "clinical informatics", "data and analytics", "digital transformation",
         "cyber security", "programme delivery"]  # fmt: skip
BIOS = [
    "I have worked in {organisation} for several years and mentor people making a similar move.",
    "My route was not a straight line, and I like helping others see that theirs need not be.",
    "I mentor because someone once did it for me: I try to ask good questions, not give answers.",
]
GOALS = [
    "I want to understand what a move into a digital role would involve.",
    "I would like to lead a team within two years and want to prepare for it.",
    "I am working towards band 8a and need help with the interview and the business case side.",
    "I want to build confidence in speaking to senior leaders about digital change.",
    "I am thinking about a secondment to a national programme and want advice first.",
    "I want to know how others balanced clinical work with a digital role.",
]
MESSAGES = [
    "Your story on Pathways sounded a lot like where I am now. Would you mentor me?",
    "We share some of the same themes and I would value your perspective.",
    "I am hoping to follow a similar route to yours and would love to learn from you.",
]

FORMAT_CHANCE = {Format.VIDEO: 0.85, Format.PHONE: 0.5, Format.IN_PERSON: 0.35}
CAPACITIES, CAPACITY_WEIGHTS = [1, 2, 3], [30, 45, 25]
ACCEPTING_CHANCE = 0.92
PAUSED_CHANCE = 0.03
MENTOR_EXPERIENCE_CHANCE = 0.35
MENTEE_EXPERIENCE_CHANCE = 0.15
OUTSIDE_ORGANISATION_CHANCE = 0.2
TARGET_PATHWAY_CHANCE = 0.6
LEADER_LINK_CHANCE = 0.15
# As many skills as the capability framework has, when it has not been imported.
GENERATED_SKILLS = 188
MENTOR_SKILLS = (2, 8)  # how many skills a mentor offers, fewest and most
MENTOR_SKILL_LEVELS = {2: 2, 3: 5, 4: 3}  # level: weight
PLAN_CHANCE = 0.7
RATED_SKILLS = (6, 16)  # how many skills a target role asks, fewest and most
GAP_CHANCE = 0.6
# What became of the requests generated mentees made, roughly as a mature programme sees them.
OUTCOME_WEIGHTS = {
    Status.ACTIVE: 50,
    Status.COMPLETED: 15,
    Status.REQUESTED: 12,
    Status.DECLINED: 8,
    Status.WITHDRAWN: 5,
    Status.EXPIRED: 5,
    Status.ENDED_EARLY: 5,
}


@dataclass
class Generated:
    """What a run created, for the command to report."""

    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run_token: str = ""


def generate(
    *, mentors: int, mentees: int, seed: int = 1, mentorship_fraction: float = 0.5
) -> Generated:
    """Create `mentors` mentors and `mentees` mentees; `mentorship_fraction` of the mentees
    asked someone for mentoring (most are now in an active mentorship)."""
    if min(mentors, mentees) < 0:
        raise ValueError("Counts cannot be negative.")
    if not 0 <= mentorship_fraction <= 1:
        raise ValueError("The mentorship fraction is between 0 and 1.")
    started = time.perf_counter()
    result = Generated()
    with transaction.atomic():
        result.run_token = _run_token(seed)
        builder = _Builder(rng=random.Random(seed), result=result)
        builder.build(mentors=mentors, mentees=mentees, mentorship_fraction=mentorship_fraction)
    result.seconds = time.perf_counter() - started
    return result


def _run_token(seed: int) -> str:
    user_model = get_user_model()
    run = 1
    while user_model.objects.filter(
        email__in=[f"mentor-m{seed}r{run}-1@example.org", f"mentee-m{seed}r{run}-1@example.org"]
    ).exists():
        run += 1
    return f"m{seed}r{run}"


def _bulk(model: type[models.Model], rows: Sequence[models.Model]) -> list[models.Model]:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, the heavier more likely: some themes are far more asked about."""
    chosen: dict = {}
    while len(chosen) < min(k, len(items)):
        chosen.setdefault(rng.choices(items, weights)[0], None)
    return list(chosen)


def _distinct_skills(
    rng: random.Random, skill_ids: list[int], cumulative: list[float], fewest: int, most: int
) -> list[int]:
    """Between `fewest` and `most` distinct skills, the heavier more likely (weights given
    cumulated once: this runs for every one of thousands of people)."""
    wanted = min(rng.randint(fewest, most), len(skill_ids))
    chosen: dict[int, None] = {}
    while len(chosen) < wanted:
        for skill_id in rng.choices(skill_ids, cum_weights=cumulative, k=wanted - len(chosen)):
            chosen.setdefault(skill_id, None)
    return list(chosen)[:wanted]


class _Builder:
    def __init__(self, *, rng: random.Random, result: Generated) -> None:
        self.rng = rng
        self.counts = result.counts
        self.token = result.run_token
        weighted = [
            (pattern.format(place), region, PLACE_WEIGHT)
            for place, region in PLACES
            for pattern in ORGANISATION_PATTERNS
        ] + [(name, region, OTHER_ORGANISATION_WEIGHT) for name, region in OTHER_ORGANISATIONS]
        self.organisations = [(name, region) for name, region, _ in weighted]
        self.organisation_weights = [weight for _, _, weight in weighted]

    def build(self, *, mentors: int, mentees: int, mentorship_fraction: float) -> None:
        themes = self._themes()
        # Some themes are far more popular: the first four times as much as the last.
        self.theme_ids = [theme.pk for theme in themes]
        self.theme_weights = [
            4 - 3 * index / max(1, len(themes) - 1) for index in range(len(themes))
        ]
        self.pathway_ids = list(
            Pathway.objects.published().order_by("pk").values_list("pk", flat=True)
        )
        mentor_profiles = self._mentors(mentors)
        mentee_profiles = self._mentees(mentees)
        skill_ids = self._skills()
        self._mentor_skills(mentor_profiles, skill_ids)
        self._plans(mentee_profiles, skill_ids)
        self._mentorships(mentee_profiles, mentor_profiles, mentorship_fraction)

    def _themes(self) -> list[Theme]:
        themes = list(Theme.objects.order_by("pk"))
        if themes:
            return themes
        self.counts["themes created"] += len(DESIGN_THEMES)
        return _bulk(Theme, [Theme(name=name, slug=slugify(name)) for name in DESIGN_THEMES])

    def _skills(self) -> list[int]:
        skill_ids = list(Skill.objects.current().order_by("pk").values_list("pk", flat=True))
        if skill_ids:
            return skill_ids
        self.counts["skills created"] += GENERATED_SKILLS
        skills = _bulk(
            Skill,
            [
                Skill(name=f"Generated skill {n:03}", slug=f"generated-skill-{n:03}")
                for n in range(1, GENERATED_SKILLS + 1)
            ],
        )
        return [skill.pk for skill in skills]

    def _role_level(self) -> RoleLevel:
        found = RoleLevel.objects.current().order_by("pk").first()
        if found:
            return found
        family, _ = JobFamily.objects.get_or_create(
            slug="generated", defaults={"name": "Generated role family"}
        )
        role, _ = Role.objects.get_or_create(
            slug="generated-role", defaults={"name": "Generated role", "family": family}
        )
        level, _ = RoleLevel.objects.get_or_create(
            slug="generated-role-level", defaults={"name": "Generated role level", "role": role}
        )
        return level

    def _mentor_skills(self, mentors: list[MentorProfile], skill_ids: list[int]) -> None:
        rng = self.rng
        levels, level_weights = list(MENTOR_SKILL_LEVELS), list(MENTOR_SKILL_LEVELS.values())
        # Some skills are far more offered (and needed) than others.
        weights = [4 - 3 * index / max(1, len(skill_ids) - 1) for index in range(len(skill_ids))]
        self.skill_weights = list(accumulate(weights))
        rows = [
            MentorSkill(
                mentor_id=mentor.pk,
                skill_id=skill_id,
                level=rng.choices(levels, level_weights)[0],
            )
            for mentor in mentors
            for skill_id in _distinct_skills(rng, skill_ids, self.skill_weights, *MENTOR_SKILLS)
        ]
        _bulk(MentorSkill, rows)
        self.counts["skills offered by mentors"] += len(rows)

    def _plans(self, mentees: list[MenteeProfile], skill_ids: list[int]) -> None:
        """Most mentees have a career plan with one self-assessment, short of the level their
        target role asks in some of its skills."""
        rng = self.rng
        having = [mentee for mentee in mentees if rng.random() < PLAN_CHANCE]
        if not having or not skill_ids:
            return
        target = self._role_level()
        plans = _bulk(
            CareerPlan, [CareerPlan(owner_id=m.user_id, target_role_level=target) for m in having]
        )
        assessments = _bulk(
            Assessment, [Assessment(plan=plan, target_role_level=target) for plan in plans]
        )
        ratings = []
        for assessment in assessments:
            asked = _distinct_skills(rng, skill_ids, self.skill_weights, *RATED_SKILLS)
            for skill_id in asked:
                required = rng.randint(2, 4)
                level = rng.randint(0, required - 1) if rng.random() < GAP_CHANCE else required
                ratings.append(
                    SkillRating(
                        assessment=assessment,
                        skill_id=skill_id,
                        level=level,
                        required_level=required,
                    )
                )
        _bulk(SkillRating, ratings)
        self.counts["career plans"] += len(plans)
        self.counts["skill gaps"] += sum(r.level < r.required_level for r in ratings)

    def _organisation(self) -> tuple[str, str]:
        name, region = self.rng.choices(self.organisations, self.organisation_weights)[0]
        # People type their employer's name in their own way; matching must see through it.
        if self.rng.random() < 0.03:
            name = f" {name.lower()}  "
        return name, region

    def _formats(self, *, at_least_one: bool) -> list[str]:
        formats = [f for f, chance in FORMAT_CHANCE.items() if self.rng.random() < chance]
        if not formats and at_least_one:
            formats = [Format.VIDEO]
        return [str(f) for f in formats]

    def _users(self, role: str, names: list[tuple[str, str]]) -> list:
        user_model = get_user_model()
        # One unusable password for the run: make_password(None) is random, and per-user
        # randomness buys nothing when nobody can sign in with any of them.
        password = make_password(None)
        return _bulk(
            user_model,
            [
                user_model(
                    email=f"{role}-{self.token}-{number}@example.org",
                    first_name=first_name,
                    last_name=last_name,
                    password=password,
                )
                for number, (first_name, last_name) in enumerate(names, start=1)
            ],
        )

    def _name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def _mentors(self, count: int) -> list[MentorProfile]:
        rng = self.rng
        leaders = list(
            Leader.objects.published()
            .filter(mentor_profile__isnull=True)
            .order_by("pk")
            .values_list("pk", "name", "background")
        )
        rng.shuffle(leaders)
        backgrounds, background_weights = (
            list(BACKGROUND_WEIGHTS),
            list(BACKGROUND_WEIGHTS.values()),
        )
        experience = list(LivedExperience.values)
        names, profiles, theme_choices = [], [], []
        for _ in range(count):
            leader = leaders.pop() if leaders and rng.random() < LEADER_LINK_CHANCE else None
            if leader:
                # The mentor is the leader whose story is published: their name and background.
                first_name, _, last_name = leader[1].removeprefix("Dr ").partition(" ")
                background = leader[2]
            else:
                first_name, last_name = self._name()
                background = rng.choices(backgrounds, background_weights)[0]
            names.append((first_name, last_name or "Smith"))
            organisation, region = self._organisation()
            paused = rng.random() < PAUSED_CHANCE
            area = rng.choice(AREAS)
            profiles.append(
                MentorProfile(
                    headline=rng.choice(HEADLINES).format(area=area, years=rng.randint(5, 30)),
                    bio=rng.choice(BIOS).format(organisation=organisation.strip()),
                    background=background,
                    band=rng.choices(MENTOR_BANDS, MENTOR_BAND_WEIGHTS)[0],
                    role=rng.choice(MENTOR_ROLES[background]),
                    organisation=organisation,
                    region=region,
                    formats=self._formats(at_least_one=True),
                    capacity=rng.choices(CAPACITIES, CAPACITY_WEIGHTS)[0],
                    accepting_requests=rng.random() < ACCEPTING_CHANCE,
                    paused_at=ANCHOR - timedelta(days=rng.randint(1, 60)) if paused else None,
                    paused_reason="Requests expired unanswered twice in a row." if paused else "",
                    leader_id=leader[0] if leader else None,
                    lived_experience=rng.sample(experience, k=rng.choice((1, 1, 2)))
                    if rng.random() < MENTOR_EXPERIENCE_CHANCE
                    else [],
                )
            )
            theme_choices.append(
                _weighted_sample(rng, self.theme_ids, self.theme_weights, rng.randint(2, 5))
            )
        for profile, user in zip(profiles, self._users("mentor", names), strict=True):
            profile.user_id = user.pk
        _bulk(MentorProfile, profiles)
        self._themes_of(MentorProfile, "mentorprofile_id", profiles, theme_choices)
        self.counts["mentors"] += count
        self.counts["mentors linked to a story"] += sum(p.leader_id is not None for p in profiles)
        return profiles

    def _mentees(self, count: int) -> list[MenteeProfile]:
        rng = self.rng
        backgrounds, background_weights = (
            list(BACKGROUND_WEIGHTS),
            list(BACKGROUND_WEIGHTS.values()),
        )
        experience = list(LivedExperience.values)
        names, profiles, theme_choices = [], [], []
        for _ in range(count):
            names.append(self._name())
            background = rng.choices(backgrounds, background_weights)[0]
            organisation, region = self._organisation()
            wants_pathway = self.pathway_ids and rng.random() < TARGET_PATHWAY_CHANCE
            profiles.append(
                MenteeProfile(
                    current_role=rng.choice(MENTEE_ROLES[background]),
                    band=rng.choices(MENTEE_BANDS, MENTEE_BAND_WEIGHTS)[0],
                    organisation=organisation,
                    region=region,
                    background=background,
                    target_pathway_id=rng.choice(self.pathway_ids) if wants_pathway else None,
                    goals=rng.choice(GOALS),
                    formats=self._formats(at_least_one=False) if rng.random() < 0.8 else [],
                    preferred_experience=[rng.choice(experience)]
                    if rng.random() < MENTEE_EXPERIENCE_CHANCE
                    else [],
                    mentor_outside_organisation=rng.random() < OUTSIDE_ORGANISATION_CHANCE,
                )
            )
            theme_choices.append(
                _weighted_sample(rng, self.theme_ids, self.theme_weights, rng.randint(1, 3))
            )
        for profile, user in zip(profiles, self._users("mentee", names), strict=True):
            profile.user_id = user.pk
        _bulk(MenteeProfile, profiles)
        self._themes_of(MenteeProfile, "menteeprofile_id", profiles, theme_choices)
        self.counts["mentees"] += count
        return profiles

    def _themes_of(
        self,
        model: type[models.Model],
        column: str,
        profiles: list[models.Model],
        theme_choices: list[list[int]],
    ) -> None:
        through = model.themes.through
        _bulk(
            through,
            [
                through(**{column: profile.pk, "theme_id": theme_id})
                for profile, theme_ids in zip(profiles, theme_choices, strict=True)
                for theme_id in theme_ids
            ],
        )

    def _mentorships(
        self, mentees: list[MenteeProfile], mentors: list[MentorProfile], fraction: float
    ) -> None:
        rng = self.rng
        if not mentors:
            return
        outcomes, outcome_weights = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
        active: Counter = Counter()
        mentorships, histories = [], []
        for mentee in mentees:
            if rng.random() >= fraction:
                continue
            status = rng.choices(outcomes, outcome_weights)[0]
            mentor = self._mentor_for(mentee, status, mentors, active)
            if mentor is None:
                continue
            mentorship, history = self._mentorship(mentee, mentor, status)
            if status == Status.ACTIVE:
                active[mentor.pk] += 1
            mentorships.append(mentorship)
            histories.append(history)
        _bulk(Mentorship, mentorships)
        _bulk(
            StatusChange,
            [
                StatusChange(mentorship_id=mentorship.pk, **change)
                for mentorship, history in zip(mentorships, histories, strict=True)
                for change in history
            ],
        )
        self.counts["mentorships"] += len(mentorships)
        self.counts["active mentorships"] += sum(active.values())

    def _mentor_for(
        self,
        mentee: MenteeProfile,
        status: str,
        mentors: list[MentorProfile],
        active: Counter,
    ) -> MentorProfile | None:
        """A mentor the services would have let the mentee ask, with room when now active."""
        for _ in range(20):
            mentor = self.rng.choice(mentors)
            if mentor.user_id == mentee.user_id:
                continue
            if status in Mentorship.OPEN and (
                mentor.paused_at is not None or not mentor.accepting_requests
            ):
                continue
            if status == Status.ACTIVE and active[mentor.pk] >= mentor.capacity:
                continue
            return mentor
        return None

    def _mentorship(
        self, mentee: MenteeProfile, mentor: MentorProfile, status: str
    ) -> tuple[Mentorship, list[dict]]:
        rng = self.rng
        requested_at = ANCHOR - timedelta(days=rng.randint(20, 400), minutes=rng.randint(0, 1439))
        if status == Status.REQUESTED:
            requested_at = ANCHOR - timedelta(days=rng.randint(0, 10), minutes=rng.randint(0, 1439))
        answered_at = requested_at + timedelta(days=rng.randint(1, 10))
        ended_at = answered_at + timedelta(days=rng.randint(30, 180))
        mentorship = Mentorship(
            mentee_id=mentee.pk,
            mentor_id=mentor.pk,
            status=status,
            message=rng.choice(MESSAGES),
            goals=mentee.goals,
            requested_at=requested_at,
        )
        history: list[dict] = []

        def change(actor_id: int | None, from_status: str, to_status: str, at: datetime) -> None:
            history.append(
                {"actor_id": actor_id, "from_status": from_status, "to_status": to_status, "at": at}
            )

        change(mentee.user_id, "", Status.REQUESTED, requested_at)
        if status in (Status.DECLINED, Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY):
            mentorship.first_answered_at = answered_at
        if status == Status.DECLINED:
            mentorship.decline_reason = "My mentoring places are full for now, sorry."
            change(mentor.user_id, Status.REQUESTED, Status.DECLINED, answered_at)
        elif status == Status.WITHDRAWN:
            change(mentee.user_id, Status.REQUESTED, Status.WITHDRAWN, answered_at)
        elif status == Status.EXPIRED:
            change(None, Status.REQUESTED, Status.EXPIRED, requested_at + timedelta(days=14))
        elif status in (Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY):
            mentorship.started_at = answered_at
            change(mentor.user_id, Status.REQUESTED, Status.ACTIVE, answered_at)
            if status != Status.ACTIVE:
                mentorship.ended_at = ended_at
                if status == Status.ENDED_EARLY:
                    mentorship.end_reason = "A change of job left no time for it."
                change(mentee.user_id, Status.ACTIVE, status, ended_at)
        return mentorship, history
