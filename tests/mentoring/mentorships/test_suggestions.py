"""Suggestions through the real selectors and database: who is left out, in what order, with what
reasons, in how many queries, and the generated data the benchmark uses."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from mentoring import matching
from mentoring.generate import generate
from mentoring.mentorships.selectors import (
    linked_mentor_ids,
    mentee_facts,
    mentor_facts,
    suggestions_for,
)
from mentoring.models import Format, LivedExperience, MenteeProfile, MentorProfile, Mentorship
from mentoring.plans.selectors import skill_gaps_by_person
from stories.models import Background, Region, Status, Theme
from tests.factories import (
    LeaderFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    MentorSkillFactory,
    PathwayFactory,
    SkillFactory,
    ThemeFactory,
    UserFactory,
    give_gaps,
)

MentorshipStatus = Mentorship.Status
pytestmark = pytest.mark.django_db


def mentee_words(suggestion: matching.Suggestion) -> list[str]:
    return matching.reasons_in_words(suggestion.reasons, audience=matching.Audience.MENTEE)


@pytest.fixture
def themes() -> list[Theme]:
    return [
        ThemeFactory(name="Change management"),
        ThemeFactory(name="Resilience"),
        ThemeFactory(name="Taking risks"),
    ]


@pytest.fixture
def mentee(themes) -> MenteeProfile:
    return MenteeProfileFactory(
        themes=themes[:2],
        background=Background.TECHNICAL,
        region=Region.LONDON,
        formats=[Format.VIDEO],
    )


def mentor_of(**fields) -> MentorProfile:
    """A mentor in another region with another background, so only what a test sets counts."""
    fields = {"background": Background.CLINICAL, "region": Region.SOUTH_WEST} | fields
    return MentorProfileFactory(**fields)


def mentor_ids(suggestions: list[tuple[MentorProfile, matching.Suggestion]]) -> list[int]:
    return [profile.pk for profile, _ in suggestions]


class TestWhoIsSuggested:
    def test_mentors_are_ranked_with_their_reasons_and_profiles(self, mentee, themes):
        one_theme = mentor_of(themes=themes[:1])
        two_themes = mentor_of(themes=themes[:2])
        nothing_shared = mentor_of(themes=themes[2:])

        suggestions = suggestions_for(mentee)

        assert mentor_ids(suggestions) == [two_themes.pk, one_theme.pk, nothing_shared.pk]
        profile, suggestion = suggestions[0]
        assert profile == two_themes
        assert (
            mentee_words(suggestion)[0] == "shares 2 of your themes: change management, resilience"
        )

    def test_equal_scores_are_in_the_order_mentors_joined(self, mentee, themes):
        first, second, third = (mentor_of(themes=themes[:1]) for _ in range(3))

        assert mentor_ids(suggestions_for(mentee)) == [first.pk, second.pk, third.pk]

    def test_limit(self, mentee, themes):
        for _ in range(4):
            mentor_of(themes=themes[:1])

        assert len(suggestions_for(mentee, limit=2)) == 2

    @pytest.mark.parametrize(
        "fields",
        [
            {"paused_at": timezone.now()},
            {"accepting_requests": False},
            {"user__is_active": False},
        ],
        ids=["paused", "not accepting", "account deactivated"],
    )
    def test_mentors_who_cannot_take_a_request_are_left_out(self, mentee, themes, fields):
        mentor_of(themes=themes, **fields)
        available = mentor_of()

        assert mentor_ids(suggestions_for(mentee)) == [available.pk]

    def test_a_mentor_at_capacity_is_left_out_until_a_place_frees_up(self, mentee, themes):
        full = mentor_of(themes=themes, capacity=2)
        actives = [MentorshipFactory(mentor=full, status=MentorshipStatus.ACTIVE) for _ in range(2)]
        MentorshipFactory(mentor=full, status=MentorshipStatus.COMPLETED)

        assert suggestions_for(mentee) == []

        actives[0].status = MentorshipStatus.COMPLETED
        actives[0].save()

        assert mentor_ids(suggestions_for(mentee)) == [full.pk]

    @pytest.mark.parametrize("status", list(MentorshipStatus))
    def test_a_mentor_the_mentee_ever_asked_or_had_is_not_suggested_again(
        self, mentee, themes, status
    ):
        asked = mentor_of(themes=themes)
        MentorshipFactory(mentee=mentee, mentor=asked, status=status)
        other = mentor_of()

        assert mentor_ids(suggestions_for(mentee)) == [other.pk]

    def test_the_mentee_is_never_suggested_to_themself(self, mentee, themes):
        mentor_of(user=mentee.user, themes=themes)

        assert suggestions_for(mentee) == []

    def test_a_mentee_who_wants_an_outsider_is_not_given_a_colleague(self, themes):
        seeker = MenteeProfileFactory(
            organisation="Bolton NHS Foundation Trust", mentor_outside_organisation=True
        )
        mentor_of(organisation="  bolton NHS   foundation trust", themes=themes)
        outsider = mentor_of(organisation="Wigan NHS Foundation Trust")

        assert mentor_ids(suggestions_for(seeker)) == [outsider.pk]

    def test_no_mentor_without_a_format_the_mentee_can_use(self, mentee):
        mentor_of(formats=[Format.IN_PERSON])
        by_video = mentor_of(formats=[Format.PHONE, Format.VIDEO])

        assert mentor_ids(suggestions_for(mentee)) == [by_video.pk]


class TestPathwayReasons:
    def test_a_mentor_whose_published_story_is_an_example_of_the_mentees_pathway(self, mentee):
        leader = LeaderFactory()
        pathway = PathwayFactory(title="IT manager to CIO", example_leaders=[leader])
        mentee.target_pathway = pathway
        mentee.save()
        walked = mentor_of(leader=leader)
        other = mentor_of()

        suggestions = suggestions_for(mentee)

        assert mentor_ids(suggestions) == [walked.pk, other.pk]
        assert "walked the pathway you chose: IT manager to CIO" in mentee_words(suggestions[0][1])

    @pytest.mark.parametrize("draft", ["leader", "pathway"])
    def test_drafts_do_not_count(self, mentee, draft):
        leader = LeaderFactory(status=Status.DRAFT if draft == "leader" else Status.PUBLISHED)
        pathway = PathwayFactory(
            example_leaders=[leader],
            status=Status.DRAFT if draft == "pathway" else Status.PUBLISHED,
        )
        mentee.target_pathway = pathway
        mentee.save()
        mentor_of(leader=leader)

        [(_, suggestion)] = suggestions_for(mentee)

        assert not any(reason.startswith("walked") for reason in mentee_words(suggestion))


class TestFacts:
    def test_mentor_facts_hold_what_matching_needs(self, themes):
        leader = LeaderFactory()
        pathways = [
            PathwayFactory(title="B route", example_leaders=[leader]),
            PathwayFactory(title="A route", example_leaders=[leader]),
        ]
        profile = mentor_of(
            user__first_name="Ada",
            user__last_name="Okafor",
            themes=themes[1:],
            organisation=" NHS  England ",
            formats=[Format.VIDEO, Format.PHONE],
            lived_experience=[LivedExperience.CARER],
            capacity=3,
            leader=leader,
        )
        MentorshipFactory(mentor=profile, status=MentorshipStatus.ACTIVE)
        MentorshipFactory(mentor=profile, status=MentorshipStatus.REQUESTED)

        [facts] = mentor_facts()

        assert facts == matching.MentorFacts(
            id=profile.pk,
            user_id=profile.user_id,
            name="Ada Okafor",
            theme_ids=frozenset(theme.pk for theme in themes[1:]),
            background=Background.CLINICAL,
            region=Region.SOUTH_WEST,
            formats=frozenset({"video", "phone"}),
            pathway_ids=frozenset(pathway.pk for pathway in pathways),
            pathway_titles=("A route", "B route"),
            organisation="nhs england",
            lived_experience=frozenset({"carer"}),
            capacity=3,
            active_mentees=1,
        )

    def test_mentor_facts_in_id_order_for_chosen_mentors_and_themes(self, themes):
        first, second, third = (mentor_of(themes=themes) for _ in range(3))

        chosen = mentor_facts(mentor_ids=frozenset({third.pk, first.pk}))
        narrowed = mentor_facts(theme_ids=frozenset({themes[0].pk}))

        assert [facts.id for facts in chosen] == [first.pk, third.pk]
        assert [facts.theme_ids for facts in narrowed] == [frozenset({themes[0].pk})] * 3
        assert second.pk not in {facts.id for facts in chosen}

    def test_mentee_facts(self, themes):
        pathway = PathwayFactory(title="Clinician to CCIO")
        profile = MenteeProfileFactory(
            themes=themes[:2],
            organisation="Salford Royal  NHS Foundation Trust",
            target_pathway=pathway,
            formats=[Format.PHONE],
            preferred_experience=[LivedExperience.DISABLED],
            mentor_outside_organisation=True,
        )

        facts = mentee_facts(MenteeProfile.objects.get(pk=profile.pk))

        assert facts.themes == {themes[0].pk: "Change management", themes[1].pk: "Resilience"}
        assert facts.theme_ids == frozenset({themes[0].pk, themes[1].pk})
        assert facts.target_pathway_id == pathway.pk
        assert facts.target_pathway_title == "Clinician to CCIO"
        assert facts.organisation == "salford royal nhs foundation trust"
        assert facts.formats == frozenset({"phone"})
        assert facts.preferred_experience == frozenset({"disabled"})
        assert facts.mentor_outside_organisation is True

    def test_mentee_facts_without_themes_or_pathway(self):
        facts = mentee_facts(MenteeProfileFactory())

        assert (facts.themes, facts.target_pathway_id, facts.target_pathway_title) == ({}, None, "")

    def test_linked_mentors_are_every_mentor_ever_asked(self, mentee):
        declined = MentorshipFactory(mentee=mentee, status=MentorshipStatus.DECLINED).mentor
        active = MentorshipFactory(mentee=mentee, status=MentorshipStatus.ACTIVE).mentor
        MentorshipFactory(mentee=mentee, mentor=None, status=MentorshipStatus.COMPLETED)
        MentorshipFactory(status=MentorshipStatus.ACTIVE)

        assert linked_mentor_ids(mentee) == frozenset({declined.pk, active.pk})

    def test_every_choice_on_the_profile_forms_has_its_words_in_the_reasons(self):
        assert set(matching.BACKGROUND_REASONS) == set(Background.values)
        assert set(matching.REGION_REASONS) == set(Region.values)
        assert set(matching.FORMAT_WORDS) == set(Format.values)
        assert set(matching.EXPERIENCE_WORDS) == set(LivedExperience.values)


class TestSkillGaps:
    def test_a_mentor_who_can_help_with_the_mentees_gaps_ranks_higher_and_says_so(
        self, mentee, themes
    ):
        governance = SkillFactory(name="Data governance")
        stakeholders = SkillFactory(name="Stakeholder relationship management")
        give_gaps(mentee.user, {governance: (1, 3), stakeholders: (2, 3)})
        no_skills = mentor_of(themes=themes[:1])
        too_junior = mentor_of(themes=themes[:1])
        MentorSkillFactory(mentor=too_junior, skill=governance, level=2)
        helpful = mentor_of(themes=themes[:1])
        MentorSkillFactory(mentor=helpful, skill=governance, level=3)
        MentorSkillFactory(mentor=helpful, skill=stakeholders, level=4)

        suggestions = suggestions_for(mentee)

        assert mentor_ids(suggestions) == [helpful.pk, no_skills.pk, too_junior.pk]
        assert mentee_words(suggestions[0][1])[1] == (
            "can help with 2 of your skill gaps: data governance, "
            "stakeholder relationship management"
        )
        assert suggestions[0][1].score - suggestions[1][1].score == 3 * matching.WEIGHTS.skill_gap
        assert not any("skill gaps" in reason for reason in mentee_words(suggestions[2][1]))

    def test_gaps_come_from_the_latest_self_assessment_without_retired_skills(self, mentee):
        governance, testing, retired = (
            SkillFactory(name="Data governance"),
            SkillFactory(name="Testing"),
            SkillFactory(name="Old skill", retired_at=timezone.now()),
        )
        give_gaps(mentee.user, {governance: (0, 2), testing: (1, 3)})
        give_gaps(mentee.user, {governance: (1, 4), testing: (3, 3), retired: (1, 2)})

        facts = mentee_facts(mentee)

        assert facts.gaps == {governance.pk: matching.SkillGap("Data governance", 4, 3)}
        # The plan's own selector, for several people at once; nobody without a plan.
        assert skill_gaps_by_person([mentee.user_id, UserFactory().pk]) == {
            mentee.user_id: {governance.pk: matching.SkillGap("Data governance", 4, 3)}
        }
        assert skill_gaps_by_person([UserFactory().pk]) == {}

    def test_the_array_ranking_gives_what_matching_py_gives_from_the_same_rows(self, themes):
        """Seeded random people in the database: suggestions_for (arrays) against
        matching.suggest over every mentor's facts, for many mentees."""
        import random

        rng = random.Random(7)
        skills = [SkillFactory(name=f"Skill {n}") for n in range(5)]
        regions = [Region.LONDON, Region.NORTH_WEST, Region.SOUTH_WEST]
        backgrounds = [Background.CLINICAL, Background.TECHNICAL]
        tried = set()
        organisations = [
            "Bolton NHS Foundation Trust",
            " bolton nhs  foundation trust",
            "NHS England",
        ]
        experience = [LivedExperience.CARER, LivedExperience.DISABLED]
        for _ in range(40):
            person = MentorProfileFactory(
                themes=rng.sample(themes, rng.randint(0, 3)),
                region=rng.choice(regions),
                background=rng.choice(backgrounds),
                formats=rng.sample([Format.VIDEO, Format.PHONE], rng.randint(0, 2)),
                capacity=rng.randint(1, 3),
                organisation=rng.choice(organisations),
                lived_experience=rng.sample(experience, rng.randint(0, 2)),
            )
            for skill in rng.sample(skills, rng.randint(0, 3)):
                MentorSkillFactory(mentor=person, skill=skill, level=rng.randint(1, 4))
        for _ in range(15):
            seeker = MenteeProfileFactory(
                themes=rng.sample(themes, rng.randint(1, 3)),
                region=rng.choice(regions),
                background=rng.choice(backgrounds),
                formats=rng.sample([Format.VIDEO, Format.PHONE], rng.randint(0, 2)),
                organisation=rng.choice(organisations),
                mentor_outside_organisation=rng.random() < 0.5,
                preferred_experience=rng.sample(experience, rng.randint(0, 1)),
            )
            give_gaps(
                seeker.user,
                {
                    skill: (rng.randint(0, 2), rng.randint(3, 4))
                    for skill in rng.sample(skills, rng.randint(0, 4))
                },
            )
            facts = mentee_facts(seeker)
            expected = matching.suggest(
                facts, mentor_facts(), exclude_mentor_ids=frozenset(), limit=10
            )

            assert [s for _, s in suggestions_for(seeker)] == expected
            tried.add((facts.mentor_outside_organisation, bool(facts.preferred_experience)))
        assert len(tried) == 4  # every way of leaving columns out was tried


