"""Reads that mentoring pages share, with their queries decided here once."""

import copy
import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Prefetch, Q, QuerySet, StringAgg, TextField, Value
from django.db.models.functions import Cast
from django.http import Http404

from mentoring.agreements import selectors as agreement_selectors
from mentoring.health import selectors as health_selectors
from mentoring.matching import (
    MenteeFacts,
    MentorFacts,
    Suggestion,
    normalise_organisation,
    score,
)
from mentoring.matching_arrays import MentorArrays, best_mentors, bit_masks, value_codes
from mentoring.mentorships import mentor_snapshot
from mentoring.models import (
    Feedback,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    MentorSkill,
    PairExclusion,
)
from mentoring.outcomes import selectors as outcome_selectors
from mentoring.plans.selectors import plans_shared_with, skill_gaps_by_person
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
    order: active accounts, not paused, accepting requests, with a free place. Five queries.

    With `theme_ids`, each mentor's `theme_ids` holds only those of them, and with `skill_ids`
    their `skills` only those: all that scoring for a mentee who chose those themes and has
    those gaps looks at, for a fraction of the rows.
    """
    loaded = _load_mentors(mentor_ids=mentor_ids, theme_ids=theme_ids, skill_ids=skill_ids)
    return [loaded.facts(row) for row in range(len(loaded.ids))]


@dataclass
class _LoadedMentors:
    """What the five queries of `_load_mentors` read, kept as rows and arrays: turned into
    `MentorArrays` for scoring every mentor at once, and into `MentorFacts` only for the few
    whose reasons are shown."""

    # Ten columns, one entry per mentor in id order: pk, user id, first name, last name,
    # background, region, organisation, capacity, formats and lived experience as JSON text.
    columns: list[Sequence]
    active: np.ndarray  # places held
    themes_of: dict[int, str]  # mentor id -> "3,7,12"
    pathways: dict[int, dict[int, str]]
    skill_rows: np.ndarray
    skill_ids: np.ndarray
    skill_levels: np.ndarray
    ids: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.ids = np.array(self.columns[0], dtype=np.int64)
        self.tag_sets = _DecodedOnce(lambda text: frozenset(json.loads(text) if text else ()))
        self.theme_sets = _DecodedOnce(
            lambda text: frozenset(map(int, text.split(","))) if text else _NONE
        )
        self.organisations = _DecodedOnce(normalise_organisation)

    def row_of(self, mentor_id: int) -> int:
        return int(np.searchsorted(self.ids, mentor_id))

    def facts(self, row: int) -> MentorFacts:
        pk, user_id, first, last, background, region, organisation, capacity, formats, lived = (
            column[row] for column in self.columns
        )
        mentor_pathways = self.pathways.get(pk)
        low, high = np.searchsorted(self.skill_rows, [row, row + 1])
        return MentorFacts(
            id=pk,
            user_id=user_id,
            name=f"{first} {last}".strip(),
            theme_ids=self.theme_sets[self.themes_of.get(pk)],
            background=background,
            region=region,
            formats=self.tag_sets[formats],
            pathway_ids=frozenset(mentor_pathways) if mentor_pathways else _NONE,
            pathway_titles=tuple(sorted(mentor_pathways.values())) if mentor_pathways else (),
            organisation=self.organisations[organisation],
            lived_experience=self.tag_sets[lived],
            capacity=capacity,
            active_mentees=int(self.active[row]),
            skills=dict(
                zip(
                    self.skill_ids[low:high].tolist(),
                    self.skill_levels[low:high].tolist(),
                    strict=True,
                )
            ),
        )

    def arrays(self) -> MentorArrays:
        """Every mentor's facts as arrays, column by column: a few operations per mentor, each
        distinct list of themes, formats or tags decoded once."""
        _, user_ids, _, _, backgrounds, regions, organisations, capacities, formats, lived = (
            self.columns
        )
        capacity = np.array(capacities, dtype=np.int64)
        indexes: list[dict] = [{} for _ in range(7)]
        ids = self.ids.tolist()
        pathway_sets = {pk: frozenset(titles) for pk, titles in self.pathways.items()}
        return MentorArrays(
            ids=self.ids,
            user_ids=np.array(user_ids, dtype=np.int64),
            # Everyone loaded takes requests and has a place: the queries left out the rest.
            closed=np.zeros(len(ids), dtype=bool),
            has_space=2 * self.active <= capacity,
            themes=_text_masks(list(map(self.themes_of.get, ids)), self.theme_sets, indexes[0]),
            theme_index=indexes[0],
            formats=_text_masks(formats, self.tag_sets, indexes[1]),
            format_index=indexes[1],
            experience=_text_masks(lived, self.tag_sets, indexes[2]),
            experience_index=indexes[2],
            pathways=_text_masks(
                list(map(pathway_sets.get, ids)), lambda values: values or _NONE, indexes[3]
            ),
            pathway_index=indexes[3],
            backgrounds=_text_codes(backgrounds, indexes[4]),
            background_index=indexes[4],
            regions=_text_codes(regions, indexes[5]),
            region_index=indexes[5],
            organisations=_text_codes(
                list(map(self.organisations.__getitem__, organisations)), indexes[6]
            ),
            organisation_index=indexes[6],
            skill_rows=self.skill_rows,
            skill_ids=self.skill_ids,
            skill_levels=self.skill_levels,
        )


def _text_masks(texts: Sequence, decode: Callable | Mapping, index: dict) -> np.ndarray:
    """Rows of bits (see matching_arrays.MentorArrays) for values given as text, decoding and
    numbering each distinct text once."""
    distinct = {text: row for row, text in enumerate(dict.fromkeys(texts))}
    position = np.fromiter(map(distinct.__getitem__, texts), dtype=np.int64, count=len(texts))
    if isinstance(decode, Mapping):
        decode = decode.__getitem__
    masks = bit_masks([decode(text) for text in distinct], index)
    return masks[position] if len(texts) else masks[:0]


def _text_codes(values: Sequence[str], index: dict) -> np.ndarray:
    return value_codes(values, index, empty=-2)


# The columns _load_mentors reads, in order, and what stands in for those a mentee's scoring
# does not look at.
_COLUMNS = {
    "pk": None,
    "user_id": None,
    "user__first_name": "",
    "user__last_name": "",
    "background": None,
    "region": None,
    "organisation": "",
    "capacity": None,
    # Lists come as text and are decoded once per distinct value: mentors share a few hundred
    # lists of formats and tags, and decoding every mentor's own through the JSON field
    # tripled the time it takes to load them.
    "formats": None,
    "lived_experience": "",
}
_AS_TEXT = {"formats", "lived_experience"}


def _load_mentors(
    *,
    mentor_ids: frozenset[int] | None,
    theme_ids: frozenset[int] | None,
    skill_ids: frozenset[int] | None,
    leave_out: frozenset[str] = frozenset(),
    with_free_place: bool = True,
) -> _LoadedMentors:
    """`leave_out`: columns not read (names, organisation, lived experience), empty instead.
    `with_free_place=False` keeps mentors whose places are all held, and counts no places
    held (one query fewer): for a snapshot that outlives them (`_MentorSnapshot`)."""
    # MentorProfile.objects.taking_requests(), in two reads: the places each mentor holds are
    # counted once for everyone rather than by a sub-query for each mentor, which PostgreSQL
    # plans as costly enough to compile it to machine code first (more time than the query).
    mentors = MentorProfile.objects.filter(
        accepting_requests=True, paused_at__isnull=True, user__is_active=True
    ).order_by("pk")
    if mentor_ids is not None:
        mentors = mentors.filter(pk__in=mentor_ids)
    read = [name for name in _COLUMNS if name not in leave_out]
    rows = _fetch_rows(
        mentors.values_list(
            *(Cast(name, TextField()) if name in _AS_TEXT else name for name in read)
        )
    )
    found = dict(zip(read, zip(*rows, strict=True) if rows else [()] * len(read), strict=True))
    columns: list[Sequence] = [
        found[name] if name in found else [stand_in] * len(rows)
        for name, stand_in in _COLUMNS.items()
    ]
    held = _places_held(mentor_ids) if with_free_place else {}
    active = np.fromiter(
        map(held.get, columns[0], repeat(0)), dtype=np.int64, count=len(columns[0])
    )
    free = np.array(columns[7], dtype=np.int64) > active
    if not free.all():
        keep = free.tolist()
        columns = [list(compress(column, keep)) for column in columns]
        active = active[free]
    ids = np.array(columns[0], dtype=np.int64)
    offered = _fetch_rows(
        MentorSkill.objects.filter(
            **({"mentor_id__in": mentor_ids} if mentor_ids is not None else {}),
            **({"skill_id__in": skill_ids} if skill_ids is not None else {}),
        )
        .order_by("mentor_id", "skill_id")
        .values_list("mentor_id", "skill_id", "level")
    )
    skill_mentors, offered_skills, levels = (
        (np.array(column, dtype=np.int64) for column in zip(*offered, strict=True))
        if offered
        else (np.zeros(0, dtype=np.int64) for _ in range(3))
    )
    # Mentor ids to rows; skills of mentors not loaded (no place free, say) are left out.
    skill_rows = np.searchsorted(ids, skill_mentors)
    known = skill_rows < ids.size
    known[known] = ids[skill_rows[known]] == skill_mentors[known]
    return _LoadedMentors(
        columns=columns,
        active=active,
        themes_of=_theme_ids_as_text(mentor_ids, theme_ids),
        pathways=_example_pathways(mentor_ids),
        skill_rows=skill_rows[known],
        skill_ids=offered_skills[known],
        skill_levels=levels[known],
    )


def _fetch_rows(queryset: QuerySet) -> list[tuple]:
    """A values_list() queryset's rows straight from the database cursor. For reads of every
    mentor at once, whose columns need no conversion (numbers and text): Django's per-row
    work is the larger part of reading ten thousand rows otherwise."""
    if queryset.query.is_empty():
        return []
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def linked_mentor_ids(mentee_profile: MenteeProfile) -> frozenset[int]:
    """Mentors the mentee has ever asked or had, whatever came of it, and those a pairing
    check kept her apart from: not suggested again. One query."""
    # Unordered, each part and the whole: the models' default orders name columns the union
    # does not select.
    return frozenset(
        Mentorship.objects.filter(mentee=mentee_profile, mentor__isnull=False)
        .order_by()
        .values_list("mentor_id", flat=True)
        .union(
            PairExclusion.objects.filter(mentee=mentee_profile)
            .order_by()
            .values_list("mentor_id", flat=True)
        )
        .order_by()
    )


def suggestions_for(
    mentee_profile: MenteeProfile, *, limit: int = 10
) -> list[tuple[MentorProfile, Suggestion]]:
    """The mentee's best mentors with the reasons, best first, in seven queries whatever the
    number of mentors (six when there is nobody to suggest; one fewer when the mentee has no
    skill gaps), plus four when this process reads the mentors' facts afresh (after any of
    them changed: mentor_snapshot.py)."""
    mentee = mentee_facts(mentee_profile)
    snapshot = mentor_snapshot.kept_or_built(MentorProfile.objects.db, _MentorSnapshot.build)
    loaded, arrays = snapshot.for_mentee(mentee, held=_places_held(None))
    # Every mentor is scored at once with arrays; words are built for the few shown only.
    best = best_mentors(
        mentee,
        arrays,
        exclude_mentor_ids=linked_mentor_ids(mentee_profile),
        limit=limit,
    )
    ranked = [score(mentee, loaded.facts(loaded.row_of(mentor_id))) for mentor_id, _ in best]
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


class _MentorSnapshot:
    """Every mentor who takes requests (active account, accepting, not paused), whatever their
    places, with the facts scoring reads: kept per process while the mentor facts stamp holds
    (mentor_snapshot.py). What changes with every mentorship or story, the places held and
    the example pathways, is added for each mentee by `for_mentee`."""

    def __init__(self, loaded: _LoadedMentors) -> None:
        self.loaded = loaded
        self.arrays = loaded.arrays()
        self.capacity = np.array(loaded.columns[7], dtype=np.int64)
        # The skills offered again, ordered by skill, so a mentee's gaps pick theirs by search.
        by_skill = np.argsort(self.arrays.skill_ids, kind="stable")
        self.skill_order = (
            self.arrays.skill_ids[by_skill],
            self.arrays.skill_rows[by_skill],
            self.arrays.skill_levels[by_skill],
        )

    @classmethod
    def build(cls) -> "_MentorSnapshot":
        return cls(
            _load_mentors(
                mentor_ids=None,
                theme_ids=None,
                skill_ids=None,
                # Names are in no score or reason: the page shows the profiles it reads.
                leave_out=frozenset({"user__first_name", "user__last_name"}),
                with_free_place=False,
            )
        )

    def for_mentee(
        self, mentee: MenteeFacts, *, held: dict[int, int]
    ) -> tuple[_LoadedMentors, MentorArrays]:
        """The snapshot with `held`, the places each mentor's mentorships hold now (a full
        mentor is closed), the example pathways as they are now (one query), and only the
        skills of the mentee's gaps."""
        ids = self.arrays.ids
        active = np.zeros(ids.size, dtype=np.int64)
        if held and ids.size:
            mentor_ids = np.fromiter(held, dtype=np.int64, count=len(held))
            rows = np.minimum(np.searchsorted(ids, mentor_ids), ids.size - 1)
            found = ids[rows] == mentor_ids
            active[rows[found]] = np.fromiter(held.values(), dtype=np.int64, count=len(held))[found]
        pathways = _example_pathways(None)
        loaded = copy.copy(self.loaded)
        loaded.active, loaded.pathways = active, pathways
        # Only the mentee's target pathway is scored: one bit, set for mentors who walked it.
        walked = np.zeros((ids.size, 1), dtype=np.uint64)
        target = mentee.target_pathway_id
        examples = [pk for pk, titles in pathways.items() if target in titles]
        if examples and ids.size:
            rows = np.searchsorted(ids, examples)
            rows = rows[rows < ids.size]
            walked[rows[np.isin(ids[rows], examples)], 0] = 1
        skill_ids, skill_rows, skill_levels = self.skill_order
        gaps = np.array(sorted(mentee.gaps), dtype=np.int64)
        low = np.searchsorted(skill_ids, gaps, side="left")
        high = np.searchsorted(skill_ids, gaps, side="right")
        picked = (
            np.concatenate([np.arange(a, b) for a, b in zip(low, high, strict=True)])
            if gaps.size
            else np.zeros(0, dtype=np.int64)
        )
        arrays = dataclasses.replace(
            self.arrays,
            closed=active >= self.capacity,
            has_space=2 * active <= self.capacity,
            pathways=walked,
            pathway_index={target: 0} if examples else {},
            skill_rows=skill_rows[picked],
            skill_ids=skill_ids[picked],
            skill_levels=skill_levels[picked],
        )
        return loaded, arrays


