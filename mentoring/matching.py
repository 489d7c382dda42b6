"""Who might mentor whom, and why: scores and plain-word reasons from plain facts.

Pure Python over plain data: no Django, no database. `mentoring/mentorships/selectors.py` turns
profiles into
`MenteeFacts` and `MentorFacts`; this module only compares them. The same scoring serves a
mentee's own suggestions and a coordinator's matching round, so it is kept cheap per pair:
sets are built once per person, and `points()` scores a pair without building any words.

A pair either is excluded by a hard rule (`None`) or earns a whole number of points, one amount
per reason, all in `WEIGHTS`. Same facts in, same scores, reasons and order out.

A reason is kept as what it is about (`Reason`), not as words: the words depend on who reads
them. The mentee reads "shares 2 of your themes"; a coordinator looking at a cohort reads
"shares 2 of Priya's themes". `reason_words` writes them for an `Audience`.
"""

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


@dataclass(frozen=True)
class Weights:
    """Points a pair earns for each reason. The only place a weight is set.

    Shared themes weigh most because they are what a mentee asks for help with; each one
    counts, and a mentee picks at most three. A mentor who walked the pathway the mentee aims
    for, or who started from the same background, has been where the mentee is. A lived
    experience tag counts only when the mentee asked for it, and then for each tag that
    matches. A mentor who holds a skill at the level the mentee's target role asks, where the
    mentee's own self-assessment falls short, can help close that gap: each level of gap counts.
    Region, format and free space break ties between otherwise similar mentors.
    """

    shared_theme: int = 30
    # For each level of a skill gap the mentor can help close: a mentee two levels short of
    # what their target role asks gains twice what one level short does.
    skill_gap: int = 5
    walked_target_pathway: int = 25
    same_background: int = 20
    lived_experience: int = 20
    same_region: int = 10
    format_preference: int = 5
    has_space: int = 5


WEIGHTS = Weights()

# The words of the reasons, keyed by the values the profiles store. Tests check that every
# choice offered on the profile forms has its words here.
# "{them}" is the mentee: "you" to the mentee, their name to anyone else.
BACKGROUND_REASONS = {
    "clinical": "clinician turned digital leader, like {them}",
    "technical": "also from a technical background",
    "non-technical": "also from a non-technical background",
    "other-industry": "also came into the NHS from another industry",
}
REGION_REASONS = {
    "east-of-england": "also in the East of England",
    "london": "also in London",
    "midlands": "also in the Midlands",
    "north-east-and-yorkshire": "also in the North East and Yorkshire",
    "north-west": "also in the North West",
    "south-east": "also in the South East",
    "south-west": "also in the South West",
    "scotland": "also in Scotland",
    "wales": "also in Wales",
    "northern-ireland": "also in Northern Ireland",
    "outside-uk": "also based outside the UK",
}
FORMAT_WORDS = {
    "video": "video calls",
    "phone": "phone calls",
    "in-person": "meetings in person",
}
EXPERIENCE_WORDS = {
    "woman-in-digital-leadership": "woman in digital leadership",
    "ethnic-minority": "from a Black, Asian or minority ethnic background",
    "clinician-turned-digital": "clinician turned digital leader",
    "career-changer": "career changer",
    "carer": "carer",
    "disabled": "disabled",
    "lgbtq": "LGBTQ+",
}
HAS_SPACE_REASON = "has space now"


