"""Scoring and ranking mentors for a mentee: plain facts in, scores and reasons out, no database."""

import ast
import dataclasses
import inspect
import random
import re

import pytest

from mentoring import matching
from mentoring.matching import (
    WEIGHTS,
    Audience,
    MenteeFacts,
    MentorFacts,
    SkillGap,
    Suggestion,
    normalise_organisation,
    points,
    reasons_in_words,
    score,
    suggest,
)

NOBODY: frozenset[int] = frozenset()
THEMES = {1: "Change management", 2: "Resilience", 3: "Taking risks", 4: "EPR adoption"}


def mentee(**facts) -> MenteeFacts:
    """A mentee who has nothing in common with `mentor()` unless a test says so."""
    defaults = {
        "id": 1,
        "user_id": 100,
        "themes": {},
        "background": "technical",
        "region": "london",
        "formats": frozenset(),
        "target_pathway_id": None,
        "target_pathway_title": "",
        "organisation": "salford royal nhs foundation trust",
        "preferred_experience": frozenset(),
        "mentor_outside_organisation": False,
    }
    return MenteeFacts(**(defaults | facts))


def mentor(**facts) -> MentorFacts:
    defaults = {
        "id": 10,
        "user_id": 200,
        "name": "Jo Bloggs",
        "theme_ids": frozenset(),
        "background": "clinical",
        "region": "north-west",
        "formats": frozenset(),
        "pathway_ids": frozenset(),
        "pathway_titles": (),
        "organisation": "bolton nhs foundation trust",
        "lived_experience": frozenset(),
        # More than half full: "has space now" only when a test frees places.
        "capacity": 3,
        "active_mentees": 2,
    }
    return MentorFacts(**(defaults | facts))


def reasons(mentee_facts: MenteeFacts, mentor_facts: MentorFacts) -> tuple[str, ...]:
    suggestion = score(mentee_facts, mentor_facts)
    assert suggestion is not None
    return words(suggestion)


def words(suggestion: Suggestion, audience: Audience = Audience.MENTEE, name: str = ""):
    """The suggestion's reasons as `audience` reads them."""
    return tuple(reasons_in_words(suggestion.reasons, audience=audience, mentee_name=name))


class TestNothingInCommon:
    def test_scores_zero_with_no_reasons(self):
        assert score(mentee(), mentor()) == Suggestion(mentor_id=10, score=0, reasons=())


class TestSharedThemes:
    def test_each_shared_theme_counts_and_is_named_in_lower_case_alphabetically(self):
        suggestion = score(
            mentee(themes={2: "Resilience", 1: "Change management", 3: "Taking risks"}),
            mentor(theme_ids=frozenset({1, 2, 9})),
        )

        assert words(suggestion) == ("shares 2 of your themes: change management, resilience",)
        assert suggestion.score == 2 * WEIGHTS.shared_theme

    def test_a_name_that_starts_with_an_acronym_keeps_its_capitals(self):
        assert reasons(mentee(themes=THEMES), mentor(theme_ids=frozenset({4, 3}))) == (
            "shares 2 of your themes: EPR adoption, taking risks",
        )

    def test_no_reason_when_no_theme_is_shared(self):
        assert reasons(mentee(themes={1: "Resilience"}), mentor(theme_ids=frozenset({2}))) == ()


class TestBackground:
    def test_a_clinician_is_told_of_a_clinician_turned_digital_leader(self):
        suggestion = score(mentee(background="clinical"), mentor(background="clinical"))

        assert words(suggestion) == ("clinician turned digital leader, like you",)
        assert suggestion.score == WEIGHTS.same_background

    @pytest.mark.parametrize(
        ("background", "reason"),
        [
            ("technical", "also from a technical background"),
            ("non-technical", "also from a non-technical background"),
            ("other-industry", "also came into the NHS from another industry"),
        ],
    )
    def test_other_shared_backgrounds_are_said_plainly(self, background, reason):
        assert reasons(mentee(background=background), mentor(background=background)) == (reason,)

    def test_no_reason_when_backgrounds_differ(self):
        assert reasons(mentee(background="technical"), mentor(background="clinical")) == ()


