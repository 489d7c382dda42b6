"""Reads that mentoring pages share, with their queries decided here once."""

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, StringAgg, TextField, Value
from django.db.models.functions import Cast
from django.http import Http404

from mentoring.matching import (
    MenteeFacts,
    MentorFacts,
    Suggestion,
    normalise_organisation,
    score,
)
from mentoring.matching_arrays import MentorColumns, best_mentors
from mentoring.models import Feedback, MenteeProfile, MentorProfile, Mentorship
from mentoring.plans.selectors import skill_gaps_by_person, skills_offered
from mentoring.rounds.selectors import awaits_confirmation
from stories.models import Pathway, Skill, SkillRequirement, Status, Theme

# Suggestions ----------------------------------------------------------------------------------
#
# Matching (mentoring/matching.py) works on plain facts; these functions load them. Loading every
# eligible mentor takes the same few queries whether there are ten mentors or ten thousand.


def mentee_facts(mentee_profile: MenteeProfile) -> MenteeFacts:
    """What matching needs to know about a mentee: two queries, for their themes' names and
    their target pathway's title, and for the skill gaps of their career plan."""
    rows = list(
        MenteeProfile.objects.filter(pk=mentee_profile.pk)
        .order_by()
        .values_list("themes__id", "themes__name", "target_pathway__title")
    )
    themes = {theme_id: name for theme_id, name, _ in rows if theme_id is not None}
    pathway_title = rows[0][2] if rows else None
    return MenteeFacts(
        id=mentee_profile.pk,
        user_id=mentee_profile.user_id,
        themes=themes,
        background=mentee_profile.background,
        region=mentee_profile.region,
        formats=frozenset(mentee_profile.formats or ()),
        target_pathway_id=mentee_profile.target_pathway_id,
        target_pathway_title=pathway_title or "",
        organisation=normalise_organisation(mentee_profile.organisation),
        preferred_experience=frozenset(mentee_profile.preferred_experience or ()),
        mentor_outside_organisation=mentee_profile.mentor_outside_organisation,
        gaps=skill_gaps_by_person([mentee_profile.user_id]).get(mentee_profile.user_id, {}),
    )


def mentor_facts(
    *,
    mentor_ids: frozenset[int] | None = None,
    theme_ids: frozenset[int] | None = None,
    skill_ids: frozenset[int] | None = None,
) -> list[MentorFacts]:
    """Every mentor who could take a mentee now (or those of `mentor_ids` who could), in id
    order: active accounts, not paused, accepting requests, with a free place. Four queries.

    With `theme_ids`, each mentor's `theme_ids` holds only those of them, and with `skill_ids`
    their `skills` only those: all that scoring for a mentee who chose those themes and has
    those gaps looks at, for a fraction of the rows.
    """
    return list(mentor_columns(mentor_ids=mentor_ids, theme_ids=theme_ids, skill_ids=skill_ids))


@dataclass(frozen=True, slots=True)
class LoadedMentors(MentorColumns):
    """Mentors as columns for scoring many at once, with what `MentorFacts` adds for words."""

    names: Sequence[str]
    pathway_titles: Sequence[tuple[str, ...]]
    by_id: dict[int, int] = field(init=False)  # mentor id -> row

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {pk: row for row, pk in enumerate(self.ids)})

    def facts(self, row: int) -> MentorFacts:
        return MentorFacts(
            id=self.ids[row],
            user_id=self.user_ids[row],
            name=self.names[row],
            theme_ids=self.theme_ids[row],
            background=self.backgrounds[row],
            region=self.regions[row],
            formats=self.formats[row],
            pathway_ids=self.pathway_ids[row],
            pathway_titles=self.pathway_titles[row],
            organisation=self.organisations[row],
            lived_experience=self.lived_experience[row],
            capacity=self.capacities[row],
            active_mentees=self.active_mentees[row],
            skills=self.skills[row],
        )

    def __iter__(self) -> Iterator[MentorFacts]:
        return (self.facts(row) for row in range(len(self.ids)))


