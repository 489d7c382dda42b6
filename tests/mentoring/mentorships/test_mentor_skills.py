"""The capability framework skills a mentor can help with, through the real URLs: adding and
removing them without JavaScript, bad input, who may change them, the public profile, and
query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MentorSkill
from tests import html
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorSkillFactory,
    SkillFactory,
    SkillRequirementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/mentoring/profile/mentor/skills/"


@pytest.fixture
def mentor(client):
    profile = MentorProfileFactory()
    client.force_login(profile.user)
    return profile


@pytest.fixture
def governance():
    """A skill the Data family's role levels ask for."""
    requirement = SkillRequirementFactory(
        skill=SkillFactory(name="Data governance"),
        role_level__role__family__name="Data",
    )
    return requirement.skill


def offered(mentor) -> list[tuple[str, int]]:
    return list(
        MentorSkill.objects.filter(mentor=mentor)
        .order_by("skill__name")
        .values_list("skill__name", "level")
    )


class TestAddingAndRemoving:
    def test_the_page_is_where_the_profile_says_and_credits_the_framework(self, client, mentor):
        assert reverse("mentoring:mentor-skills") == URL
        assert "Open Government Licence" in html.text(client.get(URL).content)

    def test_a_mentor_adds_a_skill_at_a_level_and_sees_it_listed(self, client, mentor, governance):
        response = client.post(URL, {"skill": governance.pk, "level": "3"}, follow=True)

        assert offered(mentor) == [("Data governance", 3)]
        text = html.text(response.content)
        assert "Data governance added to the skills you can help with." in text
        assert "Data governance Practitioner Remove Data governance" in text

    def test_skills_are_offered_grouped_by_role_family_without_retired_ones(
        self, client, mentor, governance
    ):
        SkillRequirementFactory(
            skill=SkillFactory(name="User research"),
            role_level__role__family__name="User-centred design",
        )
        SkillRequirementFactory(skill=governance, role_level__role__family__name="Architecture")
        SkillFactory(name="Old skill", retired_at=timezone.now())
        SkillFactory(name="Clinical safety")

        page = client.get(URL).content.decode()

        groups = [group["label"] for group in html.elements(page, "optgroup")]
        assert groups == ["Architecture", "Data", "User-centred design", "Other skills"]
        # Under each family that asks for it.
        assert len(html.elements(page, "option", value=str(governance.pk))) == 2
        assert "Old skill" not in page
        assert "Clinical safety" in page

    def test_a_mentor_removes_a_skill(self, client, mentor, governance):
        item = MentorSkillFactory(mentor=mentor, skill=governance, level=2)

        response = client.post(
            reverse("mentoring:remove-mentor-skill", args=[item.pk]), follow=True
        )

        assert offered(mentor) == []
        assert "Data governance removed from the skills you can help with." in html.text(
            response.content
        )

    def test_the_public_profile_shows_the_skills_with_their_levels(
        self, client, mentor, governance
    ):
        MentorSkillFactory(mentor=mentor, skill=governance, level=4)
        MentorSkillFactory(mentor=mentor, skill=SkillFactory(name="Budgeting"), level=2)
        client.force_login(MenteeProfileFactory().user)

        page = client.get(mentor.get_absolute_url()).content

        assert ">Skills they can help with</dt>" in page.decode()
        assert "Budgeting (working)</li><li>Data governance (expert)" in page.decode()

    def test_a_profile_without_skills_says_nothing_of_them(self, client, mentor):
        assert "Skills they can help with" not in html.text(
            client.get(mentor.get_absolute_url()).content
        )