class TestTargetPathway:
    def test_a_mentor_whose_story_is_an_example_of_the_mentees_pathway_walked_it(self):
        suggestion = score(
            mentee(target_pathway_id=7, target_pathway_title="IT manager to CIO"),
            mentor(pathway_ids=frozenset({3, 7}), pathway_titles=("Clinician to CCIO", "x")),
        )

        assert words(suggestion) == ("walked the pathway you chose: IT manager to CIO",)
        assert suggestion.score == WEIGHTS.walked_target_pathway

    def test_no_reason_for_another_pathway(self):
        assert reasons(mentee(target_pathway_id=7), mentor(pathway_ids=frozenset({3}))) == ()

    def test_no_reason_when_the_mentee_has_not_chosen_a_pathway(self):
        assert reasons(mentee(target_pathway_id=None), mentor(pathway_ids=frozenset({3}))) == ()


class TestRegion:
    @pytest.mark.parametrize(
        ("region", "reason"),
        [
            ("london", "also in London"),
            ("midlands", "also in the Midlands"),
            ("scotland", "also in Scotland"),
            ("outside-uk", "also based outside the UK"),
        ],
    )
    def test_the_same_region_is_named(self, region, reason):
        suggestion = score(mentee(region=region), mentor(region=region))

        assert words(suggestion) == (reason,)
        assert suggestion.score == WEIGHTS.same_region

    def test_no_reason_in_another_region(self):
        assert reasons(mentee(region="london"), mentor(region="wales")) == ()


class TestSpace:
    @pytest.mark.parametrize(("capacity", "active"), [(1, 0), (2, 1), (3, 1), (3, 0)])
    def test_a_mentor_at_most_half_full_has_space_now(self, capacity, active):
        suggestion = score(mentee(), mentor(capacity=capacity, active_mentees=active))

        assert words(suggestion) == ("has space now",)
        assert suggestion.score == WEIGHTS.has_space

    def test_a_mentor_more_than_half_full_is_suggested_without_it(self):
        assert reasons(mentee(), mentor(capacity=3, active_mentees=2)) == ()


class TestFormats:
    def test_a_format_the_mentee_prefers_is_named(self):
        suggestion = score(
            mentee(formats=frozenset({"video"})), mentor(formats=frozenset({"video", "phone"}))
        )

        assert words(suggestion) == ("offers video calls, as you prefer",)
        assert suggestion.score == WEIGHTS.format_preference

    def test_several_shared_formats_count_once_and_are_listed_in_a_fixed_order(self):
        suggestion = score(
            mentee(formats=frozenset({"in-person", "phone", "video"})),
            mentor(formats=frozenset({"in-person", "video"})),
        )

        assert words(suggestion) == ("offers video calls and meetings in person, as you prefer",)
        assert suggestion.score == WEIGHTS.format_preference

    @pytest.mark.parametrize(
        ("mentee_formats", "mentor_formats"),
        [(set(), {"video"}), ({"video"}, set()), (set(), set())],
    )
    def test_no_reason_and_no_exclusion_when_either_gave_no_formats(
        self, mentee_formats, mentor_formats
    ):
        assert (
            reasons(
                mentee(formats=frozenset(mentee_formats)),
                mentor(formats=frozenset(mentor_formats)),
            )
            == ()
        )


class TestLivedExperience:
    def test_a_tag_the_mentee_asked_for_is_named_and_counts(self):
        suggestion = score(
            mentee(preferred_experience=frozenset({"woman-in-digital-leadership"})),
            mentor(lived_experience=frozenset({"woman-in-digital-leadership", "carer"})),
        )

        assert words(suggestion) == ("woman in digital leadership, as you asked",)
        assert suggestion.score == WEIGHTS.lived_experience

    def test_each_tag_asked_for_and_shown_counts(self):
        suggestion = score(
            mentee(preferred_experience=frozenset({"lgbtq", "ethnic-minority", "carer"})),
            mentor(lived_experience=frozenset({"lgbtq", "ethnic-minority"})),
        )

        assert words(suggestion) == (
            "from a Black, Asian or minority ethnic background, as you asked",
            "LGBTQ+, as you asked",
        )
        assert suggestion.score == 2 * WEIGHTS.lived_experience

    def test_a_tag_the_mentee_did_not_ask_for_is_never_mentioned(self):
        assert reasons(mentee(), mentor(lived_experience=frozenset({"disabled"}))) == ()

    def test_no_reason_when_the_mentor_does_not_show_the_tag(self):
        assert reasons(mentee(preferred_experience=frozenset({"carer"})), mentor()) == ()


