"""Who may change a mentorship, and when: one table (`Mentorship.ALLOWED`) that the services
enforce and the mentorship page reads, so a page offers exactly what the service allows."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse

from mentoring.mentorships import services
from mentoring.models import MenteeProfile, MentorProfile, Mentorship
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def service_allows(call) -> bool:
    """Whether the service makes the change; whatever it did is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except services.Refused:
        return False


def calls(mentorship, actor):
    m = mentorship
    return {
        "accept": lambda: services.accept_request(mentorship=m, actor=actor),
        "decline": lambda: services.decline_request(mentorship=m, actor=actor, reason="Busy"),
        "ask": lambda: services.ask_for_more_information(
            mentorship=m, actor=actor, question="Why me?"
        ),
        "answer": lambda: services.provide_more_information(
            mentorship=m, actor=actor, answer="Your path"
        ),
        "withdraw": lambda: services.withdraw_request(mentorship=m, actor=actor),
        "end_early": lambda: services.end_early(mentorship=m, actor=actor, reason="Moved"),
        "complete": lambda: services.complete(mentorship=m, actor=actor),
        "add_goal": lambda: services.add_goal(mentorship=m, actor=actor, text="Lead"),
        "log_session": lambda: services.log_session(
            mentorship=m, actor=actor, held_on=date.today(), summary="Talked", next_steps=""
        ),
        "give_feedback": lambda: services.give_feedback(
            mentorship=m, actor=actor, rating=5, comment=""
        ),
    }


PAGE_LINKS = {
    "accept": "mentoring:accept",
    "decline": "mentoring:decline",
    "ask": "mentoring:ask",
    "answer": "mentoring:answer",
    "withdraw": "mentoring:withdraw",
    "end_early": "mentoring:end-early",
    "complete": "mentoring:complete",
    "add_goal": "mentoring:add-goal",
    "log_session": "mentoring:log-session",
    "give_feedback": "mentoring:feedback",
}


@pytest.mark.parametrize("status", Status.values)
def test_the_services_allow_exactly_what_actions_for_says(status):
    mentorship = MentorshipFactory(status=status)
    stranger = UserFactory()

    for actor in (mentorship.mentee.user, mentorship.mentor.user, stranger):
        can = Mentorship.objects.get(pk=mentorship.pk).actions_for(actor)
        for action, call in calls(mentorship, actor).items():
            assert service_allows(call) == can[action], (status, action, actor)


@pytest.mark.parametrize("status", Status.values)
def test_the_mentorship_page_offers_exactly_what_actions_for_says(client, status):
    mentorship = MentorshipFactory(status=status)

    for person in (mentorship.mentee.user, mentorship.mentor.user):
        client.force_login(person)
        page = client.get(mentorship.get_absolute_url()).content.decode()
        can = mentorship.actions_for(person)
        for action, url_name in PAGE_LINKS.items():
            offered = reverse(url_name, args=[mentorship.pk]) in page
            assert offered == can[action], (status, action, mentorship.role_of(person))


class TestWhoIsWho:
    def test_each_person_has_their_part_and_nobody_else_has_one(self):
        mentorship = MentorshipFactory()
        mentee, mentor = mentorship.mentee.user, mentorship.mentor.user

        assert (mentorship.role_of(mentee), mentorship.role_of(mentor)) == ("mentee", "mentor")
        assert mentorship.is_mentee(mentee) and not mentorship.is_mentor(mentee)
        assert mentorship.is_mentor(mentor) and not mentorship.is_mentee(mentor)
        for nobody in (UserFactory(), AnonymousUser(), None):
            assert mentorship.role_of(nobody) is None
        assert mentorship.other_party_name(mentee) == mentorship.mentor_name
        assert mentorship.other_party_name(mentor) == mentorship.mentee_name

    def test_a_former_user_has_no_part_and_no_account(self):
        mentorship = MentorshipFactory()
        mentee_user = mentorship.mentee.user
        mentorship.mentee.delete()
        mentorship.refresh_from_db()

        assert mentorship.role_of(mentee_user) is None
        assert mentorship.mentee_user is None
        assert mentorship.mentor_user == mentorship.mentor.user

    def test_a_profile_of_a_person_is_theirs_or_none(self):
        mentee, mentor = MenteeProfileFactory(), MentorProfileFactory()

        assert MenteeProfile.of(mentee.user) == mentee
        assert MentorProfile.of(mentor.user) == mentor
        assert MenteeProfile.of(mentor.user) is None
        assert MentorProfile.of(AnonymousUser()) is None
        assert MenteeProfile.of(None) is None
