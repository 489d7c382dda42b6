"""Suggestions keep every mentor's facts per process (mentoring/mentorships/mentor_snapshot.py).
Through the real pages, with the kept facts warm: whatever a mentor changes shows on the
mentee's next suggestions page, and a mentor who fills up is never suggested."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from mentoring.mentorships import mentor_snapshot, services
from mentoring.mentorships.selectors import suggestions_for
from mentoring.models import MenteeProfile, MentorProfile, Mentorship, MentorSkill
from stories.models import Background, Region
from tests import html
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SkillFactory,
    ThemeFactory,
    UserFactory,
    give_gaps,
)

Status = Mentorship.Status
pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("mentoring:suggestions")
MENTOR_LINK = re.compile(r'href="/mentoring/mentors/(\d+)/"')


class People:
    """A signed-in mentee who wants two themes and lacks one skill, and two mentors alike but
    for their ids: both share one of the themes, so `first` comes first."""

    def __init__(self) -> None:
        self.themes = [ThemeFactory(name=f"Theme {n}") for n in range(3)]
        self.skill = SkillFactory(name="Data governance")
        self.mentee = MenteeProfileFactory(
            themes=self.themes[:2],
            background=Background.TECHNICAL,
            region=Region.LONDON,
            formats=["video"],
        )
        give_gaps(self.mentee.user, {self.skill: (1, 3)})
        self.first = self.mentor(themes=self.themes[:1])
        self.second = self.mentor(themes=self.themes[:1])
        self.client = Client()
        self.client.force_login(self.mentee.user)

    @staticmethod
    def mentor(**fields) -> MentorProfile:
        return MentorProfileFactory(
            background=Background.CLINICAL, region=Region.SOUTH_WEST, **fields
        )

    def suggested(self) -> list[int]:
        """The mentor ids the suggestions page lists, in its order."""
        response = self.client.get(SUGGESTIONS)
        assert response.status_code == 200
        return [int(pk) for pk in MENTOR_LINK.findall(response.content.decode())]

    def page_text(self) -> str:
        return html.text(self.client.get(SUGGESTIONS).content)


@pytest.fixture
def people() -> People:
    return People()


def as_mentor(mentor: MentorProfile) -> Client:
    client = Client()
    client.force_login(mentor.user)
    return client


def profile_form(mentor: MentorProfile, **changes) -> dict:
    """The mentor profile page's form as the mentor last saved it, with `changes`."""
    form = {
        "headline": mentor.headline,
        "bio": mentor.bio,
        "role": mentor.role,
        "band": mentor.band,
        "organisation": mentor.organisation,
        "region": mentor.region,
        "background": mentor.background,
        "themes": [theme.pk for theme in mentor.themes.all()],
        "formats": mentor.formats,
        "capacity": str(mentor.capacity),
        "accepting_requests": "on",
        "lived_experience": mentor.lived_experience,
    }
    form.update(changes)
    if form["accepting_requests"] is None:
        del form["accepting_requests"]
    return form


def save_profile(mentor: MentorProfile, **changes) -> None:
    response = as_mentor(mentor).post(
        reverse("mentoring:mentor-profile"), profile_form(mentor, **changes)
    )
    assert response.status_code == 302, html.text(response.content)


class TestAMentorsChangesShowAtOnce:
    def test_new_themes(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]

        save_profile(people.second, themes=[theme.pk for theme in people.themes[:2]])

        assert people.suggested() == [people.second.pk, people.first.pk]
        assert "Shares 2 of your themes: theme 0, theme 1" in people.page_text()

    def test_a_skill_added_then_removed(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]
        mentor = as_mentor(people.second)

        mentor.post(reverse("mentoring:mentor-skills"), {"skill": people.skill.pk, "level": "4"})

        assert people.suggested() == [people.second.pk, people.first.pk]
        assert "Can help with 1 of your skill gaps: data governance" in people.page_text()

        offered = MentorSkill.objects.get(mentor=people.second)
        mentor.post(reverse("mentoring:remove-mentor-skill", args=[offered.pk]))

        assert people.suggested() == [people.first.pk, people.second.pk]
        assert "skill gaps" not in people.page_text()

    def test_capacity_lowered_to_the_places_held_then_raised(self, people):
        MentorshipFactory(mentor=people.first, status=Status.ACTIVE)
        assert people.suggested() == [people.first.pk, people.second.pk]

        save_profile(people.first, capacity="1")

        assert people.suggested() == [people.second.pk]

        save_profile(people.first, capacity="3")

        assert people.suggested() == [people.first.pk, people.second.pk]

    def test_no_longer_taking_requests(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]

        save_profile(people.first, accepting_requests=None)

        assert people.suggested() == [people.second.pk]


