"""A person's agreements in their data download, and their words gone when they leave."""

import json

import pytest
from django.urls import reverse

from mentoring.agreements import services
from mentoring.agreements.models import Agreement, AgreementChange
from mentoring.models import Mentorship
from tests.factories import PASSWORD, MentorshipFactory

pytestmark = pytest.mark.django_db


def agreed_and_changed() -> Mentorship:
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    services.start_agreement(mentorship=mentorship)
    agreement = Agreement.objects.get(mentorship=mentorship)
    services.confirm_terms(agreement=agreement, actor=mentorship.mentee.user, version=1)
    services.confirm_terms(agreement=agreement, actor=mentorship.mentor.user, version=1)
    services.change_terms(
        agreement=agreement,
        actor=mentorship.mentee.user,
        version=1,
        meeting_every_days=14,
        formats=["video"],
        duration_months=6,
        confidentiality=agreement.confidentiality,
        mentee_expectations="My own hopes, in my words.",
        mentor_expectations=agreement.mentor_expectations,
    )
    return mentorship


def test_the_download_holds_the_agreement_and_its_changes(client):
    mentorship = agreed_and_changed()
    client.force_login(mentorship.mentee.user)

    data = json.loads(client.get(reverse("portal:my-data")).content)

    [exported] = data["mentoring"]["mentorships"]
    assert exported["agreement"]["meeting_every_days"] == 14
    assert exported["agreement"]["mentee_expectations"] == "My own hopes, in my words."
    assert (
        "How often you will meet changed from every month to every 2 weeks."
        in (exported["agreement"]["changes"][0]["what"])
    )


def test_a_deleted_mentees_words_leave_the_agreement_and_its_changes(client):
    mentorship = agreed_and_changed()
    mentee = mentorship.mentee.user
    client.force_login(mentee)

    response = client.post(reverse("portal:delete-account"), {"password": PASSWORD})

    assert response.status_code == 302
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert agreement.mentee_expectations == ""
    assert agreement.meeting_every_days == 14
    [change] = AgreementChange.objects.all()
    assert "My own hopes" not in json.dumps(change.changes)
    assert {"field": "meeting_every_days", "from": 30, "to": 14} in change.changes
