"""Matching rounds: the optimal assignment (checked against brute force and a dense solver,
and by properties that must hold for any cohort), the round's services from opt-in to
confirmed mentorships, and its pages, which only coordinators may use."""

import itertools
import random
import re
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from mentoring.matching import (
    Audience,
    MenteeFacts,
    MentorFacts,
    SkillGap,
    points,
    reasons_in_words,
)
from mentoring.mentorships import services as mentorship_services
from mentoring.models import (
    MatchingRound,
    Mentorship,
    RoundEvent,
    RoundExclusion,
    RoundProposal,
    RoundRun,
    StatusChange,
)
from mentoring.rounds import assignment, jobs
from mentoring.rounds import services as round_services
from portal.roles import COORDINATORS
from tests import html
from tests.factories import (
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    MentorSkillFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    SkillFactory,
    ThemeFactory,
    UserFactory,
    give_gaps,
)

Status = Mentorship.Status
Action = RoundEvent.Action


# Plain facts -----------------------------------------------------------------------------------

THEME_NAMES = {1: "Change management", 2: "Resilience", 3: "Taking risks", 4: "Inclusion"}


def mentee(id: int, **facts) -> MenteeFacts:
    defaults = {
        "id": id,
        "user_id": 1000 + id,
        "themes": {1: THEME_NAMES[1]},
        "background": "technical",
        "region": "london",
        "formats": frozenset(),
        "target_pathway_id": None,
        "target_pathway_title": "",
        "organisation": "salford royal",
        "preferred_experience": frozenset(),
        "mentor_outside_organisation": False,
    }
    return MenteeFacts(**(defaults | facts))


def mentor(id: int, **facts) -> MentorFacts:
    defaults = {
        "id": id,
        "user_id": 2000 + id,
        "name": f"Mentor {id}",
        "theme_ids": frozenset({1}),
        "background": "clinical",
        "region": "north-west",
        "formats": frozenset(),
        "pathway_ids": frozenset(),
        "pathway_titles": (),
        "organisation": "bolton",
        "lived_experience": frozenset(),
        "capacity": 3,
        "active_mentees": 0,
    }
    return MentorFacts(**(defaults | facts))


def pairs_of(result: assignment.Assignment) -> dict[int, int]:
    return {pair.mentee_id: pair.mentor_id for pair in result.pairs}


def allowed(a: MenteeFacts, b: MentorFacts) -> int | None:
    """A pair's points under matching.py's rules and the round's shared-theme rule."""
    found = points(a, b)
    return found if found is not None and a.theme_ids & b.theme_ids else None


def brute_force(mentees, mentors, places, past=frozenset(), excluded=frozenset()):
    """The best (total score, mentees matched) over every assignment there is."""
    options = []
    for a in mentees:
        choices = [None]
        for b in mentors:
            value = allowed(a, b)
            if value is not None and (a.id, b.id) not in past | excluded:
                choices.append((b.id, value))
        options.append(choices)
    best = (0, 0)
    for choice in itertools.product(*options):
        taken = [c[0] for c in choice if c is not None]
        if any(taken.count(b) > places.get(b, 0) for b in set(taken)):
            continue
        best = max(best, (sum(c[1] for c in choice if c is not None), len(taken)))
    return best


def dense_optimum(mentees, mentors, places) -> tuple[int, int]:
    """The exact optimum by a dense assignment over one column per mentor's place."""
    table = assignment.score_table(mentees, mentors)
    columns = [j for j, b in enumerate(mentors) for _ in range(places.get(b.id, 0))]
    weight = np.where(table >= 0, table * (len(mentees) + 1) + 1, 0)
    full = np.concatenate(
        [weight[:, columns], np.zeros((len(mentees), len(mentees)), dtype=np.int64)], axis=1
    )
    rows, chosen = linear_sum_assignment(full, maximize=True)
    matched = [
        (r, columns[c]) for r, c in zip(rows, chosen, strict=True)
        if c < len(columns) and table[r, columns[c]] >= 0
    ]  # fmt: skip
    return sum(int(table[r, c]) for r, c in matched), len(matched)


# Strategies: small worlds where every rule comes into play.
theme_sets = st.frozensets(st.integers(1, 4), max_size=3)
formats = st.frozensets(st.sampled_from(["video", "phone", "in-person"]), max_size=2)
regions = st.sampled_from(["london", "north-west", ""])
backgrounds = st.sampled_from(["clinical", "technical", ""])
organisations = st.sampled_from(["bolton", "salford royal", ""])
SKILL_NAMES = {1: "Data governance", 2: "Stakeholder relationship management", 3: "Testing"}
skill_levels = st.integers(1, 4)


@st.composite
def skill_gaps(draw):
    """A mentee's gaps: some skills, each short of its required level by 1 or more."""
    gaps = {}
    for skill_id in draw(st.frozensets(st.sampled_from(sorted(SKILL_NAMES)))):
        required = draw(skill_levels)
        gaps[skill_id] = SkillGap(SKILL_NAMES[skill_id], required, draw(st.integers(1, required)))
    return gaps


mentor_skills = st.dictionaries(st.sampled_from(sorted(SKILL_NAMES)), skill_levels)


@st.composite
def cohorts(draw, max_mentees: int = 6, max_mentors: int = 4):
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    mentees = [
        mentee(
            i,
            themes={t: THEME_NAMES[t] for t in draw(theme_sets)},
            background=draw(backgrounds),
            region=draw(regions),
            formats=draw(formats),
            target_pathway_id=draw(st.sampled_from([None, 1, 2])),
            organisation=draw(organisations),
            preferred_experience=draw(st.frozensets(st.sampled_from(["carer", "lgbtq"]))),
            mentor_outside_organisation=draw(st.booleans()),
            gaps=draw(skill_gaps()),
        )
        for i in range(1, n + 1)
    ]
    mentors = []
    for j in range(1, m + 1):
        capacity = draw(st.integers(1, 3))
        mentors.append(
            mentor(
                j,
                # Now and then a mentor who is also one of the mentees.
                user_id=draw(st.sampled_from([2000 + j, 1001])),
                theme_ids=draw(theme_sets),
                background=draw(backgrounds),
                region=draw(regions),
                formats=draw(formats),
                pathway_ids=draw(st.frozensets(st.integers(1, 2))),
                organisation=draw(organisations),
                lived_experience=draw(st.frozensets(st.sampled_from(["carer", "lgbtq"]))),
                capacity=capacity,
                active_mentees=draw(st.integers(0, capacity)),
                paused=draw(st.sampled_from([False, False, False, True])),
                accepting_requests=draw(st.sampled_from([True, True, True, False])),
                skills=draw(mentor_skills),
            )
        )
    places = {b.id: draw(st.integers(0, 3)) for b in mentors}
    all_pairs = [(a.id, b.id) for a in mentees for b in mentors]
    past = (
        frozenset(draw(st.lists(st.sampled_from(all_pairs), max_size=3)))
        if all_pairs
        else frozenset()
    )
    excluded = (
        frozenset(draw(st.lists(st.sampled_from(all_pairs), max_size=2)))
        if all_pairs
        else frozenset()
    )
    locked = draw(st.lists(st.sampled_from(all_pairs), max_size=2)) if all_pairs else []
    return mentees, mentors, places, past, excluded, locked


