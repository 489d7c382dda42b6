"""The demo shows the pairing check: the demo mentee is asked on her mentorship page, a pair
both said yes, and one pair ended after a pairing check, for coordinators to see."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from mentoring.models import Mentorship, PairExclusion, PairingCheck
from portal.models import User
from tests import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_the_demo_mentee_is_asked_on_her_active_mentorship(demo, client):
    mentee = User.objects.get(email="mentee@example.com")
    active = Mentorship.objects.get(mentee__user=mentee, status=Mentorship.Status.ACTIVE)
    client.force_login(mentee)

    shown = html.text(client.get(active.get_absolute_url()).content)

    assert "Is this mentoring working for you?" in shown
    # The demo mentor answered yes; she is never told.
    assert PairingCheck.objects.filter(mentorship=active, role="mentor", working=True).exists()
    assert "told us" not in shown


def test_a_pair_both_said_yes_and_one_pair_ended_after_a_pairing_check(demo, client):
    both = (
        PairingCheck.objects.filter(working=True)
        .values("mentorship")
        .annotate(n=Count("pk"))
        .filter(n=2)
    )
    assert both.exists()
    ended = PairingCheck.objects.get(ended_mentorship=True)
    assert ended.mentorship.status == Mentorship.Status.ENDED_EARLY
    assert PairExclusion.objects.filter(
        mentee=ended.mentorship.mentee, mentor=ended.mentorship.mentor
    ).exists()
    client.force_login(User.objects.get(email="coordinator@example.com"))
    shown = html.text(client.get(reverse("mentoring:pairing-checks")).content)
    assert "1 (0 by the mentee, 1 by the mentor)" in shown
    # The coordinator's demo has a note to open, after a reason, never in the list itself.
    assert "Read the note" in shown
    assert "We could not find times" not in shown
    asked = client.get(reverse("mentoring:pairing-check-note", args=[ended.pk]))
    assert "Why do you need to read this note?" in html.text(asked.content)


def test_loading_twice_adds_no_pairing_checks(demo):
    before = (PairingCheck.objects.count(), Mentorship.objects.count())

    call_command("load_demo", stdout=StringIO())

    assert (PairingCheck.objects.count(), Mentorship.objects.count()) == before