class Audience(StrEnum):
    """Who reads a reason: the mentee it is about, or a coordinator looking at the mentee."""

    MENTEE = "mentee"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a mentor suits a mentee, as facts: `kind` and the values it names (theme names,
    a pathway's title, region or format codes). Stored as JSON by matching rounds."""

    kind: str
    values: tuple[str, ...] = ()

    def as_data(self) -> dict:
        return {"kind": self.kind, "values": list(self.values)}

    @classmethod
    def from_data(cls, data: Mapping) -> "Reason":
        return cls(kind=data["kind"], values=tuple(data.get("values", ())))


def reason_words(reason: Reason, *, audience: Audience, mentee_name: str = "") -> str:
    """A reason in words for `audience`: the one place they are written.

    `mentee_name` names the mentee to anyone but the mentee ("the mentee" when empty).
    """
    if audience == Audience.MENTEE:
        them, their, prefers, asked, chose = "you", "your", "you prefer", "you asked", "you chose"
    else:
        them = mentee_name.strip() or "the mentee"
        their = f"{them}'s"
        prefers, asked, chose = f"{them} prefers", f"{them} asked", f"{them} chose"
    values = reason.values
    match reason.kind:
        case "shared-themes":
            return f"shares {len(values)} of {their} themes: {', '.join(values)}"
        case "skill-gaps":
            return f"can help with {len(values)} of {their} skill gaps: {', '.join(values)}"
        case "walked-pathway":
            return f"walked the pathway {chose}: {values[0]}"
        case "same-background":
            words = BACKGROUND_REASONS.get(values[0], "from the same background as {them}")
            return words.format(them=them)
        case "lived-experience":
            tag = values[0]
            return f"{EXPERIENCE_WORDS.get(tag, tag.replace('-', ' '))}, as {asked}"
        case "same-region":
            return REGION_REASONS.get(values[0], "same region")
        case "formats":
            return f"offers {_and_list([FORMAT_WORDS.get(f, f) for f in values])}, as {prefers}"
        case "has-space":
            return HAS_SPACE_REASON
    raise ValueError(f"No words for a reason of kind {reason.kind!r}")


def reasons_in_words(
    reasons: Sequence[Reason | Mapping | str], *, audience: Audience, mentee_name: str = ""
) -> list[str]:
    """Reasons in words, from `Reason`s or as a matching round stored them (JSON). Words
    stored by rounds proposed before reasons were kept as facts are shown as they are."""
    return [
        reason
        if isinstance(reason, str)
        else reason_words(
            reason if isinstance(reason, Reason) else Reason.from_data(reason),
            audience=audience,
            mentee_name=mentee_name,
        )
        for reason in reasons
    ]


def normalise_organisation(name: str) -> str:
    """ "NHS  England " and "nhs england" are the same organisation."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A skill the mentee's target role asks for at `required_level` (1 to 4), where their own
    latest self-assessment is `gap` levels short."""

    name: str
    required_level: int
    gap: int


_NO_GAPS: Mapping[int, SkillGap] = MappingProxyType({})
_NO_SKILLS: Mapping[int, int] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MenteeFacts:
    id: int
    user_id: int
    themes: Mapping[int, str] = field(hash=False)  # theme id -> name, as the mentee chose them
    background: str
    region: str
    formats: frozenset[str]
    target_pathway_id: int | None
    target_pathway_title: str
    organisation: str  # normalised with normalise_organisation()
    preferred_experience: frozenset[str]
    mentor_outside_organisation: bool
    # skill id -> the gap, from the latest self-assessment of their career plan
    gaps: Mapping[int, SkillGap] = field(default=_NO_GAPS, hash=False)
    theme_ids: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "theme_ids", frozenset(self.themes))


# Not frozen: a frozen dataclass is ten times slower to build, and a suggestion page builds one
# for every mentor. Treat it as read-only all the same.
@dataclass(slots=True)
class MentorFacts:
    id: int
    user_id: int
    name: str
    theme_ids: frozenset[int]
    background: str
    region: str
    formats: frozenset[str]
    pathway_ids: frozenset[int]  # published pathways their published story is an example of
    pathway_titles: tuple[str, ...]
    organisation: str  # normalised with normalise_organisation()
    lived_experience: frozenset[str]  # only the tags they chose to show
    capacity: int
    active_mentees: int
    accepting_requests: bool = True
    paused: bool = False
    skills: Mapping[int, int] = _NO_SKILLS  # framework skill id -> the level they hold it at


@dataclass(frozen=True, slots=True)
class Suggestion:
    mentor_id: int
    score: int
    reasons: tuple[Reason, ...]


def points(mentee: MenteeFacts, mentor: MentorFacts) -> int | None:
    """The pair's score, or None when a hard rule keeps them apart. No words: for ranking many."""
    return _assess(mentee, mentor, None)


def score(mentee: MenteeFacts, mentor: MentorFacts) -> Suggestion | None:
    """The pair's score with its reasons, or None when a hard rule keeps them apart."""
    reasons: list[Reason] = []
    total = _assess(mentee, mentor, reasons)
    if total is None:
        return None
    return Suggestion(mentor_id=mentor.id, score=total, reasons=tuple(reasons))


