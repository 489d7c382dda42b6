"""matching.py's scoring as arrays, held to matching.py itself: for any facts, ranking one mentee
against many mentors with arrays gives the same mentors, in the same order, with the same scores
as `matching.suggest`; and every pair's points are `matching.points`."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.matching import points, suggest
from mentoring.matching_arrays import MentorColumns, ScoreArrays, best_mentors
from tests.mentoring.test_matching import mentor, random_mentee, random_mentors


@st.composite
def worlds(draw):
    """A mentee and up to 60 mentors with few distinct facts, so scores tie often."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    seeker = random_mentee(rng)
    people = random_mentors(rng, draw(st.integers(0, 60)))
    # Now and then the mentee is also a mentor, whom the rules keep from themselves.
    if people and draw(st.booleans()):
        people[0] = mentor(id=people[0].id, user_id=seeker.user_id, theme_ids=seeker.theme_ids)
    excluded = frozenset(draw(st.lists(st.integers(1, 60), max_size=5)))
    limit = draw(st.integers(0, 70))
    return seeker, people, excluded, limit


class TestArraysScoreWhatMatchingPySays:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(worlds())
    def test_every_pair_scores_the_same_and_is_allowed_by_the_same_rules(self, world):
        seeker, people, _, _ = world
        scored, allowed, _ = ScoreArrays([seeker], MentorColumns.of(people)).points(0, 1)

        for column, person in enumerate(people):
            expected = points(seeker, person)
            assert bool(allowed[0, column]) == (expected is not None)
            if expected is not None:
                assert scored[0, column] == expected

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(worlds())
    def test_the_best_mentors_are_matching_pys_suggestions_in_the_same_order(self, world):
        seeker, people, excluded, limit = world
        expected = suggest(seeker, people, exclude_mentor_ids=excluded, limit=limit)

        ranked = best_mentors(
            seeker, MentorColumns.of(people), exclude_mentor_ids=excluded, limit=limit
        )

        assert ranked == [(s.mentor_id, s.score) for s in expected]

    def test_a_large_seeded_world_ranks_the_same(self):
        rng = random.Random(11)
        seeker, people = random_mentee(rng), random_mentors(rng, 5000)
        expected = suggest(seeker, people, exclude_mentor_ids=frozenset({3, 4}), limit=10)

        ranked = best_mentors(seeker, MentorColumns.of(people), exclude_mentor_ids={3, 4}, limit=10)

        assert ranked == [(s.mentor_id, s.score) for s in expected]
        assert len(ranked) == 10

    def test_nobody_to_rank_gives_nothing(self):
        rng = random.Random(1)
        assert best_mentors(random_mentee(rng), MentorColumns.of([])) == []
        assert (
            best_mentors(random_mentee(rng), MentorColumns.of(random_mentors(rng, 5)), limit=0)
            == []
        )