class TestQueryCount:
    @pytest.mark.parametrize("mentors", [5, 200])
    def test_suggestions_take_the_same_queries_whatever_the_number_of_mentors(
        self, mentee, themes, mentors, django_assert_num_queries
    ):
        leader = LeaderFactory()
        mentee.target_pathway = PathwayFactory(example_leaders=[leader])
        mentee.save()
        people = [
            MentorProfileFactory(themes=themes[: number % 3 + 1], capacity=3)
            for number in range(mentors)
        ]
        people[0].leader = leader
        people[0].save()
        people[0].themes.set(themes)
        MentorshipFactory(mentee=mentee, mentor=people[1], status=MentorshipStatus.DECLINED)
        MentorshipFactory(mentor=people[2], status=MentorshipStatus.ACTIVE)
        skills = [SkillFactory(name=f"Skill {n}") for n in range(4)]
        give_gaps(mentee.user, {skill: (1, 3) for skill in skills})
        for number, person in enumerate(people):
            MentorSkillFactory(mentor=person, skill=skills[number % 4], level=3)
            MentorSkillFactory(mentor=person, skill=skills[(number + 1) % 4], level=2)
        fresh = MenteeProfile.objects.get(pk=mentee.pk)

        # The mentee's themes and pathway, and their skill gaps; the mentor facts stamp; then,
        # read once and kept, mentors, their themes, pathways and skills; the places mentors
        # hold and the pathways they walked; the mentee's past mentors; the suggested profiles.
        with django_assert_num_queries(11):
            first = suggestions_for(fresh)
        # With the mentors' facts kept: four fewer.
        with django_assert_num_queries(7):
            suggestions = suggestions_for(fresh)

        assert [s for _, s in suggestions] == [s for _, s in first]

        assert len(suggestions) == min(10, mentors - 1)
        assert suggestions[0][0] == people[0]
        assert any(reason.startswith("walked") for reason in mentee_words(suggestions[0][1]))
        assert all(
            any(reason.startswith("can help with 1 of your skill gaps") for reason in words)
            for words in (mentee_words(suggestion) for _, suggestion in suggestions)
        )
        for profile, _ in suggestions:
            assert profile.user.email and (profile.leader_id is None or profile.leader.name)