# The assignment --------------------------------------------------------------------------------


class TestScoringMatchesMatchingPy:
    @settings(max_examples=200, deadline=None)
    @given(cohorts(max_mentees=5, max_mentors=5))
    def test_every_pair_scores_what_matching_py_says(self, cohort):
        mentees, mentors, *_ = cohort
        table = assignment.score_table(mentees, mentors)
        for i, a in enumerate(mentees):
            for j, b in enumerate(mentors):
                expected = allowed(a, b)
                assert table[i, j] == (-1 if expected is None else expected)

    def test_a_proposed_pairs_score_and_reasons_are_matching_pys(self):
        a = mentee(1, themes={1: "Change management", 2: "Resilience"}, region="north-west")
        b = mentor(10, theme_ids=frozenset({1, 2}), capacity=4, active_mentees=1)

        [pair] = assignment.assign([a], [b], places={10: 1}).pairs

        assert pair.score == points(a, b) == 2 * 30 + 10 + 5
        assert reasons_in_words(pair.reasons, audience=Audience.MENTEE)[0] == (
            "shares 2 of your themes: change management, resilience"
        )


class TestOptimality:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cohorts())
    def test_no_assignment_scores_more_or_matches_more_at_the_same_score(self, cohort):
        mentees, mentors, places, past, excluded, _locked = cohort

        result = assignment.assign(
            mentees, mentors, places=places, past_pairs=past, excluded=excluded,
            candidates_per_mentee=1,
        )  # fmt: skip

        total = sum(pair.score for pair in result.pairs)
        assert (total, len(result.pairs)) == brute_force(mentees, mentors, places, past, excluded)
        assert result.proved_optimal

    @pytest.mark.parametrize("seed", range(5))
    def test_equals_the_dense_optimum_on_larger_cohorts_whatever_the_first_candidates(self, seed):
        rng = random.Random(seed)
        mentees = [
            mentee(
                i,
                themes={t: THEME_NAMES[t] for t in rng.sample(range(1, 5), rng.randint(1, 2))},
                region=rng.choice(["london", "north-west", "midlands"]),
                background=rng.choice(["clinical", "technical"]),
            )
            for i in range(1, 121)
        ]
        mentors = [
            mentor(
                j,
                theme_ids=frozenset(rng.sample(range(1, 5), rng.randint(1, 3))),
                region=rng.choice(["london", "north-west", "midlands"]),
                background=rng.choice(["clinical", "technical"]),
            )
            for j in range(1, 41)
        ]
        places = {b.id: rng.randint(1, 3) for b in mentors}

        result = assignment.assign(mentees, mentors, places=places, candidates_per_mentee=2)

        assert result.proved_optimal
        assert result.passes > 1  # two candidates each were not enough: prices added pairs
        total = sum(pair.score for pair in result.pairs)
        assert (total, len(result.pairs)) == dense_optimum(mentees, mentors, places)

    def test_beats_greedy_where_greedy_strands_a_mentee(self):
        # Greedy gives mentor 10 to the best pair (1 with 10: 95) and leaves mentee 2, who
        # suits nobody else, without a mentor; the optimum is 1 with 11 (65) and 2 with 10
        # (35): 100 in all.
        ann = mentee(1, themes={1: "A", 2: "B", 3: "C"})
        bob = mentee(2, themes={3: "C"})
        ten = mentor(10, theme_ids=frozenset({1, 2, 3}))
        eleven = mentor(11, theme_ids=frozenset({1, 2}))
        assert (allowed(ann, ten), allowed(ann, eleven), allowed(bob, ten)) == (95, 65, 35)
        assert allowed(bob, eleven) is None

        result = assignment.assign([ann, bob], [ten, eleven], places={10: 1, 11: 1})

        assert pairs_of(result) == {1: 11, 2: 10}
        assert result.summary.total_score == 100

    def test_between_equal_totals_more_mentees_are_matched(self):
        # One pair of 60 (1 with 10), or two pairs of 30 each: the two pairs win.
        ann = mentee(1, themes={1: "A", 2: "B"})
        bob = mentee(2, themes={1: "A"})
        nearly_full = {"region": "", "background": "", "capacity": 3, "active_mentees": 2}
        ten = mentor(10, theme_ids=frozenset({1, 2}), **nearly_full)
        eleven = mentor(11, theme_ids=frozenset({2}), **nearly_full)
        assert allowed(ann, ten) == allowed(ann, eleven) + allowed(bob, ten) == 60
        assert allowed(bob, eleven) is None

        result = assignment.assign([ann, bob], [ten, eleven], places={10: 1, 11: 1})

        assert pairs_of(result) == {1: 11, 2: 10}

    def test_the_same_facts_in_any_order_give_the_same_proposal(self):
        rng = random.Random(7)
        mentees = [mentee(i, themes={1: "A"}) for i in range(1, 30)]
        mentors = [mentor(j, theme_ids=frozenset({1})) for j in range(1, 8)]
        places = {b.id: 2 for b in mentors}
        first = assignment.assign(mentees, mentors, places=places)

        for _ in range(3):
            rng.shuffle(mentees)
            rng.shuffle(mentors)
            assert assignment.assign(mentees, mentors, places=places).pairs == first.pairs


