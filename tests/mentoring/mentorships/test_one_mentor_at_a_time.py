"""A mentee has one mentor at a time (`Mentorship.ONE_MENTOR_AT_A_TIME`): an active
mentorship, or one a matching round proposed. Whoever would give her a second is told she
already has one, on the page; the database holds the rule when changes race.
"""

from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.mentorships import services as mentorship_services
from mentoring.models import Mentorship, RoundProposal, StatusChange
from mentoring.rounds import services as round_services
from portal.roles import COORDINATORS
from tests.factories import (
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    ThemeFactory,
    UserFactory,
)
from tests.races import ON_POSTGRESQL, Racer, holding, wait_until_waiting

Status = Mentorship.Status


@pytest.fixture
def priya(db):
    return MenteeProfileFactory(
        user=UserFactory(first_name="Priya", last_name="Shah"), themes=[ThemeFactory()]
    )


def ask(mentee, mentor) -> Mentorship:
    return mentorship_services.request_mentor(
        mentee=mentee, mentor=mentor, message="Hello", goals="Grow"
    )


def page_text(response) -> str:
    return unescape(response.content.decode())


def publish_a_round_for(mentee, django_capture_on_commit_callbacks) -> Mentorship:
    """Publish a round that proposes a mentor for the mentee; returns the proposal."""
    matching_round = MatchingRoundFactory()
    coordinator = UserFactory(groups=[COORDINATORS])
    RoundMenteeFactory(round=matching_round, mentee=mentee)
    RoundMentorFactory(
        round=matching_round, mentor=MentorProfileFactory(themes=list(mentee.themes.all()))
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_services.request_proposal(matching_round=matching_round, actor=coordinator)
    assert RoundProposal.objects.get(round=matching_round).mentor_id is not None
    round_services.publish_round(matching_round=matching_round, actor=coordinator)
    return Mentorship.objects.get(mentee=mentee, status=Status.PROPOSED)


def holding_a_place(mentee) -> list[str]:
    return list(
        mentee.mentorships.filter(status__in=Mentorship.ONE_MENTOR_AT_A_TIME).values_list(
            "status", flat=True
        )
    )


@pytest.mark.django_db
def test_a_mentor_cannot_accept_a_mentee_who_holds_a_proposed_match(
    client, priya, django_capture_on_commit_callbacks
):
    request = ask(priya, MentorProfileFactory())
    proposed = publish_a_round_for(priya, django_capture_on_commit_callbacks)

    client.force_login(request.mentor.user)
    response = client.post(reverse("mentoring:accept", args=[request.pk]), follow=True)

    assert response.status_code == 200
    assert "Priya Shah already has a mentor." in page_text(response)
    assert Mentorship.objects.get(pk=request.pk).status == Status.REQUESTED

    # Confirming the proposal gives her that mentor, and her waiting request is withdrawn.
    for person in (priya.user, proposed.mentor.user):
        client.force_login(person)
        client.post(reverse("mentoring:match-confirm", args=[proposed.pk]))
    assert Mentorship.objects.get(pk=proposed.pk).status == Status.ACTIVE
    assert Mentorship.objects.get(pk=request.pk).status == Status.WITHDRAWN
    assert holding_a_place(priya) == [Status.ACTIVE]


@pytest.mark.django_db
def test_a_mentor_cannot_accept_a_mentee_who_already_has_one(client, priya):
    first = ask(priya, MentorProfileFactory())
    mentorship_services.accept_request(mentorship=first, actor=first.mentor.user)
    later = ask(priya, MentorProfileFactory())

    client.force_login(later.mentor.user)
    response = client.post(reverse("mentoring:accept", args=[later.pk]), follow=True)

    assert response.status_code == 200
    assert "Priya Shah already has a mentor." in page_text(response)
    assert Mentorship.objects.get(pk=later.pk).status == Status.REQUESTED
    assert holding_a_place(priya) == [Status.ACTIVE]
    assert not StatusChange.objects.filter(mentorship=later, to_status=Status.ACTIVE).exists()


@pytest.mark.django_db
def test_a_round_is_not_published_for_a_mentee_who_has_found_a_mentor_since(
    client, priya, django_capture_on_commit_callbacks
):
    matching_round = MatchingRoundFactory()
    coordinator = UserFactory(groups=[COORDINATORS])
    RoundMenteeFactory(round=matching_round, mentee=priya)
    RoundMentorFactory(
        round=matching_round, mentor=MentorProfileFactory(themes=[*priya.themes.all()])
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_services.request_proposal(matching_round=matching_round, actor=coordinator)
    publish_a_round_for(priya, django_capture_on_commit_callbacks)

    client.force_login(coordinator)
    response = client.post(reverse("mentoring:round-publish", args=[matching_round.pk]))

    assert response.status_code == 200
    assert "1 mentee has found a mentor since (Priya Shah)" in page_text(response)
    assert holding_a_place(priya) == [Status.PROPOSED]


@pytest.mark.django_db
def test_the_database_refuses_a_second_mentor_even_past_the_services(priya):
    MentorshipFactory(mentee=priya, status=Status.ACTIVE)

    for status in (Status.ACTIVE, Status.PROPOSED):
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorshipFactory(mentee=priya, status=status)
    # Ended mentorships and open requests are not a mentor.
    for status in (Status.COMPLETED, Status.ENDED_EARLY, Status.REQUESTED, Status.DECLINED):
        MentorshipFactory(mentee=priya, status=status)


# When a change skipped the lock: the database decides, and the person is still told kindly --


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_an_acceptance_beaten_by_a_change_that_skipped_the_lock_is_refused_kindly(priya):
    earlier = MentorshipFactory(mentee=priya, status=Status.COMPLETED)
    request = ask(priya, MentorProfileFactory())

    # Another connection makes her earlier mentorship active again without taking her lock,
    # and commits only once the acceptance is waiting on the database's rule.
    table = Mentorship._meta.db_table
    with holding(f"UPDATE {table} SET status = 'active' WHERE id = {earlier.pk}"):
        accepting = Racer(
            lambda: mentorship_services.accept_request(
                mentorship=request, actor=request.mentor.user
            )
        )
        wait_until_waiting(1)

    answer = accepting.outcome()
    assert isinstance(answer, mentorship_services.Refused), answer
    assert str(answer) == "Priya Shah already has a mentor."
    assert Mentorship.objects.get(pk=request.pk).status == Status.REQUESTED


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_a_publish_beaten_by_a_change_that_skipped_the_lock_is_refused_kindly(
    priya, django_capture_on_commit_callbacks
):
    earlier = MentorshipFactory(mentee=priya, status=Status.COMPLETED)
    matching_round = MatchingRoundFactory()
    coordinator = UserFactory(groups=[COORDINATORS])
    RoundMenteeFactory(round=matching_round, mentee=priya)
    RoundMentorFactory(
        round=matching_round, mentor=MentorProfileFactory(themes=[*priya.themes.all()])
    )
    round_services.request_proposal(matching_round=matching_round, actor=coordinator)

    table = Mentorship._meta.db_table
    with holding(f"UPDATE {table} SET status = 'active' WHERE id = {earlier.pk}"):
        publishing = Racer(
            lambda: round_services.publish_round(matching_round=matching_round, actor=coordinator)
        )
        wait_until_waiting(1)

    answer = publishing.outcome()
    assert isinstance(answer, mentorship_services.Refused), answer
    assert "1 mentee has found a mentor since (Priya Shah)" in str(answer)
    assert holding_a_place(priya) == [Status.ACTIVE]
    matching_round.refresh_from_db()
    assert matching_round.is_draft
