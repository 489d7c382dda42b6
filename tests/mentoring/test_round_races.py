"""Coordinators pressing "Propose matches" at the same moment start one run, never two.

The row lock on the round and the partial unique index on running proposals do the work on
PostgreSQL; each thread has its own connection.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from mentoring import services
from mentoring.models import RoundRun
from portal.roles import COORDINATORS
from tests.factories import (
    MatchingRoundFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections with row locks: PostgreSQL only (SQLite's test "
        "database serialises writers, so there is no race to lose)",
    ),
]


def run_together(actions) -> list[object]:
    """Start every action at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action) -> None:
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome is what the test asserts on
            outcomes[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
