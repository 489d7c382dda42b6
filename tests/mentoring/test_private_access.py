"""Coordinators say why before they open what people wrote in their mentoring (session notes,
feedback comments, a mentee's messages), in admin or in an export; each opening is recorded,
and the people it is about see who looked, what, when and why in My account."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Feedback, Mentorship, SessionLog
from portal.models import PrivateDataAccess
from portal.roles import COORDINATORS, EDITORS
from tests.factories import MentorshipFactory, UserFactory

Status = Mentorship.Status
pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REASON = "The mentee raised a safeguarding concern with the programme"
SECRET = "I am worried about my manager"


@pytest.fixture
def coordinator():
    return UserFactory(groups=[COORDINATORS], is_staff=True, first_name="Cora", last_name="Ward")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def mentorship():
    done = MentorshipFactory(
        status=Status.COMPLETED,
        message=SECRET,
        mentee__user__first_name="Priya",
        mentee__user__last_name="Shah",
        mentor__user__first_name="Sam",
        mentor__user__last_name="Jones",
    )
    SessionLog.objects.create(
        mentorship=done, held_on=date(2026, 11, 2), summary="We talked about " + SECRET
    )
    Feedback.objects.create(mentorship=done, role="mentee", rating=5, comment=SECRET + " still")
    return done


def change_url(obj) -> str:
    return reverse(f"admin:mentoring_{obj._meta.model_name}_change", args=[obj.pk])


def changelist(model: str) -> str:
    return reverse(f"admin:mentoring_{model}_changelist")


PRIVATE_PAGES = [
    ("mentorship", lambda m: m),
    ("session", lambda m: m.sessions.get()),
    ("feedback", lambda m: m.feedback.get()),
]


@pytest.mark.parametrize("name,of", PRIVATE_PAGES, ids=[p[0] for p in PRIVATE_PAGES])
def test_a_private_record_asks_why_before_showing_anything(
    coordinator_client, mentorship, name, of
):
    page = coordinator_client.get(change_url(of(mentorship)))

    content = page.content.decode()
    assert page.status_code == 200
    assert "Why do you need to see this?" in content
    assert SECRET not in content
    assert not PrivateDataAccess.objects.exists()


@pytest.mark.parametrize("name,of", PRIVATE_PAGES, ids=[p[0] for p in PRIVATE_PAGES])
def test_after_a_reason_the_record_shows_and_the_opening_is_recorded(
    coordinator_client, coordinator, mentorship, name, of
):
    url = change_url(of(mentorship))

    answered = coordinator_client.post(url, {"private_access_reason": REASON})
    assert answered.status_code == 302
    assert answered["Location"] == url
    page = coordinator_client.get(url)

    assert SECRET in page.content.decode()
    accesses = list(PrivateDataAccess.objects.order_by("subject__first_name"))
    assert {access.reason for access in accesses} == {REASON}
    assert {access.viewer for access in accesses} == {coordinator}
    assert all(access.viewer_name == "Cora Ward" for access in accesses)
    if name == "feedback":  # the mentee's comment: about the mentee only
        assert [a.subject.first_name for a in accesses] == ["Priya"]
    else:
        assert [a.subject.first_name for a in accesses] == ["Priya", "Sam"]


def test_answering_the_question_changes_nothing_in_the_record(coordinator_client, mentorship):
    coordinator_client.post(
        change_url(mentorship), {"private_access_reason": REASON, "status": "active"}
    )

    mentorship.refresh_from_db()
    assert mentorship.status == Status.COMPLETED


@pytest.mark.parametrize(
    "reason,message",
    [
        ("", "Enter why you need to see this"),
        ("   because  ", "Enter why you need to see this, in a few words (10 characters or more)"),
        ("x" * 1001, "Reason must be 1000 characters or fewer"),
    ],
)
def test_a_missing_or_unclear_reason_is_explained_and_nothing_shown(
    coordinator_client, mentorship, reason, message
):
    page = coordinator_client.post(change_url(mentorship), {"private_access_reason": reason})

    content = page.content.decode()
    assert page.status_code == 200
    assert message in content
    assert "<title>Error: " in content
    assert SECRET not in content
    assert not PrivateDataAccess.objects.exists()
    # The reason stays in the box to correct.
    if reason.strip():
        assert reason.strip()[:20] in content


def test_each_opening_is_recorded_and_the_reason_holds_for_a_short_time_only(
    coordinator_client, mentorship, settings
):
    settings.PRIVATE_ACCESS_MINUTES = 15
    url = change_url(mentorship)
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON), tick=False) as clock:
        coordinator_client.post(url, {"private_access_reason": REASON})
        coordinator_client.get(url)
        clock.shift(timedelta(minutes=10))
        again = coordinator_client.get(url)
        assert SECRET in again.content.decode()
        clock.shift(timedelta(minutes=6))
        later = coordinator_client.get(url)

    assert "Why do you need to see this?" in later.content.decode()
    assert SECRET not in later.content.decode()
    # Two openings, each recorded for the mentee and for the mentor.
    assert PrivateDataAccess.objects.count() == 4


def test_a_reason_for_one_record_does_not_open_another(coordinator_client, mentorship):
    other = MentorshipFactory(status=Status.COMPLETED, message="Another private message")
    coordinator_client.post(change_url(mentorship), {"private_access_reason": REASON})

    page = coordinator_client.get(change_url(other))

    assert "Another private message" not in page.content.decode()
    assert "Why do you need to see this?" in page.content.decode()


def test_list_pages_and_search_never_show_what_people_wrote(coordinator_client, mentorship):
    for model in ["mentorship", "sessionlog", "feedback"]:
        page = coordinator_client.get(changelist(model))
        assert page.status_code == 200
        assert SECRET not in page.content.decode(), model
    found = coordinator_client.get(changelist("mentorship"), {"q": "worried"})
    assert "0 results" in found.content.decode()
    assert not PrivateDataAccess.objects.exists()


def test_editors_cannot_open_private_records_even_with_a_reason(client, mentorship):
    client.force_login(UserFactory(groups=[EDITORS], is_staff=True))

    page = client.post(change_url(mentorship), {"private_access_reason": REASON})

    assert page.status_code == 403
    assert not PrivateDataAccess.objects.exists()


def test_a_missing_record_is_not_found_not_asked_about(coordinator_client):
    page = coordinator_client.get(reverse("admin:mentoring_mentorship_change", args=[999999]))

    assert page.status_code in (302, 404)  # admin sends an unknown id back to the list
    assert "Why do you need to see this?" not in page.content.decode()


def export_feedback(client, mentorships, **extra):
    return client.post(
        changelist("mentorship"),
        {"action": "export_feedback", "_selected_action": [m.pk for m in mentorships], **extra},
    )


def test_exporting_feedback_comments_asks_why_first(coordinator_client, mentorship):
    asked = export_feedback(coordinator_client, [mentorship])

    content = asked.content.decode()
    assert asked["Content-Type"].startswith("text/html")
    assert "Why do you need to export this?" in content
    assert SECRET not in content
    # The same action and selection are sent again with the reason.
    assert 'name="action" value="export_feedback"' in content
    assert f'name="_selected_action" value="{mentorship.pk}"' in content
    assert not PrivateDataAccess.objects.exists()


def test_an_export_with_a_reason_downloads_and_records_each_record_exported(
    coordinator_client, mentorship
):
    response = export_feedback(coordinator_client, [mentorship], private_access_reason=REASON)

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][5] == SECRET + " still"
    access = PrivateDataAccess.objects.get()
    assert access.subject == mentorship.mentee.user
    assert access.reason == REASON
    assert access.what == "Your feedback comment on your mentorship with Sam Jones"


def test_an_export_with_a_bad_reason_asks_again_with_the_message(coordinator_client, mentorship):
    response = export_feedback(coordinator_client, [mentorship], private_access_reason="")

    assert "Enter why you need to see this" in response.content.decode()
    assert not PrivateDataAccess.objects.exists()


def test_exporting_feedback_runs_the_same_queries_for_many_records(coordinator_client):
    def export(count: int) -> int:
        done = []
        for _ in range(count):
            m = MentorshipFactory(status=Status.COMPLETED)
            Feedback.objects.create(mentorship=m, role="mentee", rating=4, comment="Fine")
            Feedback.objects.create(mentorship=m, role="mentor", rating=4, comment="Fine")
            done.append(m)
        with CaptureQueriesContext(connection) as queries:
            response = export_feedback(coordinator_client, done, private_access_reason=REASON)
        assert response["Content-Type"].startswith("text/csv")
        return len(queries)

    assert export(2) == export(8)


# What the person sees --------------------------------------------------------------------------


def test_the_person_sees_who_looked_what_when_and_why(client, coordinator_client, mentorship):
    with time_machine.travel(datetime(2026, 11, 30, 14, 0, tzinfo=LONDON), tick=False):
        coordinator_client.post(change_url(mentorship), {"private_access_reason": REASON})
        coordinator_client.get(change_url(mentorship))
    client.force_login(mentorship.mentee.user)

    page = client.get(reverse("portal:who-has-looked"))

    content = page.content.decode()
    assert page.status_code == 200
    assert "Cora Ward" in content
    assert "30 November 2026" in content
    assert REASON in content
    assert "Your mentorship with Sam Jones" in content


def test_nobody_else_sees_who_looked_at_a_persons_information(
    client, coordinator_client, mentorship
):
    coordinator_client.post(change_url(mentorship), {"private_access_reason": REASON})
    coordinator_client.get(change_url(mentorship))
    client.force_login(UserFactory())

    page = client.get(reverse("portal:who-has-looked"))

    assert REASON not in page.content.decode()
    assert "Nobody has opened your private information." in page.content.decode()


def test_my_account_links_to_who_has_looked(client):
    client.force_login(UserFactory())

    page = client.get(reverse("portal:my-account"))

    assert reverse("portal:who-has-looked") in page.content.decode()


def test_who_has_looked_needs_signing_in(client):
    response = client.get(reverse("portal:who-has-looked"))

    assert response.status_code == 302
    assert reverse("portal:sign-in") in response["Location"]


def test_who_has_looked_runs_the_same_queries_however_many_openings(client):
    person = UserFactory()
    client.force_login(person)

    def queries_with(count: int) -> int:
        PrivateDataAccess.objects.bulk_create(
            PrivateDataAccess(
                viewer_name="Cora Ward",
                subject=person,
                what="Your session notes",
                object_type="mentoring.sessionlog",
                object_id=str(n),
                reason=REASON,
            )
            for n in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:who-has-looked")).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(80)


def test_the_record_of_who_looked_outlives_the_viewers_account(
    client, coordinator_client, coordinator, mentorship
):
    coordinator_client.post(change_url(mentorship), {"private_access_reason": REASON})
    coordinator_client.get(change_url(mentorship))
    coordinator.delete()
    client.force_login(mentorship.mentee.user)

    page = client.get(reverse("portal:who-has-looked"))

    assert "Cora Ward" in page.content.decode()


def test_a_reason_is_required_by_the_database_too(mentorship):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PrivateDataAccess.objects.create(
            viewer_name="Someone", what="x", object_type="a.b", object_id="1", reason=""
        )


def test_the_bookings_pages_never_show_what_people_wrote(coordinator_client):
    from mentoring.models import Booking, BookingChange
    from tests.factories import BookingFactory

    booking = BookingFactory(
        mentorship=MentorshipFactory(status=Status.ACTIVE, message=SECRET),
        status=Booking.Status.CANCELLED,
        agenda=SECRET,
        cancel_reason=SECRET,
    )
    BookingChange.objects.create(
        booking=booking,
        from_status="booked",
        to_status="cancelled",
        note=SECRET,
        at=booking.booked_at,
    )

    pages = [
        reverse("admin:mentoring_booking_change", args=[booking.pk]),
        reverse("admin:mentoring_bookingsbymentorship_change", args=[booking.mentorship.pk]),
    ]

    for url in pages:
        page = coordinator_client.get(url)
        assert page.status_code == 200, url
        assert SECRET not in page.content.decode(), url


def test_who_looked_is_in_the_persons_data_download(client, coordinator_client, mentorship):
    coordinator_client.post(change_url(mentorship), {"private_access_reason": REASON})
    coordinator_client.get(change_url(mentorship))
    client.force_login(mentorship.mentee.user)

    data = client.get(reverse("portal:my-data")).json()

    [looked] = data["who_has_looked_at_your_information"]
    assert (looked["who"], looked["why"]) == ("Cora Ward", REASON)