class TestGeneratedData:
    def test_the_same_seed_gives_the_same_people(self, themes):
        first = generate(mentors=40, mentees=30, seed=5)
        second = generate(mentors=40, mentees=30, seed=5)

        assert first.run_token != second.run_token
        assert described(first.run_token) == described(second.run_token)
        assert first.counts["mentors"] == 40 and first.counts["mentees"] == 30

    def test_generated_data_keeps_the_rules_and_gives_suggestions(self):
        generate(mentors=60, mentees=40, seed=2)

        assert Theme.objects.count() == 10
        over_capacity = MentorProfile.objects.annotate(
            active=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE))
        ).filter(active__gt=F("capacity"))
        assert not over_capacity.exists()
        open_per_mentee = (
            Mentorship.objects.filter(status__in=Mentorship.OPEN_REQUEST)
            .values("mentee")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not open_per_mentee.exists()
        assert Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).exists()
        explained = []
        for profile in MenteeProfile.objects.order_by("pk")[:10]:
            linked = linked_mentor_ids(profile)
            for mentor, suggestion in suggestions_for(profile):
                assert mentor.pk not in linked
                assert mentor.accepting_requests and not mentor.is_paused
                explained += mentee_words(suggestion)
        # Mentors offer skills and mentees have gaps, so skills count in the suggestions.
        assert any("of your skill gaps" in reason for reason in explained)

    def test_the_command_reports_what_it_made(self, capsys):
        UserFactory()
        call_command("generate_mentoring_data", "--mentors=5", "--mentees=3", "--seed=9")

        out = capsys.readouterr().out
        assert "Generated run m9r1" in out
        assert "5 mentors" in out and "3 mentees" in out


def described(token: str) -> list[tuple]:
    """A run's content without its ids and addresses, to compare two runs."""
    mentors = MentorProfile.objects.filter(user__email__startswith=f"mentor-{token}-")
    mentees = MenteeProfile.objects.filter(user__email__startswith=f"mentee-{token}-")
    return [
        *mentors.order_by("pk").values_list(
            "user__first_name", "background", "region", "organisation", "formats", "capacity"
        ),
        *[sorted(m.themes.values_list("name", flat=True)) for m in mentors.order_by("pk")],
        *mentees.order_by("pk").values_list(
            "user__last_name", "background", "band", "formats", "preferred_experience"
        ),
        *Mentorship.objects.filter(mentee__in=mentees)
        .order_by("pk")
        .values_list("status", "mentor__user__last_name", "requested_at"),
    ]
