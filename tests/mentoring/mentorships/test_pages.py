"""Mentoring through the real URLs: who may see and do what, bad input, and query counts."""

import json

import pytest
from django.urls import reverse

from mentoring.models import MenteeProfile, MentorProfile, Mentorship
from portal.models import User
from tests import html
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    MentorSkillFactory,
    SkillFactory,
    ThemeFactory,
    UserFactory,
    give_gaps,
)

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


class TestProfiles:
    def test_any_member_can_become_a_mentee_with_up_to_three_themes(self, client):
        user = UserFactory()
        themes = [ThemeFactory(name=f"Theme {n}") for n in range(4)]
        form = {
            "current_role": "Service desk analyst",
            "band": "4",
            "organisation": "Bolton NHS Foundation Trust",
            "region": "north-west",
            "background": "technical",
            "themes": [t.pk for t in themes],
            "goals": "Lead a team",
            "formats": ["video"],
        }
        signed_in(client, user)

        too_many = client.post(reverse("mentoring:mentee-profile"), form)

        assert "Select up to 3 themes" in html.field_error(too_many.content, "id_themes")
        assert html.title(too_many.content).startswith("Error:")
        assert not MenteeProfile.objects.exists()

        form["themes"] = [t.pk for t in themes[:3]]
        saved = client.post(reverse("mentoring:mentee-profile"), form)

        assert saved.url == reverse("mentoring:dashboard")
        profile = MenteeProfile.objects.get(user=user)
        assert profile.themes.count() == 3
        assert profile.formats == ["video"]

    def test_a_mentor_profile_refuses_an_impossible_capacity(self, client):
        theme = ThemeFactory()
        signed_in(client, UserFactory())
        form = {
            "headline": "CIO",
            "bio": "Twenty years",
            "role": "CIO",
            "band": "vsm",
            "organisation": "Trust",
            "region": "london",
            "background": "technical",
            "themes": [theme.pk],
            "formats": ["video"],
            "capacity": "0",
            "accepting_requests": "on",
            "lived_experience": ["carer"],
        }

        refused = client.post(reverse("mentoring:mentor-profile"), form)
        assert "between 1 and 10" in html.field_error(refused.content, "id_capacity")
        form["capacity"] = "many"
        refused = client.post(reverse("mentoring:mentor-profile"), form)
        assert "whole number" in html.field_error(refused.content, "id_capacity")
        assert not MentorProfile.objects.exists()

        form["capacity"] = "3"
        client.post(reverse("mentoring:mentor-profile"), form)
        assert MentorProfile.objects.get().lived_experience == ["carer"]

    def test_lived_experience_is_shown_only_when_the_mentor_chose_it(self, client):
        shared = MentorProfileFactory(lived_experience=["carer"])
        private = MentorProfileFactory(lived_experience=[])
        signed_in(client, UserFactory())

        assert "Carer" in html.text(client.get(shared.get_absolute_url()).content)
        assert "Lived experience" not in html.text(client.get(private.get_absolute_url()).content)

    def test_mentoring_pages_need_sign_in(self, client):
        for name in ["mentoring:dashboard", "mentoring:mentors", "mentoring:suggestions"]:
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert response.url.startswith(reverse("portal:sign-in"))


