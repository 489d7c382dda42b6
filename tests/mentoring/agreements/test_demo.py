"""The demo shows agreements: the demo pair agreed theirs and changed it once; another pair
waits for the mentor to confirm; loading again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.agreements.models import Agreement, AgreementChange
from mentoring.models import Mentorship
from portal.models import User
from tests import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_the_demo_pair_agreed_their_terms_and_changed_them_once(demo, client):
    agreement = Agreement.objects.get(
        mentorship__mentee__user__email="mentee@example.com",
        mentorship__mentor__user__email="mentor@example.com",
        mentorship__status=Mentorship.Status.ACTIVE,
    )
    assert agreement.is_agreed and agreement.agreed_at
    assert agreement.changes.count() == 1

    for email in ("mentee@example.com", "mentor@example.com"):
        client.force_login(User.objects.get(email=email))
        page = html.text(client.get(agreement.mentorship.get_absolute_url()).content)
        assert "Changes to your agreement" in page
        assert "How often you will meet changed from every month to every 2 weeks." in page


def test_another_pair_waits_for_the_mentor_to_confirm(demo, client):
    waiting = [
        a
        for a in Agreement.objects.select_related("mentorship__mentor__user")
        if a.mentee_confirmed_version == a.version and a.mentor_confirmed_version < a.version
    ]
    assert len(waiting) == 1
    client.force_login(waiting[0].mentorship.mentor.user)
    page = client.get(reverse("mentoring:agreement", kwargs={"pk": waiting[0].mentorship_id}))
    assert "Confirm these terms" in html.text(page.content)


def test_every_active_demo_pair_has_an_agreement_and_loading_again_adds_none(demo):
    active = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
    assert active.filter(agreement__isnull=True).count() == 0
    counts = (Agreement.objects.count(), AgreementChange.objects.count())

    call_command("load_demo", stdout=StringIO())

    assert (Agreement.objects.count(), AgreementChange.objects.count()) == counts