_NONE: frozenset = frozenset()


class _DecodedOnce(dict):
    """Text -> its decoded value, decoding each distinct text once."""

    def __init__(self, decode: Callable[[Any], Any]) -> None:
        super().__init__()
        self.decode = decode

    def __missing__(self, text: Any) -> Any:
        value = self[text] = self.decode(text)
        return value


def _places_held(mentor_ids: frozenset[int] | None) -> dict[int, int]:
    """Mentor id -> the places their mentorships hold (as MentorProfileQuerySet
    .with_free_places counts them), for mentors who hold any."""
    holding = Mentorship.objects.filter(status__in=Mentorship.HOLDS_PLACE, mentor__isnull=False)
    if mentor_ids is not None:
        holding = holding.filter(mentor_id__in=mentor_ids)
    return dict(
        holding.order_by().values("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n")
    )


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
        _fetch_rows(
            through.values("mentorprofile_id")
            .annotate(ids=StringAgg(Cast("theme_id", TextField()), Value(",")))
            .values_list("mentorprofile_id", "ids")
        )
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
    finished = Mentorship.FINISHED
    return {
        "mentee": mentee,
        "mentor": mentor,
        "mentee_requests": [m for m in as_mentee if m.status in Mentorship.OPEN_REQUEST],
        "mentee_active": [m for m in as_mentee if m.status == Status.ACTIVE],
        "mentee_past": [m for m in as_mentee if m.status not in Mentorship.OPEN],
        "mentor_requests": [m for m in as_mentor if m.status in Mentorship.OPEN_REQUEST],
        "mentor_active": [m for m in as_mentor if m.status == Status.ACTIVE],
        "mentor_past": [m for m in as_mentor if m.status not in Mentorship.OPEN],
        # Only a mentor with a mentee now can have a plan shared with them.
        "health": health_selectors.for_dashboard(user) if mentee or mentor else [],
        "shared_plans": plans_shared_with(user)
        if any(m.status == Status.ACTIVE for m in as_mentor)
        else [],
        "agreements_waiting": agreement_selectors.for_dashboard(user) if mentee or mentor else [],
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
        "health": health_selectors.for_mentorship_page(mentorship),
        "can_give_feedback": can["give_feedback"]
        and not mentorship.feedback.filter(role=role).exists(),
        "outcomes": outcome_selectors.for_mentorship_page(mentorship, user),
        "agreement": agreement_selectors.for_mentorship_page(mentorship, user),
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