class TestRulesAndCapacities:
    @settings(max_examples=300, deadline=None)
    @given(cohorts(max_mentees=8, max_mentors=5))
    def test_capacities_and_hard_rules_are_never_broken(self, cohort):
        mentees, mentors, places, past, excluded, locked = cohort
        by_id = {b.id: b for b in mentors}
        mentee_by_id = {a.id: a for a in mentees}

        result = assignment.assign(
            mentees, mentors, places=places, past_pairs=past, excluded=excluded, locked=locked
        )

        taken: dict[int, int] = {}
        for pair in result.pairs:
            a, b = mentee_by_id[pair.mentee_id], by_id[pair.mentor_id]
            taken[b.id] = taken.get(b.id, 0) + 1
            assert allowed(a, b) == pair.score  # no rule of matching.py broken
            assert a.theme_ids & b.theme_ids
            assert (a.id, b.id) not in past | excluded
            assert not (
                a.mentor_outside_organisation
                and a.organisation == b.organisation
                and a.organisation
            )
            assert not (a.formats and b.formats and not a.formats & b.formats)
            assert not b.paused and a.user_id != b.user_id
        assert all(count <= places[mentor_id] for mentor_id, count in taken.items())
        # Everyone is accounted for exactly once.
        listed = [p.mentee_id for p in result.pairs] + [u.mentee_id for u in result.unmatched]
        assert sorted(listed) == sorted(mentee_by_id)
        # A lock either stands or is released with a reason.
        standing = {(p.mentee_id, p.mentor_id) for p in result.pairs if p.locked}
        released = {(r.mentee_id, r.mentor_id) for r in result.released_locks}
        assert set(locked) == standing | released
        assert all(r.reason for r in result.released_locks)


class TestLocks:
    def test_a_locked_pair_is_kept_even_when_another_would_score_more(self):
        ann = mentee(1, themes={1: "A", 2: "B"})
        ten = mentor(10, theme_ids=frozenset({1, 2}))
        eleven = mentor(11, theme_ids=frozenset({1}))

        result = assignment.assign([ann], [ten, eleven], places={10: 1, 11: 1}, locked=[(1, 11)])

        assert result.pairs[0].mentor_id == 11 and result.pairs[0].locked

    def test_a_lock_the_rules_no_longer_allow_is_released_with_the_reason(self):
        ann = mentee(1)
        ten = mentor(10)

        result = assignment.assign(
            [ann], [ten], places={10: 1}, locked=[(1, 10)], past_pairs=[(1, 10)]
        )

        assert result.pairs == ()
        [released] = result.released_locks
        assert "mentorship or request" in released.reason

    def test_locks_beyond_a_mentors_places_keep_the_best_scores(self):
        ann = mentee(1, themes={1: "A", 2: "B"})
        bob = mentee(2)
        ten = mentor(10, theme_ids=frozenset({1, 2}))

        result = assignment.assign([ann, bob], [ten], places={10: 1}, locked=[(1, 10), (2, 10)])

        assert pairs_of(result) == {1: 10}
        assert result.released_locks[0].mentee_id == 2
        assert "no place left" in result.released_locks[0].reason


class TestUnmatchedReasons:
    def reason(self, a, mentors, places=None, **kwargs) -> assignment.Unmatched:
        result = assignment.assign(
            [a, *kwargs.pop("others", [])],
            mentors,
            places=places or {b.id: 1 for b in mentors},
            **kwargs,
        )
        return next(u for u in result.unmatched if u.mentee_id == a.id)

    def test_no_themes_chosen(self):
        assert self.reason(mentee(1, themes={}), [mentor(10)]).reason == (
            "you have not chosen any themes to work on yet"
        )

    def test_no_mentor_shares_a_theme(self):
        found = self.reason(mentee(1, themes={4: "Inclusion"}), [mentor(10)])

        assert found.code == assignment.Reason.NO_SHARED_THEME
        assert found.reason == "no mentor in this round shares any of your themes"

    def test_every_suitable_mentor_is_at_capacity(self):
        better = mentee(2, themes={1: "A"}, region="north-west")

        found = self.reason(mentee(1), [mentor(10)], others=[better])

        assert found.code == assignment.Reason.AT_CAPACITY
        assert found.reason == "the one suitable mentor is at capacity"

    def test_ruled_out_by_the_rules_says_which_and_how_many(self):
        a = mentee(1, mentor_outside_organisation=True, formats=frozenset({"phone"}))
        mentors = [
            mentor(10, organisation="salford royal"),
            mentor(11, organisation="salford royal"),
            mentor(12, formats=frozenset({"video"})),
            mentor(13),
            mentor(14),
        ]

        found = self.reason(a, mentors, past_pairs=[(1, 13)], excluded=[(1, 14)])

        assert found.code == assignment.Reason.RULED_OUT
        assert found.reason == (
            "every mentor who shares your themes is ruled out: 2 mentors work in your "
            "organisation, and you asked for a mentor from outside; 1 mentor has mentored you "
            "or had a request from you before; 1 mentor meets only in ways you did not choose; "
            "1 mentor was ruled out for you by the programme coordinator"
        )

    def test_a_mentee_who_cannot_be_matched_now_is_told_why(self):
        found = self.reason(mentee(1), [mentor(10)], unavailable={1: "you already have a mentor"})

        assert (found.code, found.reason) == (
            assignment.Reason.UNAVAILABLE,
            "you already have a mentor",
        )


class TestSummaryAndProgress:
    def test_summary_figures_overall_and_by_region(self):
        mentees = [
            mentee(1, region="london"),
            mentee(2, region="london", themes={4: "Inclusion"}),
            mentee(3, region="north-west"),
        ]
        mentors = [mentor(10, capacity=4)]

        summary = assignment.assign(mentees, mentors, places={10: 2}).summary

        assert (summary.mentees, summary.matched) == (3, 2)
        assert round(summary.matched_percent) == 67
        assert summary.lowest_score == 35 and summary.mean_score == 40
        assert [(r.region, r.mentees, r.matched) for r in summary.by_region] == [
            ("london", 2, 1),
            ("north-west", 1, 1),
        ]

    def test_progress_is_reported_stage_by_stage_and_only_forwards(self):
        seen = []
        assignment.assign(
            [mentee(i) for i in range(1, 50)],
            [mentor(j) for j in range(1, 10)],
            places={j: 2 for j in range(1, 10)},
            progress=lambda stage, percent: seen.append((stage, percent)),
        )

        stages = [stage for stage, _ in seen]
        assert stages[0] == "Checking locked pairs" and stages[-1] == "Proposal ready"
        assert "Scoring pairs" in stages and "Finding the best assignment" in stages
        percents = [percent for _, percent in seen]
        assert percents == sorted(percents)