def mentor_columns(
    *,
    mentor_ids: frozenset[int] | None = None,
    theme_ids: frozenset[int] | None = None,
    skill_ids: frozenset[int] | None = None,
) -> LoadedMentors:
    """mentor_facts() as columns, read straight from the rows without a `MentorFacts` each:
    what scoring one mentee against every mentor with arrays needs. Four queries."""
    mentors = MentorProfile.objects.taking_requests().filter(user__is_active=True).order_by("pk")
    if mentor_ids is not None:
        mentors = mentors.filter(pk__in=mentor_ids)
    rows = mentors.values_list(
        "pk",
        "user_id",
        "user__first_name",
        "user__last_name",
        "background",
        "region",
        "organisation",
        "capacity",
        "places_held",
        # Lists come as text and are decoded once per distinct value below: mentors share a
        # few hundred lists of formats, tags and themes, and decoding every mentor's own
        # through the JSON field tripled the time it takes to load them.
        Cast("formats", TextField()),
        Cast("lived_experience", TextField()),
    )
    themes_of = _theme_ids_as_text(mentor_ids, theme_ids)
    pathways = _example_pathways(mentor_ids)
    skills_of = skills_offered(mentor_ids, skill_ids=skill_ids)

    tag_sets = _DecodedOnce(lambda text: frozenset(json.loads(text) if text else ()))
    theme_sets = _DecodedOnce(lambda text: frozenset(map(int, text.split(","))) if text else _NONE)
    organisations = _DecodedOnce(normalise_organisation)
    rows = list(rows)
    (
        ids,
        user_ids,
        first_names,
        last_names,
        backgrounds,
        regions,
        organisation_names,
        capacities,
        places_held,
        formats,
        lived_experience,
    ) = zip(*rows, strict=True) if rows else ([],) * 11
    no_skills: dict[int, int] = {}
    return LoadedMentors(
        ids=ids,
        user_ids=user_ids,
        names=[
            f"{first} {last}".strip() for first, last in zip(first_names, last_names, strict=True)
        ],
        theme_ids=[theme_sets[themes_of.get(pk)] for pk in ids],
        backgrounds=backgrounds,
        regions=regions,
        formats=[tag_sets[text] for text in formats],
        pathway_ids=[frozenset(pathways[pk]) if pk in pathways else _NONE for pk in ids],
        pathway_titles=[
            tuple(sorted(pathways[pk].values())) if pk in pathways else () for pk in ids
        ],
        organisations=[organisations[name] for name in organisation_names],
        lived_experience=[tag_sets[text] for text in lived_experience],
        capacities=capacities,
        active_mentees=places_held,
        # Every mentor here takes requests: the query leaves out the paused and the closed.
        closed=[False] * len(ids),
        skills=[skills_of.get(pk, no_skills) for pk in ids],
    )


def linked_mentor_ids(mentee_profile: MenteeProfile) -> frozenset[int]:
    """Mentors the mentee has ever asked or had, whatever came of it: not suggested again."""
    return frozenset(
        Mentorship.objects.filter(mentee=mentee_profile, mentor__isnull=False)
        .order_by()
        .values_list("mentor_id", flat=True)
    )


def suggestions_for(
    mentee_profile: MenteeProfile, *, limit: int = 10
) -> list[tuple[MentorProfile, Suggestion]]:
    """The mentee's best mentors with the reasons, best first, in nine queries whatever the
    number of mentors (eight when there is nobody to suggest)."""
    mentee = mentee_facts(mentee_profile)
    mentors = mentor_columns(theme_ids=mentee.theme_ids, skill_ids=frozenset(mentee.gaps))
    # Every mentor is scored at once with arrays; words are built for the few shown only.
    best = best_mentors(
        mentee, mentors, exclude_mentor_ids=linked_mentor_ids(mentee_profile), limit=limit
    )
    ranked = [score(mentee, mentors.facts(mentors.by_id[mentor_id])) for mentor_id, _ in best]
    ranked = [suggestion for suggestion in ranked if suggestion is not None]
    if not ranked:
        return []
    profiles = MentorProfile.objects.select_related("user", "leader").in_bulk(
        [suggestion.mentor_id for suggestion in ranked]
    )
    # A profile deleted between the two reads is left out rather than failing the page.
    return [
        (profiles[suggestion.mentor_id], suggestion)
        for suggestion in ranked
        if suggestion.mentor_id in profiles
    ]


