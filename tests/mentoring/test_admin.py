"""Coordinators run the programme in admin, through the same services; editors see none of it."""

import csv
import io

import pytest
from django.urls import reverse

from mentoring.models import Feedback, Mentorship
from tests.factories import MentorProfileFactory, MentorshipFactory, UserFactory

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(groups=["Coordinators"], is_staff=True))
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:mentoring_{model}_changelist")


def test_editors_cannot_see_mentoring(client):
    client.force_login(UserFactory(groups=["Editors"], is_staff=True))

    for model in ["mentorship", "mentorprofile", "menteeprofile", "feedback"]:
        assert client.get(changelist(model)).status_code == 403, model


def test_coordinators_see_mentorships_by_status_and_region(coordinator):
    MentorshipFactory(
        status=Status.ACTIVE, mentee__region="london", mentee__user__last_name="Londoner"
    )
    MentorshipFactory(
        status=Status.REQUESTED, mentee__region="wales", mentee__user__last_name="Cymraeg"
    )

    page = coordinator.get(changelist("mentorship"), {"status": "active", "region": "london"})

    content = page.content.decode()
    assert page.status_code == 200
    assert "Londoner" in content
    assert "Cymraeg" not in content


def test_coordinators_cannot_edit_or_delete_records_by_hand(coordinator):
    mentorship = MentorshipFactory()

    assert coordinator.get(reverse("admin:mentoring_mentorship_add")).status_code == 403
    delete = reverse("admin:mentoring_mentorship_delete", args=[mentorship.pk])
    assert coordinator.get(delete).status_code == 403
    change = coordinator.get(reverse("admin:mentoring_mentorship_change", args=[mentorship.pk]))
    assert 'name="status"' not in change.content.decode()


def test_ending_a_mentorship_from_admin_goes_through_the_service(coordinator):
    active = MentorshipFactory(status=Status.ACTIVE)
    waiting = MentorshipFactory()

    coordinator.post(
        changelist("mentorship"),
        {"action": "end_selected", "_selected_action": [active.pk, waiting.pk]},
    )

    active.refresh_from_db()
    waiting.refresh_from_db()
    assert active.status == Status.ENDED_EARLY
    assert active.changes.get().to_status == Status.ENDED_EARLY
    assert waiting.status == Status.REQUESTED  # refused by the service: not active


def test_pausing_a_mentor_from_admin_stops_new_requests(coordinator):
    mentor = MentorProfileFactory()

    coordinator.post(
        changelist("mentorprofile"), {"action": "pause_selected", "_selected_action": [mentor.pk]}
    )

    mentor.refresh_from_db()
    assert mentor.is_paused


def test_csv_exports_of_mentorships_and_feedback(coordinator):
    done = MentorshipFactory(status=Status.COMPLETED, mentee__user__first_name="Priya")
    Feedback.objects.create(mentorship=done, role="mentee", rating=4, comment="Helpful")

    mentorships = coordinator.post(
        changelist("mentorship"), {"action": "export_mentorships", "_selected_action": [done.pk]}
    )
    feedback = coordinator.post(
        changelist("mentorship"),
        {
            "action": "export_feedback",
            "_selected_action": [done.pk],
            "private_access_reason": "Quarterly report on the programme's feedback",
        },
    )

    assert mentorships["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(mentorships.content.decode())))
    assert rows[0][:5] == ["id", "mentee", "region", "mentor", "status"]
    assert rows[1][4] == "Completed"
    assert "Priya" in rows[1][1]
    feedback_rows = list(csv.reader(io.StringIO(feedback.content.decode())))
    assert feedback_rows[1][3:6] == ["Mentee", "4", "Helpful"]


def test_mentees_lived_experience_preferences_are_not_shown_to_coordinators(coordinator):
    mentorship = MentorshipFactory(mentee__preferred_experience=["carer"])
    url = reverse("admin:mentoring_menteeprofile_change", args=[mentorship.mentee.pk])

    page = coordinator.get(url).content.decode()

    assert "carer" not in page.lower()
