"""A mentor's free places are counted one way everywhere: capacity less the mentorships that
hold a place (active, or proposed by a matching round). A full mentor cannot be asked."""

import pytest
from django.urls import reverse

from mentoring.mentorships import services
from mentoring.models import MentorProfile, Mentorship
from tests import html
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def tom_full_with_a_proposal():
    """Tom has one place, held by a match a round proposed and nobody has confirmed yet."""
    tom = MentorProfileFactory(user=UserFactory(first_name="Tom", last_name="Lee"), capacity=1)
    MentorshipFactory(mentor=tom, status=Status.PROPOSED)
    return tom


def page_text(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return html.text(response.content)


class TestOneCountOfFreePlaces:
    def test_the_directory_and_the_mentor_page_agree_a_proposal_fills_the_place(
        self, client, tom_full_with_a_proposal
    ):
        client.force_login(MenteeProfileFactory().user)

        directory = page_text(client, reverse("mentoring:mentors"), name="Tom")
        profile = page_text(client, tom_full_with_a_proposal.get_absolute_url())

        assert "Full at the moment" in directory
        assert "Full at the moment" in profile
        assert "Has space now" not in profile

    def test_a_full_mentor_page_says_why_instead_of_offering_to_ask(
        self, client, tom_full_with_a_proposal
    ):
        client.force_login(MenteeProfileFactory().user)

        response = client.get(tom_full_with_a_proposal.get_absolute_url())

        text = html.text(response.content)
        assert "Tom has no space for a new mentee at the moment." in text
        assert "Ask Tom to mentor you" not in text
        request_url = reverse("mentoring:request", args=[tom_full_with_a_proposal.pk])
        assert request_url not in response.content.decode()

    def test_asking_a_full_mentor_is_refused_on_the_page_with_the_words_kept(
        self, client, tom_full_with_a_proposal
    ):
        mentee = MenteeProfileFactory()
        client.force_login(mentee.user)

        response = client.post(
            reverse("mentoring:request", args=[tom_full_with_a_proposal.pk]),
            {"message": "My careful words", "goals": "Grow"},
        )

        assert response.status_code == 200
        assert "Tom has no space for a new mentee at the moment." in html.text(response.content)
        assert "My careful words" in response.content.decode()
        assert not mentee.mentorships.exists()

    def test_the_mentor_with_a_free_place_again_can_be_asked(
        self, client, tom_full_with_a_proposal
    ):
        Mentorship.objects.filter(mentor=tom_full_with_a_proposal).update(status=Status.DECLINED)
        mentee = MenteeProfileFactory()
        client.force_login(mentee.user)

        profile = page_text(client, tom_full_with_a_proposal.get_absolute_url())
        services.request_mentor(
            mentee=mentee, mentor=tom_full_with_a_proposal, message="Hello", goals="Grow"
        )

        assert "Has space now" in profile
        assert "Ask Tom to mentor you" in profile
        assert mentee.mentorships.get().status == Status.REQUESTED

    def test_free_places_count_active_and_proposed_only_and_never_go_below_nothing(self):
        mentor = MentorProfileFactory(capacity=2)
        for status in [Status.ACTIVE, Status.PROPOSED, Status.PROPOSED, Status.REQUESTED,
                       Status.COMPLETED, Status.DECLINED]:  # fmt: skip
            MentorshipFactory(mentor=mentor, status=status)
        free_mentor = MentorProfileFactory(capacity=3)

        counted = MentorProfile.objects.with_free_places().in_bulk([mentor.pk, free_mentor.pk])
        with_space = set(MentorProfile.objects.with_space().values_list("pk", flat=True))

        assert (counted[mentor.pk].places_held, counted[mentor.pk].free_places) == (3, 0)
        assert (counted[free_mentor.pk].places_held, counted[free_mentor.pk].free_places) == (0, 3)
        assert with_space == {free_mentor.pk}