_NONE: frozenset = frozenset()


class _DecodedOnce(dict):
    """Text -> its decoded value, decoding each distinct text once."""

    def __init__(self, decode: Callable[[Any], Any]) -> None:
        super().__init__()
        self.decode = decode

    def __missing__(self, text: Any) -> Any:
        value = self[text] = self.decode(text)
        return value


def _theme_ids_as_text(
    mentor_ids: frozenset[int] | None, theme_ids: frozenset[int] | None
) -> dict[int, str]:
    """Mentor id -> their theme ids as text ("3,7,12"): one row a mentor rather than one a
    theme, grouped by the database."""
    through = MentorProfile.themes.through.objects.order_by()
    if mentor_ids is not None:
        through = through.filter(mentorprofile_id__in=mentor_ids)
    if theme_ids is not None:
        through = through.filter(theme_id__in=theme_ids)
    return dict(
        through.values("mentorprofile_id")
        .annotate(ids=StringAgg(Cast("theme_id", TextField()), Value(",")))
        .values_list("mentorprofile_id", "ids")
    )


def _example_pathways(mentor_ids: frozenset[int] | None) -> dict[int, dict[int, str]]:
    """Mentor id -> {pathway id: title} of the published pathways their published story is an
    example of."""
    examples = Pathway.example_leaders.through.objects.filter(
        pathway__status=Status.PUBLISHED,
        leader__status=Status.PUBLISHED,
        leader__mentor_profile__isnull=False,
    ).order_by()
    if mentor_ids is not None:
        examples = examples.filter(leader__mentor_profile__in=mentor_ids)
    pathways: dict[int, dict[int, str]] = {}
    for mentor_id, pathway_id, title in examples.values_list(
        "leader__mentor_profile", "pathway_id", "pathway__title"
    ):
        pathways.setdefault(mentor_id, {})[pathway_id] = title
    return pathways


# Pages ----------------------------------------------------------------------------------------
# Reads for the mentoring pages, each with its joins decided once, so a page runs the same
# number of queries whatever the amount of data.


def mentor_directory(filters: dict) -> QuerySet[MentorProfile]:
    mentors = (
        MentorProfile.objects.with_free_places()
        .select_related("user", "leader")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "id")
    )
    for word in filters.get("name", "").split():
        # Every word in the first name, the last name, or the name on their published story.
        mentors = mentors.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(leader__status=Status.PUBLISHED, leader__name__icontains=word)
        )
    if filters.get("theme"):
        mentors = mentors.filter(themes__slug=filters["theme"])
    if filters.get("background"):
        mentors = mentors.filter(background=filters["background"])
    if filters.get("region"):
        mentors = mentors.filter(region=filters["region"])
    if filters.get("format"):
        # Formats are a JSON list of codes; no code is part of another, so a text match on the
        # quoted code is exact and works on SQLite and PostgreSQL alike.
        mentors = mentors.filter(formats__icontains=f'"{filters["format"]}"')
    if filters.get("accepting"):
        mentors = mentors.taking_requests()
    return mentors


