"""A note left for the coordinators with a pairing check, through the real URLs: the list never
shows its words, only a link; its own page asks why first (reason required, input kept), then
shows the note and records the opening for the person who wrote it, who sees it in My account."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship, PairingCheck, SessionLog
from portal.models import PrivateDataAccess
from portal.roles import COORDINATORS
from tests import html
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOTE = "We never find a time to meet and I feel rushed."
REASON = "The mentee asked me to follow up on why it ended."
WHAT = "Your private note in the pairing check of your mentorship with Tom Reid"


def ended_by_a_no(*, note: str = NOTE, role: str = "mentee") -> PairingCheck:
    """A mentorship a pairing check ended, through the answer page, the note left by `role`."""
    mentorship = MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        mentee__user__first_name="Asha",
        mentee__user__last_name="Patel",
        mentor__user__first_name="Tom",
        mentor__user__last_name="Reid",
    )
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=1),
        summary="First chat",
        logged_by=mentorship.mentor.user,
    )
    writer = Client()
    writer.force_login(getattr(mentorship, role).user)
    response = writer.post(
        reverse("mentoring:pairing-check", args=[mentorship.pk]), {"working": "no", "note": note}
    )
    assert response.status_code == 302
    return PairingCheck.objects.get(mentorship=mentorship, role=role)


def note_url(check: PairingCheck) -> str:
    return reverse("mentoring:pairing-check-note", args=[check.pk])


@pytest.fixture
def coordinator():
    return UserFactory(first_name="Cora", last_name="Ward", groups=[COORDINATORS])


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_list_shows_no_note_only_a_link_for_rows_that_have_one(coordinator_client):
    with_note = ended_by_a_no()
    ended_by_a_no(note="", role="mentor")

    response = coordinator_client.get(reverse("mentoring:pairing-checks"))

    shown = html.text(response.content)
    assert response.status_code == 200
    assert NOTE not in response.content.decode()
    assert [link["href"] for link in html.elements(response.content, "a")].count(
        note_url(with_note)
    ) == 1
    assert shown.count("Read the note") == 1
    assert "No note" in shown
    assert not PrivateDataAccess.objects.exists()


def test_the_note_page_asks_why_first_and_shows_nothing_yet(coordinator_client):
    check = ended_by_a_no()

    response = coordinator_client.get(note_url(check))

    assert response.status_code == 200
    assert NOTE not in response.content.decode()
    assert html.title(response.content).startswith("Why do you need to read this note?")
    assert "Why do you need to see this?" in html.text(response.content)
    assert not PrivateDataAccess.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why you need to see this"),
        ("   ", "Enter why you need to see this"),
        ("Just look", "Enter why you need to see this, in a few words (10 characters or more)"),
        ("x" * 1001, "Reason must be 1000 characters or fewer"),
    ],
)
def test_a_missing_or_short_reason_is_refused_with_the_input_kept(
    coordinator_client, reason, message
):
    check = ended_by_a_no()

    response = coordinator_client.post(note_url(check), {"private_access_reason": reason})

    content = response.content.decode()
    assert response.status_code == 200
    assert html.title(content).startswith("Error: Why do you need to read this note?")
    assert html.error_summary_links(content) == {"#id_private_access_reason": message}
    assert html.field_error(content, "id_private_access_reason").strip() == message
    if reason.strip():
        assert f">\n{reason}</textarea>" in content
    assert NOTE not in content
    assert not PrivateDataAccess.objects.exists()


def test_after_a_reason_the_note_shows_and_the_opening_is_recorded_for_its_writer(
    coordinator_client, coordinator
):
    check = ended_by_a_no()

    answered = coordinator_client.post(note_url(check), {"private_access_reason": REASON})
    response = coordinator_client.get(answered["Location"])

    assert answered.status_code == 302
    assert answered["Location"] == note_url(check)
    assert response.status_code == 200
    assert NOTE in html.text(response.content)
    access = PrivateDataAccess.objects.get()
    assert (access.viewer, access.subject, access.what, access.reason) == (
        coordinator,
        check.mentorship.mentee.user,
        WHAT,
        REASON,
    )
    assert (access.object_type, access.object_id) == ("mentoring.pairingcheck", str(check.pk))


def test_each_opening_is_recorded_while_the_reason_holds(coordinator_client):
    check = ended_by_a_no()
    coordinator_client.post(note_url(check), {"private_access_reason": REASON})

    coordinator_client.get(note_url(check))
    again = coordinator_client.get(note_url(check))

    assert NOTE in html.text(again.content)
    assert PrivateDataAccess.objects.count() == 2


def test_the_reason_does_not_hold_for_another_note(coordinator_client):
    check = ended_by_a_no()
    other = ended_by_a_no(note="Another private note", role="mentor")
    coordinator_client.post(note_url(check), {"private_access_reason": REASON})

    response = coordinator_client.get(note_url(other))

    assert "Another private note" not in response.content.decode()
    assert not PrivateDataAccess.objects.exists()


def test_the_writer_sees_who_read_the_note_when_and_why(client, coordinator_client):
    check = ended_by_a_no()
    with time_machine.travel(datetime(2026, 11, 30, 14, 0, tzinfo=LONDON), tick=False):
        coordinator_client.post(note_url(check), {"private_access_reason": REASON})
        coordinator_client.get(note_url(check))
    client.force_login(check.mentorship.mentee.user)

    page = client.get(reverse("portal:who-has-looked"))

    shown = html.text(page.content)
    assert page.status_code == 200
    assert "Cora Ward" in shown
    assert "30 November 2026" in shown
    assert REASON in shown
    assert WHAT in shown


def test_the_other_person_is_not_told_of_a_note_they_did_not_write(client, coordinator_client):
    check = ended_by_a_no()
    coordinator_client.post(note_url(check), {"private_access_reason": REASON})
    coordinator_client.get(note_url(check))
    client.force_login(check.mentorship.mentor.user)

    page = client.get(reverse("portal:who-has-looked"))

    assert REASON not in page.content.decode()
    assert "Nobody has opened your private information." in html.text(page.content)


def test_a_note_whose_writer_has_left_is_recorded_about_nobody(coordinator_client):
    check = ended_by_a_no()
    Mentorship.objects.filter(pk=check.mentorship_id).update(mentee=None)
    coordinator_client.post(note_url(check), {"private_access_reason": REASON})

    coordinator_client.get(note_url(check))

    access = PrivateDataAccess.objects.get()
    assert access.subject is None


@pytest.mark.parametrize("who", ["writer", "other person", "someone else"])
def test_only_coordinators_open_a_note(client, who):
    check = ended_by_a_no()
    mentorship = check.mentorship
    user = {
        "writer": mentorship.mentee.user,
        "other person": mentorship.mentor.user,
        "someone else": UserFactory(),
    }[who]
    client.force_login(user)

    asked = client.get(note_url(check))
    answered = client.post(note_url(check), {"private_access_reason": REASON})

    assert (asked.status_code, answered.status_code) == (403, 403)
    assert NOTE not in asked.content.decode() + answered.content.decode()
    assert not PrivateDataAccess.objects.exists()


def test_signing_in_is_needed(client):
    check = ended_by_a_no()

    response = client.get(note_url(check))

    assert response.status_code == 302
    assert reverse("portal:sign-in") in response["Location"]


def test_a_check_without_a_note_or_none_at_all_is_not_found(coordinator_client):
    without = ended_by_a_no(note="")

    assert coordinator_client.get(note_url(without)).status_code == 404
    assert (
        coordinator_client.get(
            reverse("mentoring:pairing-check-note", args=[without.pk + 100])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("others", [1, 6])
def test_the_note_page_runs_the_same_queries_however_many_checks(
    coordinator_client, others, django_assert_num_queries
):
    for _ in range(others):
        ended_by_a_no(note="Someone else's note")
    check = ended_by_a_no()
    coordinator_client.post(note_url(check), {"private_access_reason": REASON})

    with django_assert_num_queries(9):
        response = coordinator_client.get(note_url(check))
    assert NOTE in html.text(response.content)
