from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mentoring.health.selectors import counts_by_state
from mentoring.matching import Audience, reasons_in_words
from mentoring.mentorships.selectors import suggestions_for
from mentoring.models import MenteeProfile, MentorProfile, Mentorship, StatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_the_demo_mentee_has_suggestions_an_open_request_and_an_active_mentorship(demo):
    mentee = MenteeProfile.objects.get(user__email="mentee@example.com")

    suggestions = suggestions_for(mentee)

    assert suggestions
    assert all(suggestion.reasons for _mentor, suggestion in suggestions)
    statuses = set(mentee.mentorships.values_list("status", flat=True))
    assert {"requested", "active"} <= statuses


def test_the_demo_mentor_has_a_request_to_answer_and_a_mentee(demo):
    mentor = MentorProfile.objects.get(user__email="mentor@example.com")

    statuses = set(mentor.mentorships.values_list("status", flat=True))

    assert {"requested", "active", "completed"} <= statuses


def test_seed_leaders_mentor_with_their_stories_linked(demo):
    linked = MentorProfile.objects.filter(leader__isnull=False).select_related("leader")

    assert {m.leader.name for m in linked} >= {"Jo Smith", "Ayesha Rahim", "Jas Cartwright"}
    assert all(m.leader.is_published for m in linked)


def test_every_state_of_a_mentorship_is_shown_with_its_history(demo):
    statuses = set(Mentorship.objects.values_list("status", flat=True))

    assert statuses >= {s.value for s in Mentorship.Status} - {"proposed"}
    for mentorship in Mentorship.objects.all():
        assert StatusChange.objects.filter(mentorship=mentorship).exists()


def test_loading_twice_changes_nothing(demo):
    before = (
        Mentorship.objects.count(),
        StatusChange.objects.count(),
        sorted(Mentorship.objects.values_list("pk", "status", "requested_at")),
    )

    call_command("load_demo", stdout=StringIO())

    after = (
        Mentorship.objects.count(),
        StatusChange.objects.count(),
        sorted(Mentorship.objects.values_list("pk", "status", "requested_at")),
    )
    assert before == after


def test_demo_mentors_offer_framework_skills_and_the_demo_mentee_is_told_of_them(demo):
    mentor = MentorProfile.objects.get(user__email="mentor@example.com")
    mentee = MenteeProfile.objects.get(user__email="mentee@example.com")

    assert set(mentor.skills.values_list("skill__name", flat=True)) >= {
        "Service focus",
        "Continual service improvement",
    }
    reasons = [
        reasons_in_words(suggestion.reasons, audience=Audience.MENTEE)
        for _mentor, suggestion in suggestions_for(mentee)
    ]
    # The demo mentor already mentors them; another covers her gaps in asset and configuration
    # management and in business analysis, from her career plan's latest self-assessment.
    assert any(
        words.startswith("can help with 2 of your skill gaps: asset and configuration")
        for mentor_reasons in reasons
        for words in mentor_reasons
    )


def test_loading_the_demo_twice_changes_no_skills(demo, settings):
    from mentoring.models import MentorSkill, SkillRating

    counts = (MentorSkill.objects.count(), SkillRating.objects.count())
    call_command("load_demo", stdout=StringIO())

    assert (MentorSkill.objects.count(), SkillRating.objects.count()) == counts
    assert counts[0] >= 10 and counts[1] >= 5


def test_the_demo_mentee_sees_who_has_looked_at_her_information(demo, client):
    from django.urls import reverse

    from portal.models import PrivateDataAccess

    client.force_login(MenteeProfile.objects.get(user__email="mentee@example.com").user)

    page = client.get(reverse("portal:who-has-looked")).content.decode()

    assert "Chris Obi" in page
    assert "before her appraisal" in page
    count = PrivateDataAccess.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert PrivateDataAccess.objects.count() == count


def test_the_demo_shows_pairs_in_every_state_of_health(demo, client):
    counts = {state: count for state, _label, count in counts_by_state()}
    assert all(counts.values()), counts
    people = get_user_model().objects
    client.force_login(people.get(email="coordinator@example.com"))
    page = client.get("/mentoring/programme/pairs-at-risk/", {"state": "all"})
    assert page.status_code == 200
    assert len(page.context["page_obj"]) == sum(counts.values())
    client.force_login(people.get(email="mentee@example.com"))
    assert "How your mentoring is going" in client.get("/mentoring/").content.decode()
