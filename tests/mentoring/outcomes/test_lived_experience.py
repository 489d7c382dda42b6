"""A mentee may say, on her profile, what lived experience she has and whether to be counted
in programme figures: optional, explained, off unless she ticks it, and never shown to
mentors."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Goal, GoalConfidence, MenteeProfile, OutcomeAnswer
from tests import html
from tests.factories import MentorshipFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_form(**extra) -> dict:
    return {
        "current_role": "Service desk analyst",
        "band": "4",
        "organisation": "Bolton NHS Foundation Trust",
        "region": "north-west",
        "background": "technical",
        "themes": [ThemeFactory().pk],
        "goals": "Lead a team",
        "formats": ["video"],
        **extra,
    }


def test_the_profile_explains_the_question_and_nothing_is_counted_unless_she_opts_in(client):
    user = UserFactory()
    client.force_login(user)

    page = html.text(client.get(reverse("mentoring:mentee-profile")).content)
    assert "Your own lived experience (optional)" in page  # marked once, by the form pack
    assert "Mentors never see this" in page
    assert "Include me in programme figures" in page
    client.post(reverse("mentoring:mentee-profile"), profile_form(lived_experience=["carer"]))

    profile = MenteeProfile.objects.get(user=user)
    assert (profile.lived_experience, profile.include_in_figures) == (["carer"], False)


def test_she_opts_in_and_can_change_her_mind(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("mentoring:mentee-profile")

    client.post(url, profile_form(lived_experience=["carer"], include_in_figures="on"))
    assert MenteeProfile.objects.get(user=user).include_in_figures is True
    client.post(url, profile_form())

    profile = MenteeProfile.objects.get(user=user)
    assert (profile.lived_experience, profile.include_in_figures) == ([], False)


def test_an_unknown_experience_is_refused_with_the_answers_kept(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("mentoring:mentee-profile"), profile_form(lived_experience=["astronaut"])
    )

    assert response.status_code == 200
    assert "Select a valid choice" in html.field_error(response.content, "id_lived_experience")
    assert 'value="Lead a team"' in response.content.decode() or "Lead a team" in html.text(
        response.content
    )
    assert not MenteeProfile.objects.exists()


def test_mentors_never_see_a_mentees_lived_experience(client):
    mentorship = MentorshipFactory(
        mentee__lived_experience=["carer"], mentee__include_in_figures=True
    )
    client.force_login(mentorship.mentor.user)

    page = html.text(client.get(mentorship.get_absolute_url()).content)

    assert "Carer" not in page


def test_my_data_holds_my_lived_experience_ratings_and_answers(client):
    mentorship = MentorshipFactory(
        status="completed", mentee__lived_experience=["carer"], mentee__include_in_figures=True
    )
    goal = Goal.objects.create(mentorship=mentorship, text="Lead")
    GoalConfidence.objects.create(goal=goal, stage="start", rating=2, rated_at=timezone.now())
    OutcomeAnswer.objects.create(
        mentorship=mentorship, months=6, role_changed=True, band_changed=False,
        helped="a-lot", answered_at=timezone.now(),
    )  # fmt: skip
    client.force_login(mentorship.mentee.user)

    data = client.get(reverse("portal:my-data")).json()["mentoring"]

    assert data["mentee_profile"]["lived_experience"] == ["carer"]
    assert data["mentee_profile"]["include_in_figures"] is True
    assert data["goal_confidence"] == [{"goal": "Lead", "stage": "start", "rating": 2}]
    assert data["outcome_answers"][0]["helped"] == "Yes, a lot"
