"""My plan, step four: sharing with my mentor, what the mentor may do, and nobody else."""

from datetime import date

import pytest
from django.urls import reverse

from mentoring.models import Goal, Mentorship
from mentoring.plans import services
from mentoring.plans.models import PlanComment, PlanShare, PlanViewing, SkillConfirmation
from portal.roles import COORDINATORS, EDITORS
from tests import html
from tests.factories import MentorshipFactory, UserFactory
from tests.mentoring.plans.helpers import plan_with_gaps, url

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def mentorship(db):
    return MentorshipFactory(status=Status.ACTIVE)


@pytest.fixture
def plan(framework, mentorship):
    plan = plan_with_gaps(mentorship.mentee.user, framework)
    services.add_goal(
        plan=plan,
        skill=framework["governance"],
        what="Lead the data governance review",
        by_when=date(2027, 3, 31),
        how_shown="The review's report",
    )
    return plan


def owner_urls(plan):
    goal = plan.goals.get()
    return [
        ("get", url("home")),
        ("get", url("roles")),
        ("get", url("assessment")),
        ("get", url("progress")),
        ("get", url("share")),
        ("get", url("appraisal")),
        ("get", url("appraisal-docx")),
        ("get", url("goal", goal.pk)),
        ("post", url("mentorship-goal", goal.pk)),
    ]


def shared_urls(plan):
    return [
        ("get", url("shared", plan.pk)),
        ("post", url("comment", plan.pk)),
        ("post", url("confirm", plan.pk)),
    ]


class TestSharing:
    def test_i_share_my_plan_with_my_mentor_who_reads_comments_and_confirms(
        self, client, plan, mentorship, framework
    ):
        mentor = mentorship.mentor.user
        client.force_login(plan.owner)
        assert client.get(url("shared", plan.pk)).status_code == 404  # my own URL is the other

        shared = client.post(url("share"), {"mentorship": mentorship.pk})
        assert shared.url == url("home")
        client.force_login(mentor)
        page = client.get(url("shared", plan.pk))
        assert page.status_code == 200
        assert "Lead the data governance review" in html.text(page.content)
        assert "Update" not in html.text(page.content)  # read only

        client.post(url("comment", plan.pk), {"text": "Start with the Caldicott guardian."})
        client.post(url("confirm", plan.pk), {"skill": framework["governance"].pk, "level": "2"})

        comment = PlanComment.objects.get()
        assert (comment.author, comment.text) == (mentor, "Start with the Caldicott guardian.")
        confirmation = SkillConfirmation.objects.get()
        assert (confirmation.skill, confirmation.level, confirmation.confirmed_by) == (
            framework["governance"],
            2,
            mentor,
        )
        assert confirmation.confirmed_at is not None
        client.force_login(plan.owner)
        mine = html.text(client.get(url("home")).content)
        assert "Start with the Caldicott guardian." in mine
        assert f"Confirmed by {mentor.get_full_name()}" in mine

    def test_sharing_can_be_taken_back(self, client, plan, mentorship):
        services.share_plan(plan=plan, mentorship=mentorship)
        client.force_login(plan.owner)

        client.post(url("stop-sharing"))

        client.force_login(mentorship.mentor.user)
        assert client.get(url("shared", plan.pk)).status_code == 404
        assert PlanShare.objects.get().stopped_at is not None

    def test_sharing_ends_when_the_mentorship_ends(self, client, plan, mentorship):
        services.share_plan(plan=plan, mentorship=mentorship)
        mentorship.status = Status.COMPLETED
        mentorship.save()
        client.force_login(mentorship.mentor.user)

        for method, address in shared_urls(plan):
            assert getattr(client, method)(address).status_code == 404, address

    def test_only_the_mentor_of_an_active_mentorship_with_me(self, client, plan):
        someone_elses = MentorshipFactory(status=Status.ACTIVE)
        requested = MentorshipFactory(mentee=plan.owner.mentee_profile, status=Status.REQUESTED)
        client.force_login(plan.owner)

        for mentorship in (someone_elses, requested):
            response = client.post(url("share"), {"mentorship": mentorship.pk})
            assert response.status_code == 200
            assert html.title(response.content).startswith("Error:")
        with pytest.raises(services.Refused):
            services.share_plan(plan=plan, mentorship=someone_elses)
        assert not PlanShare.objects.exists()

    def test_a_comment_must_say_something(self, client, plan, mentorship):
        services.share_plan(plan=plan, mentorship=mentorship)
        client.force_login(mentorship.mentor.user)

        response = client.post(url("comment", plan.pk), {"text": ""})

        assert response.status_code == 200
        assert "Enter your comment" in html.field_error(response.content, "id_text")
        assert not PlanComment.objects.exists()

    def test_a_confirmed_level_outside_the_four_is_refused(
        self, client, plan, mentorship, framework
    ):
        services.share_plan(plan=plan, mentorship=mentorship)
        client.force_login(mentorship.mentor.user)

        response = client.post(
            url("confirm", plan.pk), {"skill": framework["governance"].pk, "level": "7"}
        )

        assert response.status_code == 200
        assert html.field_error(response.content, "id_level")
        assert not SkillConfirmation.objects.exists()

    def test_a_plan_goal_becomes_a_mentorship_goal_in_one_step(self, client, plan, mentorship):
        goal = plan.goals.get()
        client.force_login(plan.owner)
        refused = client.post(url("mentorship-goal", goal.pk), follow=True)
        assert "Share your plan with your mentor first" in html.text(refused.content)
        services.share_plan(plan=plan, mentorship=mentorship)

        client.post(url("mentorship-goal", goal.pk))

        agreed = Goal.objects.get(mentorship=mentorship)
        assert agreed.text == "Lead the data governance review"
        goal.refresh_from_db()
        assert goal.mentorship_goal == agreed
        client.post(url("mentorship-goal", goal.pk))
        assert Goal.objects.count() == 1


