"""Personal data is kept only as long as it is needed: unused accounts are warned by email, then
deleted unless someone signs in; records of who opened private material go after 6 years; and
the privacy page states the schedule from the same settings."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.management import call_command
from django.urls import reverse

from portal.models import OutgoingEmail, PrivateDataAccess, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
JOINED = datetime(2024, 1, 10, 9, 0, tzinfo=LONDON)


def housekeeping() -> None:
    call_command("mentoring_housekeeping", stdout=io.StringIO())


def warnings_to(user) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(template="account_deletion_warning", to=[user.email]))


@pytest.fixture
def unused():
    """An account made on 10 January 2024 and never signed in to again."""
    return UserFactory(date_joined=JOINED, last_login=JOINED, first_name="Una")


def test_an_account_unused_for_nearly_two_years_is_warned_by_email_not_deleted(unused):
    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False):
        housekeeping()

    assert User.objects.filter(pk=unused.pk).exists()
    [warning] = warnings_to(unused)
    assert warning.subject == (
        "Your Pathways account will be deleted on 14 January 2026 unless you sign in"
    )
    assert "Nobody has signed in to your Pathways account for nearly 2 years" in warning.body_text
    assert "/account/sign-in/" in warning.body_text


def test_a_used_account_is_neither_warned_nor_deleted(unused):
    User.objects.filter(pk=unused.pk).update(last_login=datetime(2025, 6, 1, tzinfo=LONDON))

    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False):
        housekeeping()

    assert not warnings_to(unused)


def test_the_account_is_deleted_once_the_warning_period_has_passed(unused):
    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False) as clock:
        housekeeping()
        clock.shift(timedelta(days=29))
        housekeeping()
        assert User.objects.filter(pk=unused.pk).exists()
        clock.shift(timedelta(days=1, hours=1))
        housekeeping()

    assert not User.objects.filter(pk=unused.pk).exists()
    assert len(warnings_to(unused)) == 1


def test_running_twice_in_a_row_changes_nothing_more(unused):
    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False):
        housekeeping()
        housekeeping()

    assert len(warnings_to(unused)) == 1
    assert User.objects.filter(pk=unused.pk).exists()


def test_signing_in_after_the_warning_keeps_the_account(client, unused):
    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False) as clock:
        housekeeping()
        clock.shift(timedelta(days=3))
        signed_in = client.post(
            reverse("portal:sign-in"), {"username": unused.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        clock.shift(timedelta(days=60))
        housekeeping()

    unused.refresh_from_db()
    assert unused.last_login == datetime(2025, 12, 18, 9, 0, tzinfo=LONDON)
    assert len(warnings_to(unused)) == 1


def test_an_account_falling_unused_again_is_warned_again_before_deletion(client, unused):
    with time_machine.travel(datetime(2025, 12, 15, 9, 0, tzinfo=LONDON), tick=False) as clock:
        housekeeping()
        clock.shift(timedelta(days=3))
        client.post(reverse("portal:sign-in"), {"username": unused.email, "password": PASSWORD})
        clock.shift(timedelta(days=2 * 365))
        housekeeping()
        assert User.objects.filter(pk=unused.pk).exists()

    assert len(warnings_to(unused)) == 2


@pytest.mark.parametrize("kind", ["staff", "superuser"])
def test_staff_accounts_are_deleted_only_after_the_same_warning(kind):
    member = UserFactory(
        date_joined=JOINED, last_login=JOINED, is_staff=True, is_superuser=kind == "superuser"
    )
    # Warned once before, but signed in since: that warning does not count.
    User.objects.filter(pk=member.pk).update(deletion_warning_sent_at=JOINED - timedelta(days=40))

    with time_machine.travel(datetime(2027, 6, 1, 9, 0, tzinfo=LONDON), tick=False) as clock:
        housekeeping()
        assert User.objects.filter(pk=member.pk).exists()
        assert len(warnings_to(member)) == 1
        clock.shift(timedelta(days=31))
        housekeeping()

    assert not User.objects.filter(pk=member.pk).exists()


def test_unused_accounts_follow_the_settings(unused, settings):
    settings.RETAIN_UNUSED_ACCOUNTS_DAYS = 400
    settings.ACCOUNT_DELETION_WARNING_DAYS = 10

    with time_machine.travel(JOINED + timedelta(days=391), tick=False):
        housekeeping()

    [warning] = warnings_to(unused)
    assert "deleted on 14 February 2025" in warning.subject


# Audit records -----------------------------------------------------------------------------------


def access(at: datetime) -> PrivateDataAccess:
    return PrivateDataAccess.objects.create(
        viewer_name="Cora Ward",
        subject=UserFactory(),
        what="Your session notes",
        object_type="mentoring.sessionlog",
        object_id="1",
        reason="A safeguarding concern",
        at=at,
    )


def test_records_of_who_looked_are_kept_six_years_then_deleted():
    now = datetime(2032, 6, 1, 9, 0, tzinfo=LONDON)
    old = access(now - timedelta(days=2191))
    kept = access(now - timedelta(days=2189))
    admin_user = UserFactory(last_login=now)
    for days in (2191, 10):
        LogEntry.objects.create(
            user=admin_user,
            action_flag=ADDITION,
            object_repr=f"{days} days ago",
            action_time=now - timedelta(days=days),
        )

    with time_machine.travel(now, tick=False):
        housekeeping()
        housekeeping()

    assert list(PrivateDataAccess.objects.all()) == [kept]
    assert not PrivateDataAccess.objects.filter(pk=old.pk).exists()
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == ["10 days ago"]


# The privacy page ------------------------------------------------------------------------------


def test_the_privacy_page_states_the_schedule_in_plain_words(client):
    page = client.get(reverse("portal:privacy"))

    content = page.content.decode()
    assert page.status_code == 200
    assert "How long we keep your data" in content
    assert "until you have not signed in for 2 years" in content
    assert "We email you 30 days before" in content
    assert "2 years after the mentorship ends" in content
    assert "the notes with your session ratings, halfway pulse and pairing check" in content
    assert "1 year after the request closed" in content
    assert "6 years, then deleted" in content
    assert "NHS Records Management Code of Practice 2021" in content


def test_the_privacy_page_follows_the_settings_so_it_cannot_drift(client, settings):
    settings.RETAIN_UNUSED_ACCOUNTS_DAYS = 1095
    settings.RETAIN_REQUEST_MESSAGES_DAYS = 180
    settings.ACCOUNT_DELETION_WARNING_DAYS = 14

    content = client.get(reverse("portal:privacy")).content.decode()

    assert "until you have not signed in for 3 years" in content
    assert "We email you 14 days before" in content
    assert "6 months after the request closed" in content
