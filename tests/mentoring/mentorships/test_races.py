"""Mentorship changes racing one another on PostgreSQL, each in its own thread and connection.

Acceptances never take a mentor past capacity; a mentee never ends up with two mentors; and
no race ends in a deadlock or a database error (a 500 on the page): the loser is told why.
"""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.models import MenteeProfile, Mentorship, StatusChange
from tests.factories import MenteeProfileFactory, MentorProfileFactory, UserFactory
from tests.races import (
    ON_POSTGRESQL,
    Racer,
    holding,
    run_together,
    unexpected,
    wait_until_waiting,
)

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]

Status = Mentorship.Status


def ask(mentee: MenteeProfile, mentor) -> Mentorship:
    return services.request_mentor(mentee=mentee, mentor=mentor, message="Hello", goals="Grow")


def assert_histories_unbroken() -> None:
    """Each mentorship's recorded changes follow on from one another: no change was made from
    a status the mentorship had already left (a lost update)."""
    for mentorship in Mentorship.objects.all():
        steps = list(mentorship.changes.values_list("from_status", "to_status"))
        for (_, before), (after, _) in pairwise(steps):
            assert before == after, (mentorship, steps)
        assert steps[-1][1] == mentorship.status, (mentorship, steps)


def test_racing_acceptances_never_exceed_the_mentors_capacity():
    mentor = MentorProfileFactory(capacity=2)
    requests = [ask(MenteeProfileFactory(), mentor) for _ in range(8)]

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

    outcomes = run_together([lambda m=m: ask(mentee, m) for m in mentors])

    assert sum(isinstance(o, Mentorship) for o in outcomes) == 3
    assert Mentorship.objects.filter(mentee=mentee).count() == 3


def test_three_mentors_accepting_one_mentees_requests_at_once_give_her_one_mentor():
    mentee = MenteeProfileFactory(user=UserFactory(first_name="Priya", last_name="Shah"))
    requests = [ask(mentee, MentorProfileFactory()) for _ in range(3)]

    outcomes = run_together(
        [lambda m=m: services.accept_request(mentorship=m, actor=m.mentor.user) for m in requests]
    )

    assert unexpected(outcomes, services.Refused) == [], outcomes
    assert sum(isinstance(o, Mentorship) for o in outcomes) == 1, outcomes
    refusals = [str(o) for o in outcomes if isinstance(o, services.Refused)]
    assert refusals == ["Priya Shah already has a mentor."] * 2, outcomes
    statuses = sorted(Mentorship.objects.filter(mentee=mentee).values_list("status", flat=True))
    assert statuses == [Status.ACTIVE, Status.WITHDRAWN, Status.WITHDRAWN]
    assert_histories_unbroken()


def test_an_acceptance_racing_the_housekeeping_expiry_ends_one_way_not_in_a_deadlock():
    mentee = MenteeProfileFactory()
    other = ask(mentee, MentorProfileFactory())
    mentorship = ask(mentee, MentorProfileFactory())  # the newest: housekeeping's first
    overdue = timezone.now() + timedelta(days=15)

    # Line the two up at their most dangerous moment: housekeeping is part-way through expiring
    # the request (held up as it records the change) when the mentor accepts it.
    with holding(f"LOCK TABLE {StatusChange._meta.db_table} IN SHARE MODE"):
        expiring = Racer(lambda: services.housekeeping(now=overdue))
        wait_until_waiting(1)
        accepting = Racer(
            lambda: services.accept_request(mentorship=mentorship, actor=mentorship.mentor.user)
        )
        wait_until_waiting(2)

    report, answer = expiring.outcome(), accepting.outcome()
    assert isinstance(report, services.HousekeepingReport), report
    assert report.expired == 2
    assert isinstance(answer, services.Refused), answer
    assert str(answer) == "You cannot accept this request: this mentorship is expired."
    statuses = set(Mentorship.objects.filter(mentee=mentee).values_list("status", flat=True))
    assert statuses == {Status.EXPIRED}, (statuses, other)
    assert_histories_unbroken()