class TestNobodyElse:
    def test_another_person_gets_their_own_empty_plan_and_404_for_my_ids(self, client, plan):
        client.force_login(UserFactory())

        for method, address in owner_urls(plan)[-2:] + shared_urls(plan):
            assert getattr(client, method)(address).status_code == 404, address
        home = client.get(url("home"))
        assert "Lead the data governance review" not in html.text(home.content)

    @pytest.mark.parametrize("group", [COORDINATORS, EDITORS])
    def test_coordinators_and_editors_see_nothing(self, client, plan, group):
        staff = UserFactory(groups=[group], is_staff=True)
        client.force_login(staff)

        for method, address in owner_urls(plan)[-2:] + shared_urls(plan):
            assert getattr(client, method)(address).status_code == 404, address
        index = client.get(reverse("admin:index"))
        assert "Career plans" not in html.text(index.content)
        listing = client.get(reverse("admin:mentoring_careerplan_changelist"))
        detail = client.get(reverse("admin:mentoring_careerplan_change", args=[plan.pk]))
        assert listing.status_code == 403
        assert detail.status_code in (302, 403)
        assert not PlanViewing.objects.exists()

    def test_a_superuser_may_view_a_plan_in_admin_and_each_viewing_is_kept(self, client, plan):
        superuser = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(superuser)

        listing = client.get(reverse("admin:mentoring_careerplan_changelist"))
        first = client.get(reverse("admin:mentoring_careerplan_change", args=[plan.pk]))
        client.get(reverse("admin:mentoring_careerplan_change", args=[plan.pk]))

        assert listing.status_code == first.status_code == 200
        assert "Lead the data governance review" in first.content.decode()
        viewings = list(PlanViewing.objects.all())
        assert [(v.plan, v.viewer) for v in viewings] == [(plan, superuser)] * 2
