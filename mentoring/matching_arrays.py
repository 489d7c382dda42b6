"""matching.py's scoring as arrays: many pairs scored at once with numpy.

Pure Python and numpy over plain facts: no Django, no database. `matching.py` stays the one
place where a pair's score and reasons are defined; this module mirrors its hard rules and
weights rule for rule, so that a matching round (thousands of mentees by thousands of mentors)
and a mentee's own suggestions (one mentee by every mentor) can score whole cohorts without a
Python call per pair. Property tests hold the two to the same answer for random facts.

Mentors come in as columns (`MentorColumns`): one sequence per fact, one entry per mentor, so
that a page can build them straight from the rows of a query without a `MentorFacts` each.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from mentoring.matching import WEIGHTS, MenteeFacts, MentorFacts

LEVELS = 4  # the framework's skill levels: awareness, working, practitioner, expert


@dataclass(frozen=True, slots=True)
class MentorColumns:
    """Mentors' facts as columns, one entry per mentor, all in the same order."""

    ids: Sequence[int]
    user_ids: Sequence[int]
    theme_ids: Sequence[frozenset[int]]
    backgrounds: Sequence[str]
    regions: Sequence[str]
    formats: Sequence[frozenset[str]]
    pathway_ids: Sequence[frozenset[int]]
    organisations: Sequence[str]  # normalised with matching.normalise_organisation()
    lived_experience: Sequence[frozenset[str]]
    capacities: Sequence[int]
    active_mentees: Sequence[int]
    closed: Sequence[bool]  # paused or not accepting requests
    skills: Sequence[Mapping[int, int]]

    @classmethod
    def of(cls, mentors: Sequence[MentorFacts]) -> "MentorColumns":
        return cls(
            ids=[m.id for m in mentors],
            user_ids=[m.user_id for m in mentors],
            theme_ids=[m.theme_ids for m in mentors],
            backgrounds=[m.background for m in mentors],
            regions=[m.region for m in mentors],
            formats=[m.formats for m in mentors],
            pathway_ids=[m.pathway_ids for m in mentors],
            organisations=[m.organisation for m in mentors],
            lived_experience=[m.lived_experience for m in mentors],
            capacities=[m.capacity for m in mentors],
            active_mentees=[m.active_mentees for m in mentors],
            closed=[m.paused or not m.accepting_requests for m in mentors],
            skills=[m.skills for m in mentors],
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class MentorArrays:
    """Mentors' facts as numpy arrays, one row per mentor: sets as rows of bits, one bit per
    value numbered in the `*_index` dicts; single values as codes (-2 for none); skills as
    parallel arrays of (mentor row, skill id, level), one entry per skill offered.

    Built from `MentorColumns` by `of()`, or straight from the rows of a query by a page that
    scores every mentor for one mentee, without a Python object per mentor."""

    ids: np.ndarray
    user_ids: np.ndarray
    closed: np.ndarray  # paused, not accepting requests, or full
    has_space: np.ndarray  # at most half full
    themes: np.ndarray
    theme_index: dict
    formats: np.ndarray
    format_index: dict
    experience: np.ndarray
    experience_index: dict
    pathways: np.ndarray
    pathway_index: dict
    backgrounds: np.ndarray
    background_index: dict
    regions: np.ndarray
    region_index: dict
    organisations: np.ndarray
    organisation_index: dict
    skill_rows: np.ndarray
    skill_ids: np.ndarray
    skill_levels: np.ndarray

    @classmethod
    def of(cls, mentors: MentorColumns) -> "MentorArrays":
        indexes: list[dict] = [{} for _ in range(7)]
        capacity = np.array(mentors.capacities, dtype=np.int64)
        active = np.array(mentors.active_mentees, dtype=np.int64)
        skill_rows, skill_ids, skill_levels = [], [], []
        for row, offered in enumerate(mentors.skills):
            for skill_id, level in offered.items():
                skill_rows.append(row)
                skill_ids.append(skill_id)
                skill_levels.append(level)
        return cls(
            ids=np.array(mentors.ids, dtype=np.int64),
            user_ids=np.array(mentors.user_ids, dtype=np.int64),
            closed=np.array(mentors.closed, dtype=bool) | (active >= capacity),
            has_space=2 * active <= capacity,
            themes=bit_masks(mentors.theme_ids, indexes[0]),
            theme_index=indexes[0],
            formats=bit_masks(mentors.formats, indexes[1]),
            format_index=indexes[1],
            experience=bit_masks(mentors.lived_experience, indexes[2]),
            experience_index=indexes[2],
            pathways=bit_masks(mentors.pathway_ids, indexes[3]),
            pathway_index=indexes[3],
            backgrounds=value_codes(mentors.backgrounds, indexes[4], empty=-2),
            background_index=indexes[4],
            regions=value_codes(mentors.regions, indexes[5], empty=-2),
            region_index=indexes[5],
            organisations=value_codes(mentors.organisations, indexes[6], empty=-2),
            organisation_index=indexes[6],
            skill_rows=np.array(skill_rows, dtype=np.int64),
            skill_ids=np.array(skill_ids, dtype=np.int64),
            skill_levels=np.array(skill_levels, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.ids)


class ScoreArrays:
    """The facts of mentees and mentors as arrays, scored a block of mentees at a time."""

    def __init__(
        self, mentees: Sequence[MenteeFacts], mentors: MentorArrays | MentorColumns
    ) -> None:
        if isinstance(mentors, MentorColumns):
            mentors = MentorArrays.of(mentors)
        self.n, self.m = len(mentees), len(mentors)
        self.mentor_ids = mentors.ids
        # Mentees' values are looked up in the mentors' numbering: one that no mentor has
        # cannot be shared, so it needs no bit and no code of its own.
        self.mentor_themes = mentors.themes
        self.mentee_themes = _mentee_masks([m.theme_ids for m in mentees], mentors.theme_index)
        self.mentor_formats = mentors.formats
        self.mentee_formats = _mentee_masks([m.formats for m in mentees], mentors.format_index)
        self.mentee_has_formats = np.array([bool(m.formats) for m in mentees], dtype=bool)
        self.mentor_experience = mentors.experience
        self.mentee_experience = _mentee_masks(
            [m.preferred_experience for m in mentees], mentors.experience_index
        )
        self.mentor_pathways = mentors.pathways
        target = [mentors.pathway_index.get(m.target_pathway_id, -1) for m in mentees]
        self.pathway_word = np.array([max(t, 0) // 64 for t in target], dtype=np.int64)
        self.pathway_bit = np.array(
            [(1 << (t % 64)) if t >= 0 else 0 for t in target], dtype=np.uint64
        )
        self.mentor_background = mentors.backgrounds
        self.mentee_background = _mentee_codes(
            [m.background for m in mentees], mentors.background_index
        )
        self.mentor_region = mentors.regions
        self.mentee_region = _mentee_codes([m.region for m in mentees], mentors.region_index)
        self.mentor_organisation = mentors.organisations
        self.mentee_organisation = _mentee_codes(
            [m.organisation if m.mentor_outside_organisation else "" for m in mentees],
            mentors.organisation_index,
        )
        self.mentee_user = np.array([m.user_id for m in mentees], dtype=np.int64)
        self.mentor_user = mentors.user_ids
        self.mentor_closed = mentors.closed
        self.has_space = mentors.has_space
        self._skill_arrays(mentees, mentors)

    def _skill_arrays(self, mentees: Sequence[MenteeFacts], mentors: MentorArrays) -> None:
        """Skill gaps as a product of two matrices, one column (or row) per skill and level:
        the mentee's row holds each gap's size at (skill, required level); the mentor's column
        holds 1 at (skill, level) for every level up to the one they hold. Their product is
        the sum of the gaps a mentor covers, for every pair at once."""
        skills: dict[int, int] = {}
        rows, columns, sizes = [], [], []
        for row, mentee in enumerate(mentees):
            for skill_id, gap in mentee.gaps.items():
                column = skills.setdefault(skill_id, len(skills))
                rows.append(row)
                columns.append(column * LEVELS + gap.required_level - 1)
                sizes.append(gap.gap)
        width = max(1, len(skills) * LEVELS)
        self.mentee_gaps = csr_matrix(
            (np.array(sizes, dtype=np.int32), (rows, columns)), shape=(self.n, width)
        )
        held = np.zeros((width, self.m), dtype=np.int32)
        if skills and mentors.skill_ids.size:
            unique, inverse = np.unique(mentors.skill_ids, return_inverse=True)
            position = np.array([skills.get(int(s), -1) for s in unique], dtype=np.int64)[inverse]
            wanted = position >= 0
            offered = position[wanted]
            owners = mentors.skill_rows[wanted]
            # One cell for each level up to the one held: (skill, 0) .. (skill, level - 1).
            counts = np.minimum(mentors.skill_levels[wanted], LEVELS)
            entry = np.repeat(np.arange(counts.size), counts)
            level = np.arange(entry.size) - np.repeat(np.cumsum(counts) - counts, counts)
            held[offered[entry] * LEVELS + level, owners[entry]] = 1
        self.mentor_levels = held
        self.any_gaps = bool(skills)

    def points(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points of mentees [start, stop) with every mentor; which pairs matching.py's hard
        rules allow; and how many themes each pair shares."""
        w = WEIGHTS
        block = slice(start, stop)
        shared_themes = _shared_count(self.mentee_themes[block], self.mentor_themes)
        mentee_formats = self.mentee_formats[block]
        shared_formats = _shared_count(mentee_formats, self.mentor_formats) > 0
        formats_clash = (
            ~shared_formats
            & self.mentee_has_formats[block, None]
            & self.mentor_formats.any(axis=1)[None, :]
        )
        own_organisation = (
            self.mentee_organisation[block, None] == self.mentor_organisation[None, :]
        )
        allowed = (
            ~self.mentor_closed[None, :]
            & (self.mentee_user[block, None] != self.mentor_user[None, :])
            & ~own_organisation
            & ~formats_clash
        )
        points = w.shared_theme * shared_themes.astype(np.int32)
        if self.any_gaps:
            points += w.skill_gap * np.asarray(self.mentee_gaps[block] @ self.mentor_levels)
        pathway_words = self.mentor_pathways[:, self.pathway_word[block]].T
        walked = (pathway_words & self.pathway_bit[block, None]) != 0
        points += w.walked_target_pathway * walked
        points += w.same_background * (
            self.mentee_background[block, None] == self.mentor_background[None, :]
        )
        points += w.lived_experience * _shared_count(
            self.mentee_experience[block], self.mentor_experience
        ).astype(np.int32)
        points += w.same_region * (self.mentee_region[block, None] == self.mentor_region[None, :])
        points += w.format_preference * shared_formats
        points += w.has_space * self.has_space[None, :]
        return points, allowed, shared_themes

    def shared_themes(self, row: int) -> np.ndarray:
        """How many themes mentee `row` shares with each mentor."""
        return _shared_count(self.mentee_themes[row : row + 1], self.mentor_themes)[0]


def best_mentors(
    mentee: MenteeFacts,
    mentors: MentorArrays | MentorColumns,
    *,
    exclude_mentor_ids: Iterable[int] = (),
    limit: int = 10,
) -> list[tuple[int, int]]:
    """matching.suggest() ranked with arrays: the best `limit` (mentor id, points), highest
    points first, then lowest mentor id. No reasons: build them for these few only."""
    if limit <= 0 or len(mentors) == 0:
        return []
    arrays = ScoreArrays([mentee], mentors)
    points, allowed, _ = arrays.points(0, 1)
    points, allowed = points[0], allowed[0]
    excluded = list(exclude_mentor_ids)
    if excluded:
        allowed &= ~np.isin(arrays.mentor_ids, np.array(excluded, dtype=np.int64))
    columns = np.flatnonzero(allowed)
    if columns.size > limit:
        # Only the best `limit` are sorted: the rest need only be known to be worse.
        top = np.argpartition(-points[columns], limit - 1)[:limit]
        cut = points[columns[top]].min()
        columns = columns[points[columns] >= cut]  # every mentor tied at the cut competes
    order = np.lexsort((arrays.mentor_ids[columns], -points[columns]))[:limit]
    chosen = columns[order]
    return list(
        zip(arrays.mentor_ids[chosen].tolist(), points[chosen].astype(int).tolist(), strict=True)
    )


def bit_masks(sets: Sequence[Iterable], index: dict) -> np.ndarray:
    """One row of bits per set, a bit per value (values numbered in `index` as they come).
    Equal sets share a few hundred distinct values among thousands of people: each distinct
    set is worked out once."""
    distinct: dict = {}
    position = np.empty(len(sets), dtype=np.int64)
    for row, values in enumerate(sets):
        key = values if isinstance(values, frozenset) else frozenset(values)
        found = distinct.get(key)
        if found is None:
            found = distinct[key] = len(distinct)
            for value in key:
                index.setdefault(value, len(index))
        position[row] = found
    words = max(1, (len(index) + 63) // 64)
    masks = np.zeros((len(distinct), words), dtype=np.uint64)
    for values, row in distinct.items():
        for value in values:
            bit = index[value]
            masks[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    if not len(sets):
        return np.zeros((0, words), dtype=np.uint64)
    return masks[position]


def _mentee_masks(sets: Sequence[Iterable], index: dict) -> np.ndarray:
    """Rows of bits in the mentors' numbering `index`, leaving out values it lacks."""
    words = max(1, (len(index) + 63) // 64)
    masks = np.zeros((len(sets), words), dtype=np.uint64)
    for row, values in enumerate(sets):
        for value in values:
            bit = index.get(value)
            if bit is not None:
                masks[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    return masks


def _mentee_codes(values: Sequence[str], index: dict) -> np.ndarray:
    """Codes in the mentors' numbering; -1 (which matches nothing) for none or one it lacks."""
    return np.array([index.get(value, -1) if value else -1 for value in values], dtype=np.int64)


def value_codes(values: Sequence[str], index: dict, *, empty: int) -> np.ndarray:
    """Equal values get equal codes; an empty value gets `empty`, which matches nothing.
    Each distinct value is looked at once, then every one is coded in a single pass."""
    code = {
        value: index.setdefault(value, len(index)) if value else empty
        for value in dict.fromkeys(values)
    }
    return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))


def _shared_count(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For rows of bit masks, the number of bits each left row shares with each right row."""
    total = np.zeros((left.shape[0], right.shape[0]), dtype=np.int16)
    for word in range(left.shape[1]):
        total += np.bitwise_count(left[:, None, word] & right[None, :, word])
    return total