class TestEverythingInCommon:
    def test_reasons_come_in_a_fixed_order_and_the_score_is_their_sum(self):
        suggestion = score(
            mentee(
                themes=THEMES,
                background="clinical",
                region="london",
                formats=frozenset({"phone"}),
                target_pathway_id=7,
                target_pathway_title="Clinician to CCIO",
                preferred_experience=frozenset({"carer"}),
                gaps={5: SkillGap("Data governance", required_level=3, gap=1)},
            ),
            mentor(
                theme_ids=frozenset({1}),
                background="clinical",
                region="london",
                formats=frozenset({"phone"}),
                pathway_ids=frozenset({7}),
                lived_experience=frozenset({"carer"}),
                skills={5: 3},
                capacity=2,
                active_mentees=0,
            ),
        )

        assert words(suggestion) == (
            "shares 1 of your themes: change management",
            "can help with 1 of your skill gaps: data governance",
            "walked the pathway you chose: Clinician to CCIO",
            "clinician turned digital leader, like you",
            "carer, as you asked",
            "also in London",
            "offers phone calls, as you prefer",
            "has space now",
        )
        assert suggestion.score == sum(dataclasses.astuple(WEIGHTS))


GAPS = {
    1: SkillGap("Data governance", required_level=3, gap=2),
    2: SkillGap("Stakeholder relationship management", required_level=2, gap=1),
    3: SkillGap("Testing", required_level=4, gap=3),
}


class TestSkillGaps:
    """A mentor covers a gap when they hold the skill at the level the mentee's target role
    asks for, or higher; each covered gap counts its size."""

    def test_a_gap_is_covered_at_the_required_level_or_above_and_counts_its_size(self):
        seeker = mentee(gaps=GAPS)

        assert points(seeker, mentor(skills={1: 3})) == WEIGHTS.skill_gap * 2
        assert points(seeker, mentor(skills={1: 4})) == WEIGHTS.skill_gap * 2
        assert points(seeker, mentor(skills={1: 4, 2: 2, 3: 4})) == WEIGHTS.skill_gap * 6

    def test_a_mentor_below_the_required_level_does_not_cover_it(self):
        seeker = mentee(gaps=GAPS)

        assert score(seeker, mentor(skills={1: 2, 3: 3})) == Suggestion(10, 0, ())

    def test_a_skill_the_mentee_has_no_gap_in_counts_for_nothing(self):
        assert points(mentee(gaps=GAPS), mentor(skills={9: 4})) == 0
        assert points(mentee(), mentor(skills={1: 4})) == 0

    def test_the_gaps_are_named_largest_first_for_the_mentee(self):
        assert reasons(mentee(gaps=GAPS), mentor(skills={1: 3, 2: 4, 3: 4})) == (
            "can help with 3 of your skill gaps: testing, data governance, "
            "stakeholder relationship management",
        )

    def test_a_coordinator_reads_them_about_the_mentee(self):
        suggestion = score(mentee(gaps=GAPS), mentor(skills={1: 3, 2: 2}))

        assert words(suggestion, Audience.COORDINATOR, "Priya") == (
            "can help with 2 of Priya's skill gaps: data governance, "
            "stakeholder relationship management",
        )

    def test_a_bigger_gap_covered_ranks_a_mentor_higher(self):
        seeker = mentee(gaps=GAPS)
        small, large = mentor(id=1, skills={2: 4}), mentor(id=2, skills={3: 4})

        assert [s.mentor_id for s in suggest(seeker, [small, large], **OPEN)] == [2, 1]


class TestHardRules:
    @pytest.mark.parametrize(
        "facts",
        [
            {"paused": True},
            {"accepting_requests": False},
            {"capacity": 2, "active_mentees": 2},
            {"capacity": 1, "active_mentees": 3},
            {"user_id": 100},
        ],
        ids=["paused", "not accepting", "at capacity", "over capacity", "same person"],
    )
    def test_the_pair_is_excluded(self, facts):
        assert score(mentee(), mentor(**facts)) is None
        assert points(mentee(), mentor(**facts)) is None

    def test_no_shared_format_when_both_gave_formats_excludes(self):
        assert (
            score(mentee(formats=frozenset({"in-person"})), mentor(formats=frozenset({"video"})))
            is None
        )

    def test_a_mentee_who_wants_someone_from_outside_is_never_given_a_colleague(self):
        outsider = mentee(
            organisation=normalise_organisation("Bolton NHS  Foundation Trust "),
            mentor_outside_organisation=True,
        )

        assert score(outsider, mentor(organisation="bolton nhs foundation trust")) is None
        assert score(outsider, mentor(organisation="wigan nhs foundation trust")) is not None

    def test_a_colleague_can_be_suggested_to_a_mentee_who_does_not_mind(self):
        colleague = mentor(organisation="salford royal nhs foundation trust")

        assert score(mentee(mentor_outside_organisation=False), colleague) is not None

    def test_organisations_are_compared_without_case_or_extra_spaces(self):
        assert normalise_organisation("  NHS   England\t") == normalise_organisation("nhs england")


