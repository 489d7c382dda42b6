"""The demo shows outcomes: the demo pairs see goal confidence, the demo mentee has a 6-month
question waiting, and the coordinator's dashboard has outcome figures with a lived experience
group large enough to show and one hidden."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import GoalConfidence, Mentorship, OutcomeAnswer
from mentoring.outcomes.selectors import HIDDEN
from portal.models import User
from tests import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_the_coordinators_dashboard_has_outcomes(demo, client):
    client.force_login(User.objects.get(email="coordinator@example.com"))

    response = client.get(reverse("mentoring:programme"))

    confidence = {row[0]: row[1:] for row in response.context["confidence"].rows}
    assert confidence["All mentees"][0] >= 7
    assert confidence["Lived experience: Career changer"][0] >= 5
    assert confidence["Lived experience: Carer"][0] == HIDDEN
    moves = {row[0]: row[1:] for row in response.context["moves"].rows}
    assert moves["All mentees"][1] >= 5 and moves["All mentees"][4] >= 2
    for name in ("time_to_match", "first_meeting"):
        assert response.context[name].rows[0][1] >= 5


def test_the_demo_pair_and_the_mentee_see_their_outcomes(demo, client):
    client.force_login(User.objects.get(email="mentor@example.com"))
    done = Mentorship.objects.get(
        mentor__user__email="mentor@example.com", status="completed",
        mentee__user__email="david.mensah.demo@example.com",
    )  # fmt: skip
    assert "Confidence: 2 → 4" in html.text(client.get(done.get_absolute_url()).content)

    client.force_login(User.objects.get(email="mentee@example.com"))
    earlier = Mentorship.objects.get(mentee__user__email="mentee@example.com", status="completed")
    page = html.text(client.get(earlier.get_absolute_url()).content)
    assert "6 months on: what has changed?" in page
    active = Mentorship.objects.get(mentee__user__email="mentee@example.com", status="active")
    assert "Confidence: 2 → not rated yet" in html.text(
        client.get(active.get_absolute_url()).content
    )


def test_loading_twice_adds_no_outcomes(demo):
    counts = (GoalConfidence.objects.count(), OutcomeAnswer.objects.count())

    call_command("load_demo", stdout=StringIO())

    assert (GoalConfidence.objects.count(), OutcomeAnswer.objects.count()) == counts