class TestBadInput:
    def refused(self, client, mentor, data: dict, field: str) -> str:
        before = offered(mentor)
        response = client.post(URL, data)
        assert response.status_code == 200
        assert offered(mentor) == before  # nothing written
        assert "Error:" in html.title(response.content)
        return html.field_error(response.content, f"id_{field}")

    def test_an_unknown_skill(self, client, mentor, governance):
        assert self.refused(client, mentor, {"skill": "999999", "level": "2"}, "skill") == (
            "Select a skill from the list"
        )
        assert self.refused(client, mentor, {"skill": "data", "level": "2"}, "skill") == (
            "Select a skill from the list"
        )

    def test_a_level_outside_the_four_keeps_the_skill_chosen(self, client, mentor, governance):
        response = client.post(URL, {"skill": governance.pk, "level": "5"})

        assert html.field_error(response.content, "id_level") == (
            "Choose awareness, working, practitioner or expert"
        )
        assert html.elements(response.content, "option", value=str(governance.pk), selected="")
        assert offered(mentor) == []

    def test_no_skill_or_level_chosen(self, client, mentor, governance):
        assert self.refused(client, mentor, {"skill": "", "level": ""}, "skill") == "Select a skill"
        assert self.refused(client, mentor, {"skill": governance.pk}, "level") == (
            "Choose your level in this skill"
        )

    def test_a_retired_skill(self, client, mentor):
        retired = SkillFactory(name="Old skill", retired_at=timezone.now())

        assert self.refused(client, mentor, {"skill": retired.pk, "level": "2"}, "skill") == (
            "Select a skill from the list"
        )

    def test_the_service_refuses_a_retired_skill_in_words(self, mentor):
        from mentoring.mentorships import services

        retired = SkillFactory(name="Old skill", retired_at=timezone.now())

        with pytest.raises(services.Refused, match="Old skill is no longer in the capability"):
            services.offer_skill(mentor=mentor, skill_id=retired.pk, level=2)
        with pytest.raises(services.Refused, match="Choose awareness, working"):
            services.offer_skill(mentor=mentor, skill_id=retired.pk, level=0)
        assert offered(mentor) == []

    def test_a_skill_already_offered_keeps_its_level_and_says_how_to_change_it(
        self, client, mentor, governance
    ):
        MentorSkillFactory(mentor=mentor, skill=governance, level=2)

        assert self.refused(client, mentor, {"skill": governance.pk, "level": "4"}, "skill") == (
            "You already offer help with Data governance. Remove it first to change its level"
        )
        assert offered(mentor) == [("Data governance", 2)]


class TestWhoMay:
    def test_signed_out_visitors_are_sent_to_sign_in(self, client):
        response = client.get(URL)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:sign-in"))

    def test_someone_without_a_mentor_profile_is_asked_to_make_one(self, client):
        client.force_login(UserFactory())

        response = client.get(URL)

        assert response.status_code == 302
        assert response["Location"] == reverse("mentoring:mentor-profile")

    def test_someone_elses_skill_cannot_be_removed(self, client, mentor, governance):
        theirs = MentorSkillFactory(skill=governance)

        response = client.post(reverse("mentoring:remove-mentor-skill", args=[theirs.pk]))

        assert response.status_code == 404
        assert MentorSkill.objects.filter(pk=theirs.pk).exists()

    def test_removing_needs_a_post(self, client, mentor, governance):
        item = MentorSkillFactory(mentor=mentor, skill=governance)

        assert (
            client.get(reverse("mentoring:remove-mentor-skill", args=[item.pk])).status_code == 405
        )
        assert MentorSkill.objects.filter(pk=item.pk).exists()


class TestQueryCounts:
    @pytest.fixture(params=[3, 40], ids=["3-skills", "40-skills"])
    def skills(self, request, mentor):
        skills = [
            SkillRequirementFactory(
                skill=SkillFactory(name=f"Skill {n}"),
                role_level__role__family__name=f"Family {n % 4}",
            ).skill
            for n in range(request.param)
        ]
        for skill in skills:
            MentorSkillFactory(mentor=mentor, skill=skill, level=3)
        return skills

    def test_the_skills_page(self, client, mentor, skills, django_assert_num_queries):
        client.get(URL)  # warm the session
        with django_assert_num_queries(9):
            response = client.get(URL)
        assert response.status_code == 200
        assert html.text(response.content).count("Remove") == len(skills)

    def test_the_public_profile(self, client, mentor, skills, django_assert_num_queries):
        client.get(URL)
        with django_assert_num_queries(9):
            response = client.get(mentor.get_absolute_url())
        assert "<li>Skill 0 (practitioner)</li>" in response.content.decode()


class TestMyData:
    def test_my_data_lists_the_skills_i_offer_and_deleting_the_account_removes_them(
        self, client, mentor, governance
    ):
        MentorSkillFactory(mentor=mentor, skill=governance, level=3)
        MentorSkillFactory(skill=governance)  # someone else's

        data = client.get(reverse("portal:my-data")).json()

        assert data["mentoring"]["mentor_profile"]["skills_you_can_help_with"] == [
            {"skill": "Data governance", "level": "Practitioner"}
        ]
        from mentoring.personal_data import erase

        erase(mentor.user)
        assert not MentorSkill.objects.filter(mentor__user=mentor.user).exists()
        assert MentorSkill.objects.count() == 1