class TestSuggest:
    def mentors(self) -> list[MentorFacts]:
        return [
            mentor(id=1, user_id=201, theme_ids=frozenset({1})),
            mentor(id=2, user_id=202, theme_ids=frozenset({1, 2})),
            mentor(id=3, user_id=203, region="london"),
            mentor(id=4, user_id=204, theme_ids=frozenset({1})),
            mentor(id=5, user_id=205, paused=True, theme_ids=frozenset({1, 2})),
            mentor(id=6, user_id=206),
        ]

    def test_ranked_by_score_then_by_lowest_mentor_id(self):
        ranked = suggest(mentee(themes=THEMES), self.mentors(), exclude_mentor_ids=NOBODY, limit=10)

        assert [s.mentor_id for s in ranked] == [2, 1, 4, 3, 6]
        assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
        assert words(ranked[0]) == ("shares 2 of your themes: change management, resilience",)

    def test_mentors_already_linked_to_the_mentee_are_left_out(self):
        ranked = suggest(mentee(themes=THEMES), self.mentors(), exclude_mentor_ids=frozenset({2}))

        assert [s.mentor_id for s in ranked] == [1, 4, 3, 6]

    def test_limit(self):
        ranked = suggest(mentee(themes=THEMES), self.mentors(), exclude_mentor_ids=NOBODY, limit=2)

        assert [s.mentor_id for s in ranked] == [2, 1]

    def test_mentors_may_come_one_at_a_time_and_a_limit_of_nothing_gives_nothing(self):
        streamed = suggest(mentee(themes=THEMES), iter(self.mentors()), **OPEN, limit=3)

        assert [s.mentor_id for s in streamed] == [2, 1, 4]
        assert suggest(mentee(themes=THEMES), self.mentors(), **OPEN, limit=0) == []

    def test_the_same_facts_give_the_same_suggestions_in_any_order(self):
        rng = random.Random(4)
        people = random_mentors(rng, 300)
        seeker = random_mentee(rng)
        expected = suggest(seeker, people, exclude_mentor_ids=frozenset({5, 6}), limit=25)

        for _ in range(5):
            rng.shuffle(people)
            assert suggest(seeker, people, exclude_mentor_ids=frozenset({5, 6}), limit=25) == (
                expected
            )

    def test_the_ranking_matches_each_pairs_own_score(self):
        rng = random.Random(8)
        people = random_mentors(rng, 300)
        seeker = random_mentee(rng)
        everyone = sorted(
            (s for s in (score(seeker, m) for m in people) if s is not None),
            key=lambda s: (-s.score, s.mentor_id),
        )

        assert suggest(seeker, people, exclude_mentor_ids=NOBODY, limit=len(people)) == everyone
        for person in people:
            suggestion = score(seeker, person)
            assert points(seeker, person) == (suggestion.score if suggestion else None)


class TestWeights:
    def test_a_change_of_weight_in_the_one_place_changes_the_order(self, monkeypatch):
        seeker = mentee(themes=THEMES, region="london")
        same_theme = mentor(id=1, theme_ids=frozenset({1}))
        same_region = mentor(id=2, region="london")

        assert [s.mentor_id for s in suggest(seeker, [same_region, same_theme], **OPEN)] == [1, 2]

        monkeypatch.setattr(
            matching, "WEIGHTS", dataclasses.replace(WEIGHTS, same_region=WEIGHTS.shared_theme + 1)
        )

        assert [s.mentor_id for s in suggest(seeker, [same_region, same_theme], **OPEN)] == [2, 1]
        assert score(seeker, same_region).score == WEIGHTS.shared_theme + 1

    def test_weights_are_whole_numbers(self):
        assert all(isinstance(weight, int) for weight in dataclasses.astuple(WEIGHTS))


class TestPurity:
    def test_the_matching_module_imports_nothing_of_django_or_the_models(self):
        tree = ast.parse(inspect.getsource(matching))
        imported = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        }

        assert imported <= {"heapq", "collections.abc", "dataclasses", "enum", "types"}