class TestRequestJourney:
    def test_request_accept_and_both_see_the_active_mentorship(
        self, client, django_capture_on_commit_callbacks
    ):
        mentee = MenteeProfileFactory()
        mentor = MentorProfileFactory()
        signed_in(client, mentee.user)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("mentoring:request", args=[mentor.pk]),
                {"message": "Hello, I admire your path", "goals": "Lead a team"},
            )
        mentorship = Mentorship.objects.get()
        assert response.url == mentorship.get_absolute_url()

        signed_in(client, mentor.user)
        page = html.text(client.get(mentorship.get_absolute_url()).content)
        assert "Hello, I admire your path" in page
        client.post(reverse("mentoring:accept", args=[mentorship.pk]))

        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE
        for user in (mentee.user, mentor.user):
            signed_in(client, user)
            dashboard = html.text(client.get(reverse("mentoring:dashboard")).content)
            assert "Active" in dashboard

    def test_an_empty_request_shows_errors_and_sends_nothing(self, client):
        mentor = MentorProfileFactory()
        signed_in(client, MenteeProfileFactory().user)

        response = client.post(reverse("mentoring:request", args=[mentor.pk]), {})

        assert set(html.error_summary_links(response.content)) == {"#id_message", "#id_goals"}
        assert not Mentorship.objects.exists()

    def test_a_refused_request_says_why_and_keeps_what_was_typed(self, client):
        mentor = MentorProfileFactory(accepting_requests=False)
        signed_in(client, MenteeProfileFactory().user)

        response = client.post(
            reverse("mentoring:request", args=[mentor.pk]),
            {"message": "My careful words", "goals": "Grow"},
        )

        assert response.status_code == 200
        assert "not taking new requests" in html.text(response.content)
        assert "My careful words" in response.content.decode()
        assert not Mentorship.objects.exists()

    def test_someone_elses_mentorship_is_404_for_every_page_and_action(self, client):
        mentorship = MentorshipFactory()
        signed_in(client, UserFactory())
        pk = mentorship.pk

        for name in ["mentorship", "decline", "ask", "answer", "withdraw", "end-early",
                     "complete", "add-goal", "log-session", "feedback"]:  # fmt: skip
            assert client.get(reverse(f"mentoring:{name}", args=[pk])).status_code == 404, name
        assert client.post(reverse("mentoring:accept", args=[pk])).status_code == 404
        mentorship.refresh_from_db()
        assert mentorship.status == Status.REQUESTED

    def test_the_mentee_cannot_accept_their_own_request(self, client):
        mentorship = MentorshipFactory()
        signed_in(client, mentorship.mentee.user)

        response = client.post(reverse("mentoring:accept", args=[mentorship.pk]), follow=True)

        assert "Only the mentor can accept this request." in html.text(response.content)
        mentorship.refresh_from_db()
        assert mentorship.status == Status.REQUESTED

    def test_accept_needs_a_post(self, client):
        mentorship = MentorshipFactory()
        signed_in(client, mentorship.mentor.user)

        assert client.get(reverse("mentoring:accept", args=[mentorship.pk])).status_code == 405

    def test_log_a_session_with_a_bad_date_shows_the_error(self, client):
        mentorship = MentorshipFactory(status=Status.ACTIVE)
        signed_in(client, mentorship.mentee.user)

        response = client.post(
            reverse("mentoring:log-session", args=[mentorship.pk]),
            {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2026", "summary": "Met"},
        )

        assert "must be a real date" in html.field_error(response.content, "id_held_on")
        assert not mentorship.sessions.exists()


class TestQueryCounts:
    @pytest.fixture(params=[5, 60], ids=["5-mentors", "60-mentors"])
    def programme(self, request):
        themes = [ThemeFactory(name=f"Theme {n}") for n in range(3)]
        mentee = MenteeProfileFactory(themes=themes[:2])
        mentors = [MentorProfileFactory(themes=themes) for _ in range(request.param)]
        # One mentor now (a mentee has one at a time) and two from before.
        for mentor, status in zip(
            mentors[:3], [Status.ACTIVE, Status.COMPLETED, Status.COMPLETED], strict=True
        ):
            MentorshipFactory(mentee=mentee, mentor=mentor, status=status)
        for mentor in mentors[3:5]:
            MentorshipFactory(mentor=mentor)
        # Skill gaps from a self-assessment, and skills the mentors offer.
        skills = [SkillFactory(name=f"Skill {n}") for n in range(3)]
        give_gaps(mentee.user, {skill: (1, 3) for skill in skills})
        for number, mentor in enumerate(mentors):
            MentorSkillFactory(mentor=mentor, skill=skills[number % 3], level=3)
        return mentee

    def test_directory(self, client, programme, django_assert_num_queries):
        signed_in(client, programme.user)
        with django_assert_num_queries(9):
            client.get(reverse("mentoring:mentors"), {"theme": "theme-0", "format": "video"})

    def test_suggestions(self, client, programme, django_assert_num_queries):
        signed_in(client, programme.user)
        # The first page reads every mentor's facts (four queries) and keeps them; the next
        # reads only the stamp that says they are unchanged.
        with django_assert_num_queries(17):
            first = client.get(reverse("mentoring:suggestions"))
        with django_assert_num_queries(13):
            response = client.get(reverse("mentoring:suggestions"))
        assert response.status_code == 200
        assert html.text(response.content) == html.text(first.content)
        assert "Can help with 1 of your skill gaps: skill" in html.text(response.content)

    def test_mentor_page(self, client, programme, django_assert_num_queries):
        signed_in(client, programme.user)
        mentor = MentorProfile.objects.order_by("pk").first()
        with django_assert_num_queries(11):
            response = client.get(mentor.get_absolute_url())
        assert response.status_code == 200

    def test_dashboard(self, client, programme, django_assert_num_queries):
        signed_in(client, programme.user)
        # 2 of them: the pulses and sessions waiting for an answer (mentoring/feedback); 1 the
        # agreements waiting for the person; 1 the health of the active mentorships
        # (mentoring/health/selectors.py).
        with django_assert_num_queries(13):
            client.get(reverse("mentoring:dashboard"))


class TestMyData:
    def test_download_holds_everything_about_me_and_nothing_of_others(self, client):
        mentorship = MentorshipFactory(message="My own words")
        mentee = mentorship.mentee
        MentorshipFactory(message="Someone else's words")
        signed_in(client, mentee.user)

        response = client.get(reverse("portal:my-data"))

        assert response["Content-Disposition"] == 'attachment; filename="my-pathways-data.json"'
        data = json.loads(response.content)
        assert data["account"]["email"] == mentee.user.email
        assert data["mentoring"]["mentee_profile"]["current_role"] == mentee.current_role
        assert [m["message"] for m in data["mentoring"]["mentorships"]] == ["My own words"]
        assert data["mentoring"]["mentorships"][0]["bookings"] == []
        assert "Someone else's words" not in response.content.decode()

    def test_delete_account_needs_the_password_then_leaves_a_former_user(
        self, client, django_capture_on_commit_callbacks
    ):
        mentorship = MentorshipFactory(status=Status.ACTIVE, message="About me")
        mentee_user = mentorship.mentee.user
        mentee_user.set_password("right-password-1")
        mentee_user.save()
        MentorProfileFactory(user=mentee_user, lived_experience=["carer"])
        signed_in(client, mentee_user)

        wrong = client.post(reverse("portal:delete-account"), {"password": "nope"})
        assert "The password is not right" in html.field_error(wrong.content, "id_password")
        assert User.objects.filter(pk=mentee_user.pk).exists()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("portal:delete-account"), {"password": "right-password-1"})

        assert not User.objects.filter(pk=mentee_user.pk).exists()
        assert not MentorProfile.objects.filter(lived_experience__icontains="carer").exists()
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ENDED_EARLY
        assert mentorship.mentee_name == "Former user"
        assert mentorship.message == ""
        # The mentor keeps their record and sees who ended it as a former user.
        signed_in(client, mentorship.mentor.user)
        page = html.text(client.get(mentorship.get_absolute_url()).content)
        assert "Former user" in page
