"""Two acceptances at the same moment never take a mentor past capacity.

The lock on the mentor's row does the work on PostgreSQL; each thread has its own connection.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from mentoring.mentorships import services
from mentoring.models import Mentorship
from tests.factories import MenteeProfileFactory, MentorProfileFactory

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
        # Any error is an outcome the test asserts on, so none may escape the thread.
        except Exception as error:
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


def test_racing_acceptances_never_exceed_the_mentors_capacity():
    mentor = MentorProfileFactory(capacity=2)
    requests = [
        services.request_mentor(
            mentee=MenteeProfileFactory(), mentor=mentor, message="Hello", goals="Grow"
        )
        for _ in range(8)
    ]

    outcomes = run_together(
        [lambda m=m: services.accept_request(mentorship=m, actor=mentor.user) for m in requests]
    )

    accepted = [o for o in outcomes if isinstance(o, Mentorship)]
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(accepted) == 2, outcomes
    assert len(refused) == 6, outcomes
    assert Mentorship.objects.filter(mentor=mentor, status="active").count() == 2
    assert Mentorship.objects.filter(mentor=mentor, status="requested").count() == 6


def test_racing_requests_never_exceed_the_open_request_limit():
    mentee = MenteeProfileFactory()
    mentors = [MentorProfileFactory() for _ in range(8)]

    outcomes = run_together(
        [
            lambda m=m: services.request_mentor(
                mentee=mentee, mentor=m, message="Hello", goals="Grow"
            )
            for m in mentors
        ]
    )

    assert sum(isinstance(o, Mentorship) for o in outcomes) == 3
    assert Mentorship.objects.filter(mentee=mentee).count() == 3