# The round, through its services ----------------------------------------------------------------

THEME_SLUG = "change-management"
LONDON = ZoneInfo("Europe/London")


def next_year(month: int, day: int) -> date:
    """A date in next year: a round may start on it whenever the tests run."""
    return date(timezone.localdate().year + 1, month, day)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the task, e-mails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(groups=[COORDINATORS], first_name="Chris", last_name="Obi")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Change management", slug=THEME_SLUG)


def make_mentee(theme, **fields):
    return MenteeProfileFactory(themes=[theme], **fields)


def make_mentor(theme, **fields):
    return MentorProfileFactory(themes=[theme], **fields)


def cohort(theme, *, mentees=3, mentors=2, places=1, **round_fields):
    matching_round = MatchingRoundFactory(**round_fields)
    mentee_profiles = [
        RoundMenteeFactory(round=matching_round, mentee=make_mentee(theme)).mentee
        for _ in range(mentees)
    ]
    mentor_profiles = [
        RoundMentorFactory(round=matching_round, mentor=make_mentor(theme), places=places).mentor
        for _ in range(mentors)
    ]
    return matching_round, mentee_profiles, mentor_profiles


def propose(matching_round, actor, committed) -> RoundRun:
    with committed():
        run = round_services.request_proposal(matching_round=matching_round, actor=actor)
    run.refresh_from_db()
    return run


def proposal(matching_round) -> dict[int, int | None]:
    return dict(
        RoundProposal.objects.filter(round=matching_round).values_list("mentee_id", "mentor_id")
    )


def actions(matching_round) -> list[tuple[str, str]]:
    return [(event.action, event.by) for event in matching_round.events.order_by("at", "id")]


@pytest.mark.django_db
class TestCreatingAndJoining:
    def test_a_round_needs_a_name_and_an_end_after_its_start(self, coordinator):
        with pytest.raises(mentorship_services.Refused, match="end date must be after"):
            round_services.create_round(
                name="Spring", starts_on=next_year(4, 1), ends_on=next_year(4, 1),
                actor=coordinator,
            )  # fmt: skip
        with pytest.raises(mentorship_services.Refused, match="Enter a name"):
            round_services.create_round(
                name="  ", starts_on=next_year(4, 1), ends_on=next_year(5, 1), actor=coordinator
            )
        assert not MatchingRound.objects.exists()

    def test_a_round_starts_today_or_later(self, coordinator):
        with time_machine.travel(datetime(2027, 4, 1, 9, tzinfo=LONDON), tick=False):
            with pytest.raises(mentorship_services.Refused, match="today or in the future"):
                round_services.create_round(
                    name="Spring", starts_on=date(2027, 3, 31), ends_on=date(2027, 9, 30),
                    actor=coordinator,
                )  # fmt: skip
            matching_round = round_services.create_round(
                name="Spring", starts_on=date(2027, 4, 1), ends_on=date(2027, 9, 30),
                actor=coordinator,
            )  # fmt: skip
            with pytest.raises(mentorship_services.Refused, match="today or in the future"):
                round_services.change_round(
                    matching_round=matching_round, name="Spring", starts_on=date(2027, 3, 1),
                    ends_on=date(2027, 9, 30), actor=coordinator,
                )  # fmt: skip

        matching_round.refresh_from_db()
        assert matching_round.starts_on == date(2027, 4, 1)

    def test_creating_and_changing_are_recorded_with_who_and_what(self, coordinator):
        matching_round = round_services.create_round(
            name="Spring", starts_on=next_year(4, 1), ends_on=next_year(9, 30), actor=coordinator
        )
        round_services.change_round(
            matching_round=matching_round, name="Spring cohort", starts_on=next_year(4, 1),
            ends_on=next_year(9, 30), actor=coordinator,
        )  # fmt: skip

        events = list(matching_round.events.order_by("at", "id"))
        assert [(e.action, e.by) for e in events] == [
            (Action.CREATED, "Chris Obi"),
            (Action.CHANGED, "Chris Obi"),
        ]
        assert "“Spring”" in events[1].detail and "“Spring cohort”" in events[1].detail

    def test_a_mentee_with_a_mentor_cannot_join(self, theme):
        matching_round = MatchingRoundFactory()
        taken = MentorshipFactory(mentee=make_mentee(theme), status=Status.ACTIVE).mentee

        with pytest.raises(mentorship_services.Refused, match="already have a mentor"):
            round_services.join_round_as_mentee(matching_round=matching_round, mentee=taken)

    def test_joining_twice_is_refused_politely(self, theme):
        matching_round = MatchingRoundFactory()
        someone = make_mentee(theme)
        round_services.join_round_as_mentee(matching_round=matching_round, mentee=someone)

        with pytest.raises(mentorship_services.Refused, match="already taking part"):
            round_services.join_round_as_mentee(matching_round=matching_round, mentee=someone)

    def test_a_mentors_places_count_against_their_capacity_and_other_rounds(self, theme):
        busy = make_mentor(theme, capacity=3)
        MentorshipFactory(mentor=busy, status=Status.ACTIVE)
        RoundMentorFactory(mentor=busy, places=1)  # another draft round
        matching_round = MatchingRoundFactory()

        with pytest.raises(mentorship_services.Refused, match="room for 1 more mentee"):
            round_services.join_round_as_mentor(
                matching_round=matching_round, mentor=busy, places=2
            )
        round_services.join_round_as_mentor(matching_round=matching_round, mentor=busy, places=1)

        assert round_services.free_places(busy) == 0

    def test_everyone_available_can_be_added_at_once(self, theme, coordinator):
        matching_round = MatchingRoundFactory()
        free_mentee = make_mentee(theme)
        MentorshipFactory(mentee=make_mentee(theme), status=Status.ACTIVE)
        roomy = make_mentor(theme, capacity=3)
        make_mentor(theme, paused_at=timezone.now())

        added = round_services.add_available_participants(
            matching_round=matching_round, actor=coordinator
        )

        assert matching_round.mentees.filter(mentee=free_mentee).exists()
        assert matching_round.mentors.get(mentor=roomy).places == 3
        assert added == (matching_round.mentees.count(), matching_round.mentors.count())
        assert actions(matching_round)[-1] == (Action.PARTICIPANTS_ADDED, "Chris Obi")


