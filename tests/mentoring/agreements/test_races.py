"""Agreements changed and confirmed at the same moment: the lock on the mentorship row queues
them, so nobody confirms terms they did not read, a change is never lost, and a double submit
does its work once."""

import pytest
from django.core import mail

from mentoring.agreements import services
from mentoring.agreements.models import Agreement
from mentoring.models import Mentorship
from tests.factories import MentorshipFactory
from tests.races import ON_POSTGRESQL, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]

STALE = "The terms changed since you read them"


def started() -> Mentorship:
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    services.start_agreement(mentorship=mentorship)
    mail.outbox.clear()
    return mentorship


def change(mentorship: Mentorship, actor, *, duration_months: int):
    return lambda: services.change_terms(
        agreement=Agreement.objects.get(mentorship=mentorship),
        actor=actor,
        version=1,
        meeting_every_days=14,
        formats=["video"],
        duration_months=duration_months,
    )


def confirm(mentorship: Mentorship, actor):
    return lambda: services.confirm_terms(
        agreement=Agreement.objects.get(mentorship=mentorship), actor=actor, version=1
    )


@pytest.mark.parametrize("attempt", range(4))
def test_a_confirmation_racing_a_change_never_agrees_terms_unread(attempt):
    mentorship = started()

    outcomes = run_together(
        [
            change(mentorship, mentorship.mentee.user, duration_months=9),
            confirm(mentorship, mentorship.mentor.user),
        ]
    )

    assert unexpected(outcomes, services.Refused) == [], outcomes
    assert isinstance(outcomes[0], Agreement), outcomes
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert (agreement.version, agreement.duration_months) == (2, 9)
    assert agreement.mentee_confirmed_version == 2
    assert not agreement.is_agreed and agreement.agreed_at is None
    if isinstance(outcomes[1], services.Refused):
        assert STALE in str(outcomes[1])
        assert agreement.mentor_confirmed_version == 0
    else:
        assert agreement.mentor_confirmed_version == 1  # confirmed before the change


def test_both_changing_at_once_one_change_wins_the_other_is_told():
    mentorship = started()

    outcomes = run_together(
        [
            change(mentorship, mentorship.mentee.user, duration_months=9),
            change(mentorship, mentorship.mentor.user, duration_months=12),
        ]
    )

    assert unexpected(outcomes, services.Refused) == [], outcomes
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(refused) == 1 and STALE in str(refused[0]), outcomes
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert agreement.version == 2
    winner = 9 if isinstance(outcomes[0], Agreement) else 12
    assert agreement.duration_months == winner


def test_confirming_from_two_tabs_at_once_confirms_once_and_emails_once():
    mentorship = started()

    outcomes = run_together([confirm(mentorship, mentorship.mentor.user)] * 2)

    assert all(isinstance(o, Agreement) for o in outcomes), outcomes
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert (agreement.version, agreement.mentor_confirmed_version) == (1, 1)
    assert [m.to for m in mail.outbox] == [[mentorship.mentee.user.email]]
