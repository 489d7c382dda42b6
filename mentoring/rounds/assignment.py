"""A matching round's assignment: every mentee in the cohort with at most one mentor, every
mentor with at most their places, and the total score as high as it can possibly be.

Pure Python and numpy over plain facts: no Django, no database. `mentoring/rounds/services.py`
loads the facts and stores what comes back. The score of a pair is the one `matching.py` gives
it (the same `WEIGHTS`, the same hard rules), so a round and a mentee's own suggestions never
disagree about who suits whom. A round adds one rule of its own: a pair must share at least one
theme, because a theme is what a mentee asked for help with.

How it stays both exact and small
---------------------------------
Written as a linear programme, the round is a transportation problem: maximise the sum of the
chosen pairs' weights with each mentee in at most one pair and each mentor in at most their
number of places. Its optimum is an assignment of whole pairs, and it is proved optimal by
prices (the LP dual): a price `u` for each mentee and `v` for each mentor, none negative, with
`u + v` at least the weight of every allowed pair, exactly the weight of each chosen pair, and
zero for an unmatched mentee or a mentor with a place left. Whoever holds such prices holds a
certificate that no other assignment scores more.

Every pair of 10,000 mentees and 3,000 mentors would be 30 million candidates, too many to hold.
So the assignment is found on the best few dozen mentors of each mentee only (an exact sparse
assignment over copies of each mentor, one per place, with a "no mentor" option per mentee),
prices are worked out from it, and then every allowed pair is checked against them, a block of
mentees at a time so the full table never exists. A pair the prices do not cover could improve
the answer: such pairs join the candidates and the assignment is found again. When no pair is
left uncovered the prices prove the answer optimal for the whole cohort. In practice two to
four passes do it.

Ties are settled the same way every time: among assignments of equal total score the one that
matches more mentees wins (each pair's weight carries a bonus smaller than one point for all
pairs together), and beyond that the inputs are taken in id order by a deterministic solver,
so the same facts always give the same pairs.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from mentoring.matching import MenteeFacts, MentorFacts, score
from mentoring.matching import Reason as MatchReason
from mentoring.matching_arrays import MentorColumns, ScoreArrays

Progress = Callable[[str, int], None]

# How many of each mentee's best mentors the first pass looks at. The answer is optimal
# whatever this is; it only changes how many passes the proof takes.
CANDIDATES_PER_MENTEE = 40
# Mentees scored at once while checking pairs: bounds the memory of a pass.
BLOCK = 512
# A proof normally needs a handful of passes; this only stops a runaway.
MAX_PASSES = 60


class Reason:
    """Why a mentee has no mentor in the proposal, in the words the mentee is told."""

    NO_THEMES = "no-themes"
    NO_SHARED_THEME = "no-shared-theme"
    RULED_OUT = "ruled-out"
    AT_CAPACITY = "at-capacity"
    NO_MENTORS = "no-mentors"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class Pair:
    mentee_id: int
    mentor_id: int
    score: int
    reasons: tuple[MatchReason, ...]
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Unmatched:
    mentee_id: int
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReleasedLock:
    """A locked pair that can no longer stand, and why (facts changed since it was locked)."""

    mentee_id: int
    mentor_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class RegionFigures:
    region: str
    mentees: int
    matched: int
    mean_score: float | None

    @property
    def matched_percent(self) -> float:
        return 100 * self.matched / self.mentees if self.mentees else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    mentees: int
    matched: int
    total_score: int
    mean_score: float | None
    lowest_score: int | None
    by_region: tuple[RegionFigures, ...]

    @property
    def matched_percent(self) -> float:
        return 100 * self.matched / self.mentees if self.mentees else 0.0


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    released_locks: tuple[ReleasedLock, ...]
    summary: Summary
    # True when the prices prove no assignment scores more (always, unless MAX_PASSES ran out).
    proved_optimal: bool
    passes: int


@dataclass(frozen=True, slots=True)
class _Rules:
    """Pairs kept apart beyond matching.py's own rules, as (mentee id, mentor id)."""

    past: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    excluded: frozenset[tuple[int, int]] = field(default_factory=frozenset)