@pytest.mark.django_db
class TestProposing:
    def test_a_proposal_is_worked_out_in_the_background_and_stored(
        self, theme, coordinator, committed
    ):
        matching_round, mentees, mentors = cohort(theme, mentees=3, mentors=2)

        run = propose(matching_round, coordinator, committed)

        assert (run.status, run.percent, run.stage) == ("finished", 100, "Proposal ready")
        assert run.summary["matched"] == 2 and run.summary["proved_optimal"]
        stored = proposal(matching_round)
        assert set(stored) == {m.pk for m in mentees}
        assert sorted(v for v in stored.values() if v) == sorted(m.pk for m in mentors)
        unmatched = RoundProposal.objects.get(round=matching_round, mentor__isnull=True)
        assert unmatched.unmatched_reason == "the one suitable mentor is at capacity" or (
            unmatched.unmatched_reason == "every suitable mentor is at capacity"
        )
        assert actions(matching_round) == [
            (Action.PROPOSAL_REQUESTED, "Chris Obi"),
            (Action.PROPOSAL_READY, "Pathways"),
        ]

    def test_a_second_propose_while_one_runs_is_refused_politely(self, theme, coordinator):
        matching_round, *_ = cohort(theme)
        running = RoundRun.objects.create(
            round=matching_round, status=RoundRun.Status.RUNNING, stage="Scoring pairs", percent=40
        )

        with pytest.raises(mentorship_services.Refused) as refused:
            round_services.request_proposal(matching_round=matching_round, actor=coordinator)

        assert str(refused.value).startswith(
            "Matches are already being proposed for this round (scoring pairs, 40% done)."
        )
        assert list(RoundRun.objects.filter(round=matching_round)) == [running]

    def test_the_database_allows_one_run_at_a_time_per_round(self, theme):
        matching_round, *_ = cohort(theme)
        RoundRun.objects.create(round=matching_round)

        with pytest.raises(IntegrityError), transaction.atomic():
            RoundRun.objects.create(round=matching_round, status=RoundRun.Status.RUNNING)

    def test_a_run_that_stopped_reporting_does_not_block_the_round(
        self, theme, coordinator, committed
    ):
        matching_round, *_ = cohort(theme)
        stale = RoundRun.objects.create(
            round=matching_round,
            status=RoundRun.Status.RUNNING,
            updated_at=timezone.now() - timedelta(hours=1),
        )

        run = propose(matching_round, coordinator, committed)

        stale.refresh_from_db()
        assert stale.status == "failed" and "stopped without finishing" in stale.message
        assert run.status == "finished"

    def test_a_run_is_only_worked_once(self, theme, coordinator, committed):
        matching_round, *_ = cohort(theme)
        run = propose(matching_round, coordinator, committed)

        assert jobs.run_proposal(run_id=run.pk) is None

    def test_a_failed_run_says_so_and_changes_nothing(
        self, theme, coordinator, committed, monkeypatch
    ):
        matching_round, *_ = cohort(theme)
        propose(matching_round, coordinator, committed)
        before = proposal(matching_round)

        def broken(*args, **kwargs):
            raise RuntimeError("out of memory")

        monkeypatch.setattr(assignment, "assign", broken)
        run = propose(matching_round, coordinator, committed)

        assert run.status == "failed" and "nothing was changed" in run.message
        assert proposal(matching_round) == before
        assert actions(matching_round)[-1] == (Action.PROPOSAL_FAILED, "Pathways")

    def test_nobody_to_match_is_refused(self, coordinator):
        with pytest.raises(mentorship_services.Refused, match="No mentees have joined"):
            round_services.request_proposal(
                matching_round=MatchingRoundFactory(), actor=coordinator
            )

    def test_people_who_were_ever_paired_are_not_proposed_again(
        self, theme, coordinator, committed
    ):
        matching_round, [mentee_profile], [mentor_profile] = cohort(theme, mentees=1, mentors=1)
        MentorshipFactory(mentee=mentee_profile, mentor=mentor_profile, status=Status.DECLINED)

        propose(matching_round, coordinator, committed)

        row = RoundProposal.objects.get(round=matching_round)
        assert row.mentor is None
        assert "has mentored you or had a request from you before" in row.unmatched_reason

    def test_locks_and_exclusions_survive_a_re_run(self, theme, coordinator, committed):
        matching_round, _mentees, _mentors = cohort(theme, mentees=4, mentors=4)
        propose(matching_round, coordinator, committed)
        rows = list(
            RoundProposal.objects.filter(round=matching_round, mentor__isnull=False).order_by("pk")
        )
        kept, dropped = rows[0], rows[1]
        round_services.lock_pair(proposal=kept, actor=coordinator)
        round_services.exclude_pair(proposal=dropped, actor=coordinator)
        assert RoundProposal.objects.get(pk=dropped.pk).unmatched_code == "excluded"

        propose(matching_round, coordinator, committed)

        again = proposal(matching_round)
        assert again[kept.mentee_id] == kept.mentor_id
        assert RoundProposal.objects.get(round=matching_round, mentee=kept.mentee).locked
        assert again[dropped.mentee_id] not in (None, dropped.mentor_id)
        assert RoundExclusion.objects.filter(
            round=matching_round, mentee=dropped.mentee, mentor=dropped.mentor
        ).exists()
        assert [a for a, _ in actions(matching_round)].count(Action.PROPOSAL_READY) == 2
        assert (Action.LOCKED, "Chris Obi") in actions(matching_round)
        assert (Action.EXCLUDED, "Chris Obi") in actions(matching_round)

    def test_a_locked_pair_cannot_be_excluded_and_nothing_changes_while_a_run_works(
        self, theme, coordinator, committed
    ):
        matching_round, *_ = cohort(theme, mentees=1, mentors=1)
        propose(matching_round, coordinator, committed)
        row = RoundProposal.objects.get(round=matching_round)
        round_services.lock_pair(proposal=row, actor=coordinator)

        with pytest.raises(mentorship_services.Refused, match="Unlock it before excluding"):
            round_services.exclude_pair(proposal=row, actor=coordinator)
        RoundRun.objects.create(round=matching_round, status=RoundRun.Status.RUNNING)
        with pytest.raises(mentorship_services.Refused, match="while matches are being proposed"):
            round_services.unlock_pair(proposal=row, actor=coordinator)
        assert RoundProposal.objects.get(pk=row.pk).locked


