"""Goal confidence: the mentee rates each goal from 1 to 5 at the start (while active) and at
the end (once finished); both people see "Confidence: 2 → 4"; only the mentee rates; anyone
else gets 404; bad input is explained with nothing saved; the first ratings stand."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from mentoring.mentorships import services as mentorship_services
from mentoring.models import Goal, GoalConfidence, Mentorship
from mentoring.outcomes import services
from tests import html
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def mentorship():
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    Goal.objects.create(mentorship=mentorship, text="Lead a team meeting")
    Goal.objects.create(mentorship=mentorship, text="Write a business case")
    return mentorship


def goals(mentorship) -> list[Goal]:
    return list(mentorship.agreed_goals.order_by("pk"))


def url(mentorship, stage: str) -> str:
    return reverse("mentoring:confidence", args=[mentorship.pk, stage])


def answers(mentorship, *ratings: int) -> dict:
    return {
        f"goal_{goal.pk}": rating for goal, rating in zip(goals(mentorship), ratings, strict=True)
    }


def rate(client, mentorship, stage: str, *ratings: int):
    return client.post(url(mentorship, stage), answers(mentorship, *ratings))


def test_the_mentee_rates_at_the_start_and_the_end_and_both_see_the_change(client, mentorship):
    mentee, mentor = mentorship.mentee.user, mentorship.mentor.user
    client.force_login(mentee)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert url(mentorship, "start") in page

    response = rate(client, mentorship, "start", 2, 3)

    assert response.status_code == 302
    assert sorted(GoalConfidence.objects.values_list("stage", "rating")) == [
        ("start", 2),
        ("start", 3),
    ]
    mentorship_services.complete(mentorship=mentorship, actor=mentee)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Rate your confidence now" in page and url(mentorship, "end") in page

    rate(client, mentorship, "end", 4, 3)

    for person in (mentee, mentor):
        client.force_login(person)
        text = html.text(client.get(mentorship.get_absolute_url()).content)
        assert "Lead a team meeting Confidence: 2 → 4" in text
        assert "Write a business case Confidence: 3 → 3" in text
        assert "Rate your confidence" not in text


def test_the_mentor_sees_the_ratings_but_cannot_rate(client, mentorship):
    client.force_login(mentorship.mentor.user)

    assert client.get(url(mentorship, "start")).status_code == 404
    assert rate(client, mentorship, "start", 2, 3).status_code == 404
    assert not GoalConfidence.objects.exists()
    assert "Rate your confidence" not in client.get(mentorship.get_absolute_url()).content.decode()


def test_someone_else_gets_404(client, mentorship):
    client.force_login(UserFactory())

    assert client.get(url(mentorship, "start")).status_code == 404
    assert rate(client, mentorship, "start", 2, 3).status_code == 404
    assert not GoalConfidence.objects.exists()


def test_a_stage_that_is_not_open_is_not_offered(client, mentorship):
    client.force_login(mentorship.mentee.user)

    assert client.get(url(mentorship, "end")).status_code == 404
    assert client.get(url(mentorship, "middle")).status_code == 404
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Status.COMPLETED)
    assert client.get(url(mentorship, "start")).status_code == 404
    assert not GoalConfidence.objects.exists()


def test_a_missing_or_impossible_rating_is_explained_and_nothing_is_saved(client, mentorship):
    client.force_login(mentorship.mentee.user)
    first, second = goals(mentorship)

    response = client.post(url(mentorship, "start"), {f"goal_{first.pk}": 4})

    assert response.status_code == 200
    assert html.title(response.content).startswith("Error: ")
    assert "Select how confident you are in: Write a business case" in html.field_error(
        response.content, f"id_goal_{second.pk}"
    )
    assert 'value="4" checked' in response.content.decode()  # what was chosen is kept
    response = client.post(url(mentorship, "start"), answers(mentorship, 2, 9))
    assert response.status_code == 200
    assert "Select a valid choice" in html.field_error(response.content, f"id_goal_{second.pk}")
    assert not GoalConfidence.objects.exists()


def test_rating_twice_keeps_the_first_ratings_and_says_so(client, mentorship):
    client.force_login(mentorship.mentee.user)
    rate(client, mentorship, "start", 2, 3)

    response = rate(client, mentorship, "start", 5, 5)

    assert response.status_code == 302
    messages = html.text(client.get(response.url).content)
    assert "You have already rated your confidence in these goals at the start." in messages
    assert sorted(GoalConfidence.objects.values_list("rating", flat=True)) == [2, 3]


def test_a_goal_added_later_is_rated_on_its_own(client, mentorship):
    client.force_login(mentorship.mentee.user)
    rate(client, mentorship, "start", 2, 3)
    later = Goal.objects.create(mentorship=mentorship, text="Present to the board")

    response = client.get(url(mentorship, "start"))

    assert [field["name"] for field in html.elements(response.content, "input", type="radio")][
        ::5
    ] == [f"goal_{later.pk}"]
    client.post(url(mentorship, "start"), {f"goal_{later.pk}": 1})
    assert GoalConfidence.objects.get(goal=later).rating == 1


def test_the_service_refuses_the_mentor_and_a_rating_out_of_range(mentorship):
    first, second = goals(mentorship)

    with pytest.raises(services.Refused, match="Only the mentee"):
        services.rate_confidence(
            mentorship=mentorship, actor=mentorship.mentor.user, stage="start",
            ratings={first.pk: 2, second.pk: 3},
        )  # fmt: skip
    with pytest.raises(services.Refused, match="from 1 to 5"):
        services.rate_confidence(
            mentorship=mentorship, actor=mentorship.mentee.user, stage="start",
            ratings={first.pk: 0, second.pk: 3},
        )  # fmt: skip
    assert not GoalConfidence.objects.exists()


def test_the_database_holds_one_rating_per_goal_and_stage_from_1_to_5(mentorship):
    goal = goals(mentorship)[0]
    GoalConfidence.objects.create(goal=goal, stage="start", rating=3, rated_at="2026-01-01T10:00Z")

    with pytest.raises(IntegrityError):
        GoalConfidence.objects.create(
            goal=goal, stage="start", rating=4, rated_at="2026-01-02T10:00Z"
        )


def test_the_database_refuses_a_rating_out_of_range(mentorship):
    with pytest.raises(IntegrityError):
        GoalConfidence.objects.create(
            goal=goals(mentorship)[0], stage="end", rating=6, rated_at="2026-01-01T10:00Z"
        )
