"""The demo shows session ratings, a pulse both answered, and dashboard figures with a band
big enough to show and one too small."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.feedback.figures import HIDDEN
from mentoring.feedback.models import Pulse, PulseAsk, SessionRating
from mentoring.models import Mentorship
from portal.models import User
from tests import html

pytestmark = pytest.mark.django_db


def test_the_demo_shows_ratings_pulses_and_figures(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    counts = (SessionRating.objects.count(), Pulse.objects.count(), PulseAsk.objects.count())
    tom = User.objects.get(email="mentor@example.com")
    priya = User.objects.get(email="mentee@example.com")

    client.force_login(priya)
    active = Mentorship.objects.get(mentee__user=priya, status="active")
    text = html.text(client.get(active.get_absolute_url()).content)
    assert "Rate this session" in text
    assert "Really helped me see what to focus on." in text  # both rated the earlier one

    client.force_login(tom)
    assert "You will see Priya" in html.text(client.get(active.get_absolute_url()).content)
    done = Mentorship.objects.get(
        mentor__user=tom, mentee__user__email="david.mensah.demo@example.com", status="completed"
    )
    text = html.text(client.get(done.get_absolute_url()).content)
    assert "Halfway pulse" in text and "Very well." in text and "Well." in text

    client.force_login(User.objects.get(email="coordinator@example.com"))
    text = html.text(client.get(reverse("mentoring:programme")).content)
    assert "Single answers: Band 6" in text
    assert HIDDEN in text

    call_command("load_demo", stdout=StringIO())
    assert (
        SessionRating.objects.count(),
        Pulse.objects.count(),
        PulseAsk.objects.count(),
    ) == counts