@pytest.mark.django_db
class TestPublishingAndConfirming:
    def published(self, theme, coordinator, committed, **kwargs):
        matching_round, mentees, mentors = cohort(theme, **kwargs)
        propose(matching_round, coordinator, committed)
        mail.outbox.clear()
        with committed():
            round_services.publish_round(matching_round=matching_round, actor=coordinator)
        matching_round.refresh_from_db()
        return matching_round, mentees, mentors

    def test_publishing_creates_confirmable_proposals_and_tells_everyone(
        self, theme, coordinator, committed
    ):
        matching_round, _mentees, _mentors = self.published(
            theme, coordinator, committed, mentees=3, mentors=2
        )

        assert matching_round.status == "published"
        proposed = Mentorship.objects.filter(status=Status.PROPOSED)
        assert proposed.count() == 2
        for mentorship in proposed:
            assert list(mentorship.changes.values_list("from_status", "to_status")) == [
                ("", "proposed")
            ]
            row = mentorship.round_proposal
            assert row.confirm_by == pytest.approx(
                mentorship.requested_at + timedelta(days=7), abs=timedelta(seconds=1)
            )
        subjects = sorted(message.subject for message in mail.outbox)
        assert len(subjects) == 5  # two mentees and two mentors matched, one mentee not
        assert sum("no mentor for you this time" in s for s in subjects) == 1
        assert actions(matching_round)[-1] == (Action.PUBLISHED, "Chris Obi")

    def test_a_proposed_match_holds_the_mentors_place(self, theme, coordinator, committed):
        _matching_round, _, [mentor_profile] = self.published(
            theme, coordinator, committed, mentees=1, mentors=1
        )
        mentor_profile.capacity = 1
        mentor_profile.save()
        other = MentorshipFactory(mentor=mentor_profile, status=Status.REQUESTED)

        assert mentorship_services.places_of(mentor_profile).places_held == 1
        with pytest.raises(mentorship_services.Refused, match="capacity"):
            mentorship_services.accept_request(mentorship=other, actor=mentor_profile.user)

    def test_confirmed_by_both_the_mentorship_is_active(self, theme, coordinator, committed):
        self.published(theme, coordinator, committed, mentees=1, mentors=1)
        mentorship = Mentorship.objects.get(status=Status.PROPOSED)
        waiting = MentorshipFactory(mentee=mentorship.mentee, status=Status.REQUESTED)

        with committed():
            round_services.confirm_proposal(mentorship=mentorship, actor=mentorship.mentee.user)
        assert Mentorship.objects.get(pk=mentorship.pk).status == Status.PROPOSED
        with committed():
            round_services.confirm_proposal(mentorship=mentorship, actor=mentorship.mentor.user)

        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE and mentorship.started_at
        assert Mentorship.objects.get(pk=waiting.pk).status == Status.WITHDRAWN
        assert any("has started" in m.subject for m in mail.outbox)
        # Both are asked to agree the terms, from the default template.
        assert mentorship.agreement.template.is_default
        asked = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Agree the terms"))
        assert asked == sorted([mentorship.mentee.user.email, mentorship.mentor.user.email])

    def test_only_the_two_can_confirm(self, theme, coordinator, committed):
        self.published(theme, coordinator, committed, mentees=1, mentors=1)
        mentorship = Mentorship.objects.get(status=Status.PROPOSED)

        with pytest.raises(mentorship_services.Refused, match="Only the mentee or the mentor"):
            round_services.confirm_proposal(mentorship=mentorship, actor=coordinator)

    def test_declining_frees_the_place_and_tells_the_other(self, theme, coordinator, committed):
        _, _, [mentor_profile] = self.published(theme, coordinator, committed, mentees=1, mentors=1)
        mentorship = Mentorship.objects.get(status=Status.PROPOSED)
        mail.outbox.clear()

        with committed():
            round_services.decline_proposal(
                mentorship=mentorship, actor=mentorship.mentee.user, reason="Wrong time"
            )

        assert Mentorship.objects.get(pk=mentorship.pk).status == Status.DECLINED
        assert mentorship_services.places_of(mentor_profile).places_held == 0
        assert [m.to for m in mail.outbox] == [[mentor_profile.user.email]]

    def test_unconfirmed_matches_expire_after_a_week_and_free_the_place(
        self, theme, coordinator, committed
    ):
        _, _, [mentor_profile] = self.published(theme, coordinator, committed, mentees=1, mentors=1)
        mentorship = Mentorship.objects.get(status=Status.PROPOSED)
        round_services.confirm_proposal(mentorship=mentorship, actor=mentorship.mentor.user)

        with time_machine.travel(timezone.now() + timedelta(days=6)):
            call_command("mentoring_housekeeping", stdout=StringIO())
        assert Mentorship.objects.get(pk=mentorship.pk).status == Status.PROPOSED
        with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
            with committed():
                call_command("mentoring_housekeeping", stdout=StringIO())
            with pytest.raises(mentorship_services.Refused, match="no longer waiting"):
                round_services.confirm_proposal(mentorship=mentorship, actor=mentorship.mentee.user)

        mentorship.refresh_from_db()
        assert mentorship.status == Status.EXPIRED
        assert mentorship_services.places_of(mentor_profile).places_held == 0
        note = StatusChange.objects.get(mentorship=mentorship, to_status=Status.EXPIRED).note
        assert note == "Not confirmed in time by the mentee."
        assert round_services.expire_round_proposals() == 0  # once only

    def test_publishing_is_refused_whole_when_a_mentor_filled_up_meanwhile(
        self, theme, coordinator, committed
    ):
        matching_round, _, [mentor_profile] = cohort(theme, mentees=1, mentors=1)
        propose(matching_round, coordinator, committed)
        mentor_profile.capacity = 1
        mentor_profile.save()
        MentorshipFactory(mentor=mentor_profile, status=Status.ACTIVE)

        with pytest.raises(
            mentorship_services.Refused, match="Things have changed since the proposal"
        ):
            round_services.publish_round(matching_round=matching_round, actor=coordinator)

        matching_round.refresh_from_db()
        assert matching_round.status == "draft"
        assert not Mentorship.objects.filter(status=Status.PROPOSED).exists()

    def test_a_published_round_can_no_longer_change(self, theme, coordinator, committed):
        matching_round, *_ = self.published(theme, coordinator, committed, mentees=1, mentors=1)

        with pytest.raises(mentorship_services.Refused, match="has been published"):
            round_services.request_proposal(matching_round=matching_round, actor=coordinator)
        with pytest.raises(mentorship_services.Refused, match="has been published"):
            round_services.publish_round(matching_round=matching_round, actor=coordinator)

    def test_deleting_an_account_declines_its_proposed_matches(self, theme, coordinator, committed):
        from mentoring.personal_data import erase

        self.published(theme, coordinator, committed, mentees=1, mentors=1)
        mentorship = Mentorship.objects.get(status=Status.PROPOSED)

        erase(mentorship.mentee.user)

        assert Mentorship.objects.get(pk=mentorship.pk).status == Status.DECLINED