def assign(
    mentees: Sequence[MenteeFacts],
    mentors: Sequence[MentorFacts],
    *,
    places: Mapping[int, int],
    locked: Iterable[tuple[int, int]] = (),
    excluded: Iterable[tuple[int, int]] = (),
    past_pairs: Iterable[tuple[int, int]] = (),
    unavailable: Mapping[int, str] | None = None,
    progress: Progress | None = None,
    candidates_per_mentee: int = CANDIDATES_PER_MENTEE,
) -> Assignment:
    """The optimal assignment of `mentees` to `mentors`.

    `places`: mentor id -> how many mentees they can take in this round (already net of the
    places their current mentorships hold). `locked` pairs are kept as they are if the rules
    still allow them; `excluded` pairs (a coordinator's decision) and `past_pairs` (any
    mentorship or request the two ever had) are never proposed. `unavailable`: mentee id ->
    why they cannot be matched now (for example, they already have a mentor).
    """
    report = progress or (lambda stage, percent: None)
    unavailable = dict(unavailable or {})
    mentees = sorted({m.id: m for m in mentees}.values(), key=lambda m: m.id)
    mentors = sorted({m.id: m for m in mentors}.values(), key=lambda m: m.id)
    rules = _Rules(past=frozenset(past_pairs), excluded=frozenset(excluded))
    mentee_by_id = {m.id: m for m in mentees}
    mentor_by_id = {m.id: m for m in mentors}
    free = {m.id: max(0, int(places.get(m.id, 0))) for m in mentors}

    report("Checking locked pairs", 2)
    kept, released = _keep_locks(locked, mentee_by_id, mentor_by_id, free, rules, unavailable)
    locked_mentees = {pair.mentee_id for pair in kept}
    open_mentees = [m for m in mentees if m.id not in locked_mentees and m.id not in unavailable]

    chosen: dict[int, int] = {}
    proved, passes = True, 0
    if open_mentees and mentors:
        table = _Table(open_mentees, mentors, free, rules)
        chosen, proved, passes = table.solve(candidates_per_mentee, report)
        report("Explaining the result", 88)
        unmatched_ids = [m.id for m in open_mentees if m.id not in chosen]
        reasons = table.reasons_for(unmatched_ids)
    else:
        reasons = {
            m.id: (Reason.NO_MENTORS, "there are no mentors in this round yet")
            for m in open_mentees
        }

    pairs = list(kept)
    for mentee_id, mentor_id in sorted(chosen.items()):
        suggestion = score(mentee_by_id[mentee_id], mentor_by_id[mentor_id])
        if suggestion is None:  # the vectorised rules and matching.py disagree: a bug
            raise AssertionError(f"pair {mentee_id}-{mentor_id} breaks a rule of matching.py")
        pairs.append(Pair(mentee_id, mentor_id, suggestion.score, suggestion.reasons))
    pairs.sort(key=lambda pair: pair.mentee_id)

    unmatched = [
        Unmatched(mentee_id, Reason.UNAVAILABLE, reason)
        for mentee_id, reason in sorted(unavailable.items())
        if mentee_id in mentee_by_id
    ] + [Unmatched(mentee_id, *reasons[mentee_id]) for mentee_id in sorted(reasons)]
    unmatched.sort(key=lambda item: item.mentee_id)
    report("Proposal ready", 90)
    return Assignment(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        released_locks=tuple(released),
        summary=summarise(pairs, mentees),
        proved_optimal=proved,
        passes=passes,
    )


def summarise(pairs: Sequence[Pair], mentees: Sequence[MenteeFacts]) -> Summary:
    """Matched share, mean and lowest score, overall and by the mentees' regions."""
    region_of = {m.id: m.region for m in mentees}
    scores = [pair.score for pair in pairs]
    per_region: dict[str, list[int]] = {}
    counted: Counter = Counter(region_of.values())
    for pair in pairs:
        per_region.setdefault(region_of.get(pair.mentee_id, ""), []).append(pair.score)
    by_region = tuple(
        RegionFigures(
            region=region,
            mentees=counted[region],
            matched=len(per_region.get(region, [])),
            mean_score=_mean(per_region.get(region, [])),
        )
        for region in sorted(counted)
    )
    return Summary(
        mentees=len(mentees),
        matched=len(pairs),
        total_score=sum(scores),
        mean_score=_mean(scores),
        lowest_score=min(scores) if scores else None,
        by_region=by_region,
    )