def suggest(
    mentee: MenteeFacts,
    mentors: Iterable[MentorFacts],
    *,
    exclude_mentor_ids: frozenset[int],
    limit: int = 10,
) -> list[Suggestion]:
    """The best `limit` mentors for the mentee: highest score first, then lowest mentor id.

    `exclude_mentor_ids` are mentors the mentee already had or asked, whatever came of it.
    Only the best `limit` are kept while scoring, so `mentors` can stream from the database.
    """
    if limit <= 0:
        return []
    # A min-heap of the best so far, worst at the top: (score, -id) orders lower ids first on a
    # tie, and the position keeps two entries for the same mentor from being compared.
    best: list[tuple[int, int, int, MentorFacts]] = []
    for position, mentor in enumerate(mentors):
        if mentor.id in exclude_mentor_ids:
            continue
        total = _assess(mentee, mentor, None)
        if total is None:
            continue
        entry = (total, -mentor.id, -position, mentor)
        if len(best) < limit:
            heapq.heappush(best, entry)
        elif entry > best[0]:
            heapq.heapreplace(best, entry)
    # Words are built only for the few that are shown, not for every mentor scored.
    return [score(mentee, entry[3]) for entry in sorted(best, reverse=True)]


def _assess(mentee: MenteeFacts, mentor: MentorFacts, reasons: list[Reason] | None) -> int | None:
    """Hard rules, then points, appending the reasons when asked: one place for both, so a
    score and its explanation cannot drift apart."""
    if (
        mentor.paused
        or not mentor.accepting_requests
        or mentor.active_mentees >= mentor.capacity
        or mentor.user_id == mentee.user_id
        or (
            mentee.mentor_outside_organisation
            and mentee.organisation
            and mentor.organisation == mentee.organisation
        )
    ):
        return None
    shared_formats = mentee.formats & mentor.formats
    if not shared_formats and mentee.formats and mentor.formats:
        return None

    weights = WEIGHTS
    total = 0
    shared_themes = mentee.theme_ids & mentor.theme_ids
    if shared_themes:
        total += weights.shared_theme * len(shared_themes)
        if reasons is not None:
            names = sorted(
                (_lower_first(mentee.themes[theme_id]) for theme_id in shared_themes),
                key=str.casefold,
            )
            reasons.append(Reason("shared-themes", tuple(names)))
    if mentee.gaps and mentor.skills:
        held = mentor.skills
        covered = [
            (skill_id, gap)
            for skill_id, gap in mentee.gaps.items()
            if held.get(skill_id, 0) >= gap.required_level
        ]
        if covered:
            total += weights.skill_gap * sum(gap.gap for _, gap in covered)
            if reasons is not None:
                # Largest gaps first: what the mentee most needs help with leads.
                names = [
                    _lower_first(gap.name)
                    for _, gap in sorted(covered, key=lambda c: (-c[1].gap, c[1].name.casefold()))
                ]
                reasons.append(Reason("skill-gaps", tuple(names)))
    if mentee.target_pathway_id is not None and mentee.target_pathway_id in mentor.pathway_ids:
        total += weights.walked_target_pathway
        if reasons is not None:
            reasons.append(Reason("walked-pathway", (mentee.target_pathway_title,)))
    if mentee.background and mentor.background == mentee.background:
        total += weights.same_background
        if reasons is not None:
            reasons.append(Reason("same-background", (mentee.background,)))
    if mentee.preferred_experience:
        shared_experience = mentee.preferred_experience & mentor.lived_experience
        if shared_experience:
            total += weights.lived_experience * len(shared_experience)
            if reasons is not None:
                reasons += [
                    Reason("lived-experience", (tag,))
                    for tag in _in_order(shared_experience, EXPERIENCE_WORDS)
                ]
    if mentee.region and mentor.region == mentee.region:
        total += weights.same_region
        if reasons is not None:
            reasons.append(Reason("same-region", (mentee.region,)))
    if shared_formats:
        total += weights.format_preference
        if reasons is not None:
            reasons.append(Reason("formats", tuple(_in_order(shared_formats, FORMAT_WORDS))))
    # Every mentor suggested has a place free; one at most half full is likelier to say yes
    # soon, and favouring them spreads requests instead of piling them on a few people.
    if 2 * mentor.active_mentees <= mentor.capacity:
        total += weights.has_space
        if reasons is not None:
            reasons.append(Reason("has-space"))
    return total


def _in_order(values: frozenset[str], known: Mapping[str, str]) -> list[str]:
    """Known values in the order the product lists them, then any others alphabetically."""
    return [value for value in known if value in values] + sorted(values - known.keys())


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _lower_first(name: str) -> str:
    """A theme name inside a sentence: "Change management" reads "change management", but
    "EPR adoption" and "NHS App" keep their capitals."""
    first_word = name.split(maxsplit=1)[0] if name.strip() else name
    if any(letter.isupper() for letter in first_word[1:]):
        return name
    return name[:1].lower() + name[1:]