# Pages -----------------------------------------------------------------------------------------


def coordinator_urls(matching_round, row) -> list[str]:
    pk = matching_round.pk
    return [
        reverse("mentoring:rounds"),
        reverse("mentoring:round-create"),
        reverse("mentoring:round", args=[pk]),
        reverse("mentoring:round-change", args=[pk]),
        reverse("mentoring:round-history", args=[pk]),
        reverse("mentoring:round-progress", args=[pk]),
        reverse("mentoring:round-proposal", args=[pk]),
        reverse("mentoring:round-proposal-csv", args=[pk]),
        reverse("mentoring:round-exclude", args=[pk, row.pk]),
        reverse("mentoring:round-publish", args=[pk]),
    ]


def coordinator_posts(matching_round, row) -> list[str]:
    pk = matching_round.pk
    return [
        reverse("mentoring:round-add-participants", args=[pk]),
        reverse("mentoring:round-propose", args=[pk]),
        reverse("mentoring:round-lock", args=[pk, row.pk]),
        reverse("mentoring:round-exclude", args=[pk, row.pk]),
        reverse("mentoring:round-publish", args=[pk]),
    ]


@pytest.fixture
def proposed(theme, coordinator, committed):
    matching_round, *_ = cohort(theme, mentees=2, mentors=1)
    propose(matching_round, coordinator, committed)
    row = RoundProposal.objects.filter(round=matching_round, mentor__isnull=False).first()
    return matching_round, row