class TestAMentorWhoFillsUp:
    def test_accepting_a_request_for_the_last_place(
        self, people, django_capture_on_commit_callbacks
    ):
        someone_else = MenteeProfileFactory()
        MentorProfile.objects.filter(pk=people.first.pk).update(capacity=1)
        request = MentorshipFactory(mentee=someone_else, mentor=people.first)
        assert people.suggested() == [people.first.pk, people.second.pk]

        with django_capture_on_commit_callbacks(execute=True):
            accepted = as_mentor(people.first).post(reverse("mentoring:accept", args=[request.pk]))

        assert accepted.status_code == 302
        assert Mentorship.objects.get(pk=request.pk).status == Status.ACTIVE
        assert people.suggested() == [people.second.pk]

    def test_a_place_freed_shows_again(self, people):
        held = MentorshipFactory(mentor=people.first, status=Status.ACTIVE)
        MentorshipFactory(mentor=people.first, status=Status.ACTIVE)
        assert people.suggested() == [people.second.pk]

        Mentorship.objects.filter(pk=held.pk).update(status=Status.COMPLETED)

        assert people.suggested() == [people.first.pk, people.second.pk]


class TestChangesMadeAnywhere:
    """The stamp is written by the database, so changes that bypass the pages count too."""

    def test_bulk_updates_and_an_account_made_inactive(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]

        MentorProfile.objects.filter(pk=people.second.pk).update(region=Region.LONDON)
        assert "Also in London" in people.page_text()

        get_user_model().objects.filter(pk=people.first.user_id).update(is_active=False)
        assert people.suggested() == [people.second.pk]

    def test_a_new_mentor_and_a_deleted_one(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]

        newcomer = People.mentor(themes=people.themes[:2])
        assert people.suggested() == [newcomer.pk, people.first.pk, people.second.pk]

        people.first.user.delete()
        assert people.suggested() == [newcomer.pk, people.second.pk]

    def test_a_change_rolled_back_leaves_nothing_behind(self, people):
        mentee = MenteeProfile.objects.get(pk=people.mentee.pk)
        with pytest.raises(RuntimeError), transaction.atomic():
            people.second.themes.set(people.themes[:2])
            # Read, and kept, inside the transaction that is then rolled back.
            assert next(p.pk for p, _ in suggestions_for(mentee)) == people.second.pk
            raise RuntimeError

        assert people.suggested() == [people.first.pk, people.second.pk]

    def test_triggers_are_what_keeps_them_fresh_and_migrate_puts_them_back(self, people):
        """SQLite drops a table's triggers when a migration rebuilds it; the post_migrate
        handler installs them again."""
        assert people.suggested() == [people.first.pk, people.second.pk]
        mentor_snapshot.uninstall(connection)
        people.second.themes.set(people.themes[:2])

        assert people.suggested() == [people.first.pk, people.second.pk]  # kept, now stale

        call_command("migrate", verbosity=0)
        people.second.themes.set(people.themes[2:])  # every theme changed: rows written
        people.second.themes.set(people.themes[:2])

        assert people.suggested() == [people.second.pk, people.first.pk]


class TestWhatWritesTheStamp:
    """Only changes to what a snapshot holds write the stamp: its row stays locked until the
    changing transaction ends, so mentorships and sign-ups must not queue on it."""

    def test_a_pause_by_housekeeping_writes_it(self, people):
        assert people.suggested() == [people.first.pk, people.second.pk]
        before = mentor_snapshot.current_stamp(connection.alias)

        services.pause_mentor(mentor=people.first, actor=None, reason="Two requests expired.")

        assert mentor_snapshot.current_stamp(connection.alias) != before
        assert people.suggested() == [people.second.pk]

    def test_requests_mentorships_and_new_accounts_leave_it_alone(
        self, people, django_capture_on_commit_callbacks
    ):
        someone_else = MenteeProfileFactory()
        before = mentor_snapshot.current_stamp(connection.alias)

        with django_capture_on_commit_callbacks(execute=True):
            asked = Client()
            asked.force_login(someone_else.user)
            asked.post(
                reverse("mentoring:request", args=[people.first.pk]),
                {"message": "Hello, I admire your path", "goals": "Lead a team"},
            )
            request = Mentorship.objects.get(mentee=someone_else)
            as_mentor(people.first).post(reverse("mentoring:accept", args=[request.pk]))
        UserFactory()

        assert Mentorship.objects.get(pk=request.pk).status == Status.ACTIVE
        assert mentor_snapshot.current_stamp(connection.alias) == before