def mentorship_of(user, pk: int) -> Mentorship:
    """A mentorship the user is a party to; anyone else gets 404, never a glimpse."""
    mentorship = (
        Mentorship.objects.select_related("mentee__user", "mentor__user", "mentor__leader")
        .filter(Q(mentee__user=user) | Q(mentor__user=user), pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship")
    return mentorship


def _mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related(
        "mentee__user", "mentor__user", "round_proposal"
    ).order_by("-requested_at")


def dashboard_for(user) -> dict:
    """What "My mentoring" shows: both sides of a person who may be mentee and mentor."""
    mentee = MenteeProfile.of(user)
    mentor = MentorProfile.objects.with_free_places().filter(user=user).first()
    as_mentee = list(_mentorships().filter(mentee__user=user)) if mentee else []
    as_mentor = list(_mentorships().filter(mentor__user=user)) if mentor else []
    Status = Mentorship.Status
    given = set(
        Feedback.objects.filter(
            Q(mentorship__mentee__user=user, role=Feedback.Role.MENTEE)
            | Q(mentorship__mentor__user=user, role=Feedback.Role.MENTOR)
        ).values_list("mentorship_id", flat=True)
    )
    finished = [Status.COMPLETED, Status.ENDED_EARLY]
    return {
        "mentee": mentee,
        "mentor": mentor,
        "mentee_requests": [m for m in as_mentee if m.status in Mentorship.OPEN_REQUEST],
        "mentee_active": [m for m in as_mentee if m.status == Status.ACTIVE],
        "mentee_past": [m for m in as_mentee if m.status not in Mentorship.OPEN],
        "mentor_requests": [m for m in as_mentor if m.status in Mentorship.OPEN_REQUEST],
        "mentor_active": [m for m in as_mentor if m.status == Status.ACTIVE],
        "mentor_past": [m for m in as_mentor if m.status not in Mentorship.OPEN],
        "needs_action": [
            *[
                (m, "Answer the mentor’s question")
                for m in as_mentee
                if m.status == Status.MORE_INFORMATION
            ],
            *[(m, "Answer this request") for m in as_mentor if m.status == Status.REQUESTED],
            *[
                (m, "Confirm or decline your proposed match")
                for m in as_mentee + as_mentor
                if m.status == Status.PROPOSED and awaits_confirmation(m, user)
            ],
            *[
                (m, "Tell us how it went")
                for m in as_mentee + as_mentor
                if m.status in finished and m.pk not in given
            ],
        ],
    }


def mentorship_page(mentorship: Mentorship, user) -> dict:
    """The mentorship page: what it shows, and `can`, what this person may do now."""
    role = mentorship.role_of(user)
    can = mentorship.actions_for(user)
    return {
        "mentorship": mentorship,
        "is_mentor": role == "mentor",
        "is_mentee": role == "mentee",
        "can": can,
        "history": mentorship.changes.select_related("actor").order_by("at", "id"),
        "goals": mentorship.agreed_goals.order_by("created_at", "id"),
        "sessions": mentorship.sessions.select_related("logged_by").order_by("-held_on", "-id"),
        "can_give_feedback": can["give_feedback"]
        and not mentorship.feedback.filter(role=role).exists(),
    }


def skill_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Current framework skills grouped by the role families whose role levels ask for them,
    families and skills in alphabetical order; skills no current role asks for come last,
    under "Other skills". Two queries."""
    skills = dict(Skill.objects.current().order_by("name").values_list("pk", "name"))
    groups: dict[str, dict[int, str]] = {}
    grouped: set[int] = set()
    for family, skill_id in (
        SkillRequirement.objects.current()
        .filter(skill__retired_at__isnull=True, role_level__retired_at__isnull=True)
        .order_by()
        .values_list("role_level__role__family__name", "skill_id")
        .distinct()
    ):
        groups.setdefault(family, {})[skill_id] = skills[skill_id]
        grouped.add(skill_id)
    choices = [
        (family, sorted(groups[family].items(), key=lambda item: item[1].casefold()))
        for family in sorted(groups, key=str.casefold)
    ]
    others = [(pk, name) for pk, name in skills.items() if pk not in grouped]
    if others:
        choices.append(("Other skills" if choices else "Skills", others))
    return choices


def skills_of_mentor(mentor: MentorProfile) -> QuerySet:
    """The skills a mentor offers, by name, with each skill: one query."""
    return mentor.skills.select_related("skill").order_by("skill__name")