@pytest.mark.django_db
class TestPages:
    def test_only_coordinators_may_run_rounds(self, client, proposed):
        matching_round, row = proposed
        client.force_login(UserFactory())

        for url in coordinator_urls(matching_round, row):
            assert client.get(url).status_code == 403, url
        for url in coordinator_posts(matching_round, row):
            assert client.post(url).status_code == 403, url
        assert RoundRun.objects.filter(round=matching_round).count() == 1
        assert not RoundProposal.objects.filter(locked=True).exists()

    def test_signed_out_visitors_are_sent_to_sign_in(self, client, proposed):
        matching_round, _row = proposed
        response = client.get(reverse("mentoring:round", args=[matching_round.pk]))

        assert response.status_code == 302 and "sign-in" in response["Location"]

    def test_coordinators_see_every_page(self, client, coordinator, proposed):
        matching_round, row = proposed
        client.force_login(coordinator)

        for url in coordinator_urls(matching_round, row):
            assert client.get(url).status_code == 200, url

    def test_the_proposal_page_shows_pairs_reasons_and_summary(self, client, coordinator, proposed):
        matching_round, row = proposed
        client.force_login(coordinator)

        page = client.get(reverse("mentoring:round-proposal", args=[matching_round.pk]))

        content = html.text(page.content)
        assert "1 of 2 mentees (50%)" in content
        assert row.mentor.user.get_full_name() in content
        # The coordinator reads about the mentee, not as the mentee.
        assert f"Shares 1 of {row.mentee.user.first_name}'s themes: change management" in content
        assert "your themes" not in content
        assert "The one suitable mentor is at capacity" in content

    def test_the_published_proposal_says_who_of_each_pair_has_confirmed(
        self, client, coordinator, committed, theme
    ):
        matching_round, _mentees, _mentors = cohort(theme, mentees=3, mentors=3)
        propose(matching_round, coordinator, committed)
        with committed():
            round_services.publish_round(matching_round=matching_round, actor=coordinator)
        first, second, third = Mentorship.objects.filter(status=Status.PROPOSED).order_by("pk")
        round_services.confirm_proposal(mentorship=first, actor=first.mentee.user)
        round_services.confirm_proposal(mentorship=second, actor=second.mentor.user)
        round_services.confirm_proposal(mentorship=third, actor=third.mentor.user)
        round_services.confirm_proposal(mentorship=third, actor=third.mentee.user)
        client.force_login(coordinator)

        page = client.get(reverse("mentoring:round-proposal", args=[matching_round.pk]))

        cells = [
            " ".join(html.text(row).split())
            for row in re.findall(
                r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", page.content.decode(), re.S
            )
        ]
        said = {
            name: row
            for row in cells
            for name in [first.mentee_name, second.mentee_name]
            if name in row
        }
        assert said[first.mentee_name].endswith("Mentee")
        assert said[second.mentee_name].endswith("Mentor")
        assert any(row.endswith("Active") for row in cells)

    def test_the_proposal_csv_gives_the_reasons_in_the_coordinators_words(
        self, client, coordinator, proposed
    ):
        matching_round, row = proposed
        client.force_login(coordinator)

        response = client.get(reverse("mentoring:round-proposal-csv", args=[matching_round.pk]))

        content = b"".join(response.streaming_content if response.streaming else [response.content])
        text = content.decode()
        assert f"Shares 1 of {row.mentee.user.first_name}'s themes".lower() in text.lower()
        assert "your themes" not in text

    def test_creating_a_round_with_bad_dates_shows_the_error_and_saves_nothing(
        self, client, coordinator
    ):
        client.force_login(coordinator)

        response = client.post(
            reverse("mentoring:round-create"),
            {
                "name": "Spring",
                **{"starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2026"},
                **{"ends_on_0": "31", "ends_on_1": "2", "ends_on_2": "2026"},
            },
        )

        assert response.status_code == 200
        assert "Mentoring ends on must be a real date" in html.field_error(
            response.content, "id_ends_on"
        )
        assert not MatchingRound.objects.exists()

    def test_the_round_flow_through_the_pages(self, client, coordinator, theme, committed):
        client.force_login(coordinator)
        make_mentee(theme)
        make_mentor(theme, capacity=2)

        response = client.post(
            reverse("mentoring:round-create"),
            {
                "name": "Spring",
                **{
                    "starts_on_0": "1",
                    "starts_on_1": "4",
                    "starts_on_2": str(next_year(4, 1).year),
                },
                **{"ends_on_0": "30", "ends_on_1": "9", "ends_on_2": str(next_year(9, 30).year)},
            },
        )
        matching_round = MatchingRound.objects.get()
        assert response["Location"] == matching_round.get_absolute_url()
        client.post(reverse("mentoring:round-add-participants", args=[matching_round.pk]))
        with committed():
            client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))
        row = RoundProposal.objects.get(round=matching_round)
        client.post(reverse("mentoring:round-lock", args=[matching_round.pk, row.pk]))
        assert RoundProposal.objects.get(pk=row.pk).locked
        with committed():
            response = client.post(reverse("mentoring:round-publish", args=[matching_round.pk]))

        assert response.status_code == 302
        assert Mentorship.objects.get().status == Status.PROPOSED

    def test_progress_is_there_as_json(self, client, coordinator, theme):
        matching_round, *_ = cohort(theme)
        RoundRun.objects.create(
            round=matching_round, status=RoundRun.Status.RUNNING, stage="Scoring pairs", percent=42
        )
        client.force_login(coordinator)

        progress = client.get(reverse("mentoring:round-progress", args=[matching_round.pk]))
        page = client.get(reverse("mentoring:round", args=[matching_round.pk]))

        assert progress.json() == {
            "status": "running",
            "status_label": "Running",
            "in_progress": True,
            "stage": "Scoring pairs",
            "percent": 42,
            "message": "",
        }
        assert 'value="42"' in page.content.decode()
        assert static("mentoring/round-progress.mjs") in page.content.decode()

    def test_a_second_propose_from_the_page_is_refused_with_a_message(
        self, client, coordinator, theme
    ):
        matching_round, *_ = cohort(theme)
        RoundRun.objects.create(round=matching_round, status=RoundRun.Status.RUNNING)
        client.force_login(coordinator)

        response = client.post(
            reverse("mentoring:round-propose", args=[matching_round.pk]), follow=True
        )

        assert response.status_code == 200
        assert "Matches are already being proposed for this round" in response.content.decode()
        assert RoundRun.objects.filter(round=matching_round).count() == 1

    def test_another_rounds_row_or_an_unknown_round_is_not_found(
        self, client, coordinator, proposed
    ):
        _matching_round, row = proposed
        other = MatchingRoundFactory()
        client.force_login(coordinator)

        assert (
            client.post(reverse("mentoring:round-lock", args=[other.pk, row.pk])).status_code == 404
        )
        assert client.get(reverse("mentoring:round", args=[999999])).status_code == 404
        assert client.get(reverse("mentoring:round-progress", args=[999999])).status_code == 404

    @pytest.mark.parametrize("name", ["round", "round-proposal"])
    def test_query_counts_do_not_grow_with_the_cohort(
        self, client, coordinator, theme, committed, name
    ):
        client.force_login(coordinator)

        def queries(size: int) -> int:
            matching_round, mentees, mentors = cohort(theme, mentees=size, mentors=size)
            # With skill gaps and skills offered, so skills are scored and explained.
            skills = [SkillFactory(name=f"Skill {n}") for n in range(3)]
            for number, person in enumerate(mentees):
                give_gaps(person.user, {skills[number % 3]: (1, 3), skills[2]: (0, 2)})
            for number, person in enumerate(mentors):
                MentorSkillFactory(mentor=person, skill=skills[number % 3], level=4)
            propose(matching_round, coordinator, committed)
            url = reverse(f"mentoring:{name}", args=[matching_round.pk])
            client.get(url)  # warm the session and the permission cache
            with CaptureQueriesContext(connection) as captured:
                page = client.get(url)
                assert page.status_code == 200
            if name == "round-proposal":
                assert "skill gaps: skill" in html.text(page.content)
            return len(captured)

        assert queries(2) == queries(8)


@pytest.mark.django_db
class TestTheMatchPage:
    def test_only_the_two_see_their_match(self, client, theme, coordinator, committed):
        matching_round, *_ = cohort(theme, mentees=1, mentors=1)
        propose(matching_round, coordinator, committed)
        round_services.publish_round(matching_round=matching_round, actor=coordinator)
        mentorship = Mentorship.objects.get()
        url = reverse("mentoring:match", args=[mentorship.pk])

        client.force_login(UserFactory())
        assert client.get(url).status_code == 404
        assert (
            client.post(reverse("mentoring:match-confirm", args=[mentorship.pk])).status_code == 404
        )
        client.force_login(mentorship.mentee.user)
        page = client.get(url)
        assert page.status_code == 200
        assert "Why we matched you" in page.content.decode()

    def test_my_mentoring_asks_each_of_the_two_to_confirm_until_they_have(
        self, client, theme, coordinator, committed
    ):
        matching_round, *_ = cohort(theme, mentees=1, mentors=1)
        propose(matching_round, coordinator, committed)
        round_services.publish_round(matching_round=matching_round, actor=coordinator)
        mentorship = Mentorship.objects.get()
        action = "Confirm or decline your proposed match"

        client.force_login(mentorship.mentee.user)
        assert action in client.get(reverse("mentoring:dashboard")).content.decode()
        client.post(reverse("mentoring:match-confirm", args=[mentorship.pk]))
        assert action not in client.get(reverse("mentoring:dashboard")).content.decode()
        client.force_login(mentorship.mentor.user)
        assert action in client.get(reverse("mentoring:dashboard")).content.decode()

    def test_joining_as_a_mentor_with_too_many_places_shows_why(self, client, theme):
        matching_round = MatchingRoundFactory()
        mentor_profile = make_mentor(theme, capacity=1)
        client.force_login(mentor_profile.user)

        response = client.post(
            reverse("mentoring:round-join", args=[matching_round.pk]),
            {"role": "mentor", "places": "5"},
        )

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not matching_round.mentors.exists()
