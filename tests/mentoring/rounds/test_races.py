"""Matching rounds racing on PostgreSQL, each racer in its own thread and connection.

Coordinators pressing "Propose matches" at the same moment start one run, never two (the row
lock on the round and the partial unique index on running proposals). Two rounds that share a
mentee, published at the same moment, give her one proposed mentor, never two (the lock on her
profile, and the `one_mentor_at_a_time` constraint behind it).
"""

import pytest

from mentoring.models import Mentorship, RoundProposal, RoundRun, StatusChange
from mentoring.rounds import services
from portal.roles import COORDINATORS
from tests.factories import (
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    ThemeFactory,
    UserFactory,
)
from tests.races import ON_POSTGRESQL, Racer, holding, run_together, unexpected, wait_until_waiting

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]


def test_racing_proposes_start_one_run(database_queue):
    # The real queue with no worker: the run stays waiting, as it would behind a busy worker,
    # so every other press meets it.
    matching_round = MatchingRoundFactory()
    RoundMenteeFactory(round=matching_round)
    RoundMentorFactory(round=matching_round)
    coordinators = [UserFactory(groups=[COORDINATORS]) for _ in range(6)]

    outcomes = run_together(
        [
            lambda user=user: services.request_proposal(matching_round=matching_round, actor=user)
            for user in coordinators
        ]
    )

    started = [o for o in outcomes if isinstance(o, RoundRun)]
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(started) == 1, outcomes
    assert len(refused) == 5, outcomes
    assert all("already being proposed" in str(r) for r in refused)
    assert RoundRun.objects.filter(round=matching_round).count() == 1


def test_two_rounds_sharing_a_mentee_published_at_once_propose_one_mentor_for_her():
    theme = ThemeFactory()
    mentee = MenteeProfileFactory(themes=[theme])
    coordinators = [UserFactory(groups=[COORDINATORS]) for _ in range(2)]
    rounds = [MatchingRoundFactory() for _ in range(2)]
    for matching_round, coordinator in zip(rounds, coordinators, strict=True):
        RoundMenteeFactory(round=matching_round, mentee=mentee)
        RoundMentorFactory(round=matching_round, mentor=MentorProfileFactory(themes=[theme]))
        services.request_proposal(matching_round=matching_round, actor=coordinator)
        assert RoundProposal.objects.get(round=matching_round).mentor_id is not None

    # Both publish at once; each is held up as it records the new mentorships' history, so
    # neither can finish before the other has looked at who already has a mentor.
    with holding(f"LOCK TABLE {StatusChange._meta.db_table} IN SHARE MODE"):
        racers = [
            Racer(lambda r=r, c=c: services.publish_round(matching_round=r, actor=c))
            for r, c in zip(rounds, coordinators, strict=True)
        ]
        wait_until_waiting(2)
    outcomes = [racer.outcome() for racer in racers]

    assert unexpected(outcomes, services.Refused) == [], outcomes
    assert sorted(outcomes, key=str)[0] == 1, outcomes  # one round published its pair
    [refusal] = [o for o in outcomes if isinstance(o, services.Refused)]
    assert "1 mentee has found a mentor since" in str(refusal)
    assert Mentorship.objects.filter(mentee=mentee, status=Mentorship.Status.PROPOSED).count() == 1