def score_table(mentees: Sequence[MenteeFacts], mentors: Sequence[MentorFacts]) -> np.ndarray:
    """Every pair's points at once (mentees by mentors, in the order given), -1 where a rule
    of matching.py or the round's shared-theme rule keeps them apart. For checks and
    comparisons on small cohorts: it is the full table `assign` avoids holding."""
    table = _Table(list(mentees), list(mentors), {m.id: 1 for m in mentors}, _Rules())
    points, allowed = table.points(0, len(mentees))
    return np.where(allowed, points, -1)


def allowed_pairs(
    mentees: Sequence[MenteeFacts],
    mentors: Sequence[MentorFacts],
    *,
    places: Mapping[int, int],
    past_pairs: Iterable[tuple[int, int]] = (),
    excluded: Iterable[tuple[int, int]] = (),
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every pair a round may propose, a block of mentees at a time, as arrays of mentee
    positions, mentor positions (in the order given) and points: what any other way of
    assigning the same cohort (a greedy one, say) has to choose from."""
    rules = _Rules(past=frozenset(past_pairs), excluded=frozenset(excluded))
    table = _Table(list(mentees), list(mentors), places, rules)
    for start in range(0, table.n, BLOCK):
        stop = min(table.n, start + BLOCK)
        points, allowed = table.points(start, stop)
        allowed &= (table.places > 0)[None, :]
        rows, columns = np.nonzero(allowed)
        yield rows + start, columns, points[rows, columns]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _keep_locks(
    locked: Iterable[tuple[int, int]],
    mentee_by_id: Mapping[int, MenteeFacts],
    mentor_by_id: Mapping[int, MentorFacts],
    free: dict[int, int],
    rules: _Rules,
    unavailable: Mapping[int, str],
) -> tuple[list[Pair], list[ReleasedLock]]:
    """Locked pairs that still stand take their places first; the rest are released, each
    with its reason. Higher scores keep their place when a mentor has fewer places than
    locks."""
    standing: list[Pair] = []
    released: list[ReleasedLock] = []
    seen: set[int] = set()
    for mentee_id, mentor_id in sorted(set(locked)):
        mentee, mentor = mentee_by_id.get(mentee_id), mentor_by_id.get(mentor_id)
        why = ""
        if mentee is None:
            why = "the mentee is no longer in this round"
        elif mentor is None:
            why = "the mentor is no longer in this round"
        elif mentee_id in seen:
            why = "the mentee has another locked pair"
        elif mentee_id in unavailable:
            why = unavailable[mentee_id]
        elif (mentee_id, mentor_id) in rules.past:
            why = "the two have had a mentorship or request since"
        elif (mentee_id, mentor_id) in rules.excluded:
            why = "the pair was excluded"
        else:
            suggestion = score(mentee, mentor)
            if suggestion is None or not mentee.theme_ids & mentor.theme_ids:
                why = "their profiles changed and the rules no longer allow the pair"
        if why:
            released.append(ReleasedLock(mentee_id, mentor_id, why))
            continue
        seen.add(mentee_id)
        standing.append(Pair(mentee_id, mentor_id, suggestion.score, suggestion.reasons, True))
    kept: list[Pair] = []
    for pair in sorted(standing, key=lambda p: (-p.score, p.mentee_id)):
        if free.get(pair.mentor_id, 0) > 0:
            free[pair.mentor_id] -= 1
            kept.append(pair)
        else:
            released.append(
                ReleasedLock(pair.mentee_id, pair.mentor_id, "the mentor has no place left for it")
            )
    return kept, released


class _Table:
    """The facts of a cohort as arrays, scored a block of mentees at a time.

    Scores with `matching_arrays.ScoreArrays`, which mirrors matching._assess rule for rule and
    weight for weight; a property test holds the two to the same answer for random facts.
    """

    def __init__(
        self,
        mentees: Sequence[MenteeFacts],
        mentors: Sequence[MentorFacts],
        free: Mapping[int, int],
        rules: _Rules,
    ) -> None:
        self.mentees, self.mentors = mentees, mentors
        self.n, self.m = len(mentees), len(mentors)
        self.scores = ScoreArrays(mentees, MentorColumns.of(mentors))
        self.places = np.array([free.get(m.id, 0) for m in mentors], dtype=np.int64)
        self.past = self._pair_index(rules.past)
        self.excluded = self._pair_index(rules.excluded)

    def _pair_index(self, pairs: frozenset[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """Pairs as (mentee row, mentor column) arrays sorted by row, for slicing by block."""
        row_of = {m.id: row for row, m in enumerate(self.mentees)}
        column_of = {m.id: column for column, m in enumerate(self.mentors)}
        found = sorted(
            (row_of[a], column_of[b]) for a, b in pairs if a in row_of and b in column_of
        )
        rows = np.array([r for r, _ in found], dtype=np.int64)
        columns = np.array([c for _, c in found], dtype=np.int64)
        return rows, columns

    @staticmethod
    def _within(index: tuple[np.ndarray, np.ndarray], start: int, stop: int):
        rows, columns = index
        low, high = np.searchsorted(rows, [start, stop])
        return rows[low:high] - start, columns[low:high]

    def points(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Points of mentees [start, stop) with every mentor, and which pairs are allowed:
        matching.py's rules, the round's shared-theme rule, past pairs and exclusions."""
        points, allowed, shared_themes = self.scores.points(start, stop)
        allowed &= shared_themes > 0
        for index in (self.past, self.excluded):
            rows, columns = self._within(index, start, stop)
            allowed[rows, columns] = False
        return points, allowed

    def weights(self, start: int, stop: int) -> np.ndarray:
        """What the assignment maximises, as whole numbers: points times (mentees + 1), plus
        one for each pair. Any point outweighs every bonus together, so the total score comes
        first and, between equal totals, the number of mentees matched. 0 where not allowed or
        the mentor has no place in the round."""
        points, allowed = self.points(start, stop)
        allowed &= (self.places > 0)[None, :]
        return np.where(allowed, points.astype(np.int64) * (self.n + 1) + 1, 0)

    def solve(self, per_mentee: int, report: Progress) -> tuple[dict[int, int], bool, int]:
        rows, columns, weights = self._candidates(max(1, per_mentee), report)
        chosen = np.full(self.n, -1, dtype=np.int64)
        for passes in range(1, MAX_PASSES + 1):
            report("Finding the best assignment", min(80, 55 + 5 * passes))
            chosen = self._assign(rows, columns, weights)
            mentee_price, mentor_price = self._prices(rows, columns, weights, chosen)
            uncovered = self._uncovered(mentee_price, mentor_price)
            if uncovered[0].size == 0:
                return self._by_id(chosen), True, passes
            rows = np.concatenate([rows, uncovered[0]])
            columns = np.concatenate([columns, uncovered[1]])
            weights = np.concatenate([weights, uncovered[2]])
        return self._by_id(chosen), False, MAX_PASSES

    def _by_id(self, chosen: np.ndarray) -> dict[int, int]:
        return {
            self.mentees[row].id: self.mentors[column].id
            for row, column in enumerate(chosen.tolist())
            if column >= 0
        }

    def _candidates(self, per_mentee: int, report: Progress):
        """Each mentee's best `per_mentee` mentors with a place: the first pass's pairs."""
        found_rows, found_columns, found_weights = [], [], []
        keep = min(per_mentee, self.m)
        for start in range(0, self.n, BLOCK):
            stop = min(self.n, start + BLOCK)
            weights = self.weights(start, stop)
            if keep < self.m:
                best = np.argpartition(-weights, keep - 1, axis=1)[:, :keep]
            else:
                best = np.broadcast_to(np.arange(self.m), (stop - start, self.m))
            best_weights = np.take_along_axis(weights, best, axis=1)
            wanted = best_weights > 0
            mentee_rows = np.broadcast_to(np.arange(start, stop)[:, None], best.shape)
            found_rows.append(mentee_rows[wanted])
            found_columns.append(best[wanted])
            found_weights.append(best_weights[wanted])
            report("Scoring pairs", 15 + int(40 * stop / self.n))
        return (
            np.concatenate(found_rows).astype(np.int64),
            np.concatenate(found_columns).astype(np.int64),
            np.concatenate(found_weights).astype(np.int64),
        )

    def _assign(self, rows: np.ndarray, columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The best assignment using only the given pairs: each mentor copied once per place,
        each mentee with a "no mentor" column of its own, solved as a minimum-cost full
        matching (scipy's sparse Jonker-Volgenant). Returns each mentee's mentor column or -1.
        """
        chosen = np.full(self.n, -1, dtype=np.int64)
        if rows.size == 0:
            return chosen
        places = self.places
        first_seat = np.concatenate([[0], np.cumsum(places)[:-1]])
        seats = int(places.sum())
        seat_rows, seat_columns, costs = [], [], []
        for copy in range(int(places.max())):
            has_copy = places[columns] > copy
            seat_rows.append(rows[has_copy])
            seat_columns.append(first_seat[columns[has_copy]] + copy)
            costs.append(-weights[has_copy])
        seat_rows.append(np.arange(self.n))
        seat_columns.append(seats + np.arange(self.n))
        costs.append(np.zeros(self.n, dtype=np.int64))
        cost = np.concatenate(costs)
        # The solver reads a zero as "no edge", so every cost is lifted to 1 or more: each
        # mentee takes exactly one column, so the lift adds the same to every answer.
        cost = (cost - cost.min() + 1).astype(np.float64)
        graph = csr_matrix(
            (cost, (np.concatenate(seat_rows), np.concatenate(seat_columns))),
            shape=(self.n, seats + self.n),
        )
        matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
        owner = np.repeat(np.arange(self.m), places)
        real = matched_columns < seats
        chosen[matched_rows[real]] = owner[matched_columns[real]]
        return chosen

    def _prices(self, rows, columns, weights, chosen) -> tuple[np.ndarray, np.ndarray]:
        """Prices proving `chosen` optimal among the given pairs (see the module's notes).

        Mentor prices solve a system of difference constraints, found as shortest paths from
        a reference node (Bellman-Ford, vectorised: each round relaxes every constraint at
        once, and few rounds are needed). Node 0 is the reference, mentor j is node j + 1.
        """
        matched = chosen >= 0
        own_weight = np.zeros(self.n, dtype=np.int64)
        is_own = chosen[rows] == columns
        own_weight[rows[is_own]] = weights[is_own]
        taken = np.bincount(chosen[matched], minlength=self.m)
        has_room = taken < self.places
        nodes = np.arange(self.m) + 1
        matched_rows = np.nonzero(matched)[0]
        other = matched[rows] & ~is_own
        unmatched = ~matched[rows]
        zero = np.zeros
        # Each constraint "v[to] - v[from] <= bound" is an edge from -> to.
        sources = [
            nodes,  # v >= 0
            zero(int(has_room.sum()), dtype=np.int64),  # v = 0 where a place is left
            zero(matched_rows.size, dtype=np.int64),  # a mentee's price is not negative
            columns[other] + 1,  # a matched mentee prefers their own mentor at these prices
            columns[unmatched] + 1,  # an unmatched mentee's pairs are all covered
        ]
        targets = [
            zero(self.m, dtype=np.int64),
            nodes[has_room],
            chosen[matched_rows] + 1,
            chosen[rows[other]] + 1,
            zero(int(unmatched.sum()), dtype=np.int64),
        ]
        bounds = [
            zero(self.m, dtype=np.int64),
            zero(int(has_room.sum()), dtype=np.int64),
            own_weight[matched_rows],
            own_weight[rows[other]] - weights[other],
            -weights[unmatched],
        ]
        source, target, bound = map(np.concatenate, (sources, targets, bounds))
        order = np.argsort(target, kind="stable")
        source, target, bound = source[order], target[order], bound[order]
        starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]])
        reached = target[starts]
        unreached = np.iinfo(np.int64).max // 4
        distance = np.full(self.m + 1, unreached, dtype=np.int64)
        distance[0] = 0
        for _ in range(self.m + 2):
            through = np.where(distance[source] >= unreached, unreached, distance[source] + bound)
            shortest = np.minimum.reduceat(through, starts)
            updated = distance.copy()
            updated[reached] = np.minimum(distance[reached], shortest)
            if np.array_equal(updated, distance):
                break
            distance = updated
        else:  # a negative cycle: the assignment was not optimal on its own pairs
            raise ArithmeticError("the assignment solver returned a non-optimal answer")
        mentor_price = distance[1:] - distance[0]
        mentee_price = np.where(
            matched, own_weight - mentor_price[np.maximum(chosen, 0)], 0
        ).astype(np.int64)
        return mentee_price, mentor_price

    def _uncovered(self, mentee_price: np.ndarray, mentor_price: np.ndarray):
        """Every allowed pair whose weight the prices do not cover, found block by block."""
        found_rows, found_columns, found_weights = [], [], []
        for start in range(0, self.n, BLOCK):
            stop = min(self.n, start + BLOCK)
            weights = self.weights(start, stop)
            over = weights > mentee_price[start:stop, None] + mentor_price[None, :]
            block_rows, block_columns = np.nonzero(over)
            found_rows.append(block_rows + start)
            found_columns.append(block_columns)
            found_weights.append(weights[block_rows, block_columns])
        return (
            np.concatenate(found_rows).astype(np.int64),
            np.concatenate(found_columns).astype(np.int64),
            np.concatenate(found_weights).astype(np.int64),
        )

    def reasons_for(self, mentee_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Why each of these mentees, left without a mentor by the optimum, has none."""
        wanted = set(mentee_ids)
        return {
            mentee.id: self._reason(row)
            for row, mentee in enumerate(self.mentees)
            if mentee.id in wanted
        }

    def _reason(self, row: int) -> tuple[str, str]:
        mentee = self.mentees[row]
        if not mentee.theme_ids:
            return Reason.NO_THEMES, "you have not chosen any themes to work on yet"
        _, allowed = self.points(row, row + 1)
        sharing = self.scores.shared_themes(row) > 0
        if not sharing.any():
            return Reason.NO_SHARED_THEME, "no mentor in this round shares any of your themes"
        suitable = allowed[0] & sharing
        if suitable.any():
            count = int(suitable.sum())
            return Reason.AT_CAPACITY, (
                "every suitable mentor is at capacity"
                if count > 1
                else "the one suitable mentor is at capacity"
            )
        return Reason.RULED_OUT, self._ruled_out(row, sharing)

    def _ruled_out(self, row: int, sharing: np.ndarray) -> str:
        """Which rules keep a mentee from every mentor who shares a theme, with counts."""
        column_ids = np.flatnonzero(sharing)
        counts: Counter = Counter()
        past = set(self._within(self.past, row, row + 1)[1].tolist())
        excluded = set(self._within(self.excluded, row, row + 1)[1].tolist())
        mentee = self.mentees[row]
        for column in column_ids.tolist():
            mentor = self.mentors[column]
            if mentor.user_id == mentee.user_id:
                counts["is you"] += 1
            elif mentor.paused or not mentor.accepting_requests:
                counts["is not taking mentees at the moment"] += 1
            elif mentor.active_mentees >= mentor.capacity:
                counts["is at capacity"] += 1
            elif self.scores.mentee_organisation[row] == self.scores.mentor_organisation[column]:
                counts["works in your organisation, and you asked for a mentor from outside"] += 1
            elif column in past:
                counts["has mentored you or had a request from you before"] += 1
            elif column in excluded:
                counts["was ruled out for you by the programme coordinator"] += 1
            else:
                counts["meets only in ways you did not choose"] += 1
        parts = [
            f"{count} {'mentor' if count == 1 else 'mentors'} {_plural_verb(why, count)}"
            for why, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        return "every mentor who shares your themes is ruled out: " + "; ".join(parts)


def _plural_verb(phrase: str, count: int) -> str:
    if count == 1:
        return phrase
    words = phrase.split(" ", 1)
    verb = {"is": "are", "has": "have", "was": "were", "works": "work", "meets": "meet"}
    return " ".join([verb.get(words[0], words[0]), *words[1:]])