OPEN = {"exclude_mentor_ids": NOBODY}


def random_mentee(rng: random.Random) -> MenteeFacts:
    return mentee(
        themes=dict(rng.sample(sorted(THEMES.items()), k=rng.randint(1, 3))),
        background=rng.choice(list(matching.BACKGROUND_REASONS)),
        region=rng.choice(["london", "north-west", "midlands"]),
        formats=frozenset(rng.sample(list(matching.FORMAT_WORDS), k=rng.randint(0, 2))),
        target_pathway_id=rng.choice([None, 1, 2]),
        target_pathway_title="A pathway",
        preferred_experience=frozenset(rng.sample(["carer", "lgbtq"], k=rng.randint(0, 1))),
        mentor_outside_organisation=rng.random() < 0.5,
        organisation=rng.choice(["trust a", "trust b"]),
        gaps=random_gaps(rng),
    )


def random_gaps(rng: random.Random) -> dict[int, SkillGap]:
    gaps = {}
    for skill_id in rng.sample(sorted(GAPS), k=rng.randint(0, 3)):
        required = rng.randint(1, 4)
        gaps[skill_id] = SkillGap(GAPS[skill_id].name, required, rng.randint(1, required))
    return gaps


def random_skills(rng: random.Random) -> dict[int, int]:
    return {skill_id: rng.randint(1, 4) for skill_id in rng.sample([1, 2, 3, 4], rng.randint(0, 3))}


def random_mentors(rng: random.Random, count: int) -> list[MentorFacts]:
    """Many mentors with few distinct facts, so that scores tie often."""
    return [
        mentor(
            id=number,
            user_id=1000 + number,
            theme_ids=frozenset(rng.sample(sorted(THEMES), k=rng.randint(0, 3))),
            background=rng.choice(list(matching.BACKGROUND_REASONS)),
            region=rng.choice(["london", "north-west", "midlands"]),
            formats=frozenset(rng.sample(list(matching.FORMAT_WORDS), k=rng.randint(0, 3))),
            pathway_ids=frozenset(rng.sample([1, 2, 3], k=rng.randint(0, 1))),
            organisation=rng.choice(["trust a", "trust b", "trust c"]),
            lived_experience=frozenset(rng.sample(["carer", "lgbtq"], k=rng.randint(0, 2))),
            capacity=(capacity := rng.randint(1, 3)),
            active_mentees=rng.randint(0, capacity),
            paused=rng.random() < 0.05,
            skills=random_skills(rng),
        )
        for number in range(1, count + 1)
    ]


class TestWordsForWhoReads:
    """The same reasons read by the mentee ("your themes") and by a coordinator looking at the
    mentee ("Priya's themes"): one set of facts, worded for an audience."""

    def everything(self) -> Suggestion:
        suggestion = score(
            mentee(
                themes=THEMES,
                background="clinical",
                formats=frozenset({"phone"}),
                target_pathway_id=7,
                target_pathway_title="Clinician to CCIO",
                preferred_experience=frozenset({"carer"}),
            ),
            mentor(
                theme_ids=frozenset({1}),
                background="clinical",
                formats=frozenset({"phone"}),
                pathway_ids=frozenset({7}),
                lived_experience=frozenset({"carer"}),
            ),
        )
        assert suggestion is not None
        return suggestion

    def test_a_coordinator_reads_about_the_mentee_by_name(self):
        assert words(self.everything(), Audience.COORDINATOR, "Priya") == (
            "shares 1 of Priya's themes: change management",
            "walked the pathway Priya chose: Clinician to CCIO",
            "clinician turned digital leader, like Priya",
            "carer, as Priya asked",
            "offers phone calls, as Priya prefers",
        )

    def test_without_a_name_the_coordinator_reads_the_mentee(self):
        assert words(self.everything(), Audience.COORDINATOR)[0] == (
            "shares 1 of the mentee's themes: change management"
        )

    def test_no_reason_speaks_to_the_mentee_when_a_coordinator_reads_it(self):
        for reason in words(self.everything(), Audience.COORDINATOR, "Priya"):
            assert not re.search(r"\byou(r)?\b", reason), reason

    def test_reasons_stored_by_a_round_read_the_same(self):
        stored = [reason.as_data() for reason in self.everything().reasons]

        assert reasons_in_words(stored, audience=Audience.MENTEE) == list(words(self.everything()))
