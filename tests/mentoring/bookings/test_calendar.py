"""Bookings in people's calendars: the .ics download and the private feed, read back with the
icalendar library as a calendar would read them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.bookings import calendar, services
from mentoring.models import Booking
from tests.factories import (
    BookingFactory,
    MenteeProfileFactory,
    MentorshipFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def parse(content: bytes) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    parsed = icalendar.Calendar.from_ical(content)
    return parsed, list(parsed.events)


def download(client, booking: Booking, user) -> tuple[icalendar.Calendar, icalendar.Event]:
    client.force_login(user)
    response = client.get(reverse("mentoring:booking-ics", args=[booking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed, [event] = parse(response.content)
    return parsed, event


class TestTheDownloadedInvite:
    def test_holds_the_session_from_the_viewers_side(self, client, settings):
        settings.SITE_URL = "https://pathways.example.nhs.uk"
        booking = BookingFactory(
            mentorship__mentee__user__first_name="Priya",
            mentorship__mentee__user__last_name="Shah",
            mentorship__mentor__user__first_name="Tom",
            mentorship__mentor__user__last_name="Reid",
            agenda="Something only the two of them should read",
        )

        as_mentee, mentee_event = download(client, booking, booking.mentorship.mentee.user)
        _, mentor_event = download(client, booking, booking.mentorship.mentor.user)

        assert as_mentee["METHOD"] == "PUBLISH"
        assert mentee_event["SUMMARY"] == "Mentoring with Tom Reid"
        assert mentor_event["SUMMARY"] == "Mentoring with Priya Shah"
        assert mentee_event.start == booking.slot.starts_at
        assert mentee_event.end == booking.slot.ends_at
        assert mentee_event["STATUS"] == "CONFIRMED"
        assert mentee_event["LOCATION"] == booking.slot.place
        assert mentee_event["URL"] == (
            f"https://pathways.example.nhs.uk/mentoring/bookings/{booking.pk}/"
        )
        assert mentee_event.uid == mentor_event.uid == f"booking-{booking.uid}@pathways"
        assert "Something only" not in mentee_event["DESCRIPTION"]

    def test_a_summer_session_is_at_the_right_moment(self, client):
        with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=LONDON), tick=False):
            start = calendar.london_moment(date(2026, 7, 7), time(14, 30))
            booking = BookingFactory(
                slot__starts_at=start, slot__ends_at=start + timedelta(hours=1)
            )
            _, event = download(client, booking, booking.mentorship.mentee.user)

        assert event.start == datetime(2026, 7, 7, 13, 30, tzinfo=UTC)
        assert calendar.nhs_datetime(event.start, weekday=True) == "Tuesday 7 July 2026 at 2:30pm"

    def test_a_cancellation_updates_the_same_calendar_entry(self, client):
        booking = BookingFactory()
        mentee = booking.mentorship.mentee.user
        _, before = download(client, booking, mentee)

        services.cancel_booking(booking=booking, actor=mentee)
        after_file, after = download(client, booking, mentee)

        assert after.uid == before.uid
        assert after.sequence > before.sequence
        assert after_file["METHOD"] == "CANCEL"
        assert after["STATUS"] == "CANCELLED"
        assert after.start == before.start

    def test_the_uid_is_the_same_every_time_and_differs_between_bookings(self, client):
        booking, other = BookingFactory(), BookingFactory()
        user = booking.mentorship.mentee.user

        assert download(client, booking, user)[1].uid == download(client, booking, user)[1].uid
        assert calendar.event_uid(booking) != calendar.event_uid(other)

    def test_someone_elses_booking_cannot_be_downloaded(self, client):
        booking = BookingFactory()
        client.force_login(UserFactory())

        response = client.get(reverse("mentoring:booking-ics", args=[booking.pk]))

        assert response.status_code == 404


class TestTheFeed:
    def test_lists_a_persons_bookings_as_mentee_and_as_mentor_and_no_one_elses(self, client):
        person = UserFactory()
        mentee = MenteeProfileFactory(user=person)
        as_mentee = BookingFactory(mentorship__mentee=mentee)
        as_mentor = BookingFactory(mentorship__mentor__user=person)
        BookingFactory()  # someone else's
        cancelled = BookingFactory(mentorship=as_mentee.mentorship)
        services.cancel_booking(booking=cancelled, actor=person)
        feed = services.reset_calendar_feed(user=person)

        response = client.get(feed.get_absolute_url())

        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        parsed, events = parse(response.content)
        statuses = {str(event.uid): str(event["STATUS"]) for event in events}
        assert statuses == {
            calendar.event_uid(as_mentee): "CONFIRMED",
            calendar.event_uid(as_mentor): "CONFIRMED",
            calendar.event_uid(cancelled): "CANCELLED",
        }
        assert str(parsed["X-WR-CALNAME"]) == "Pathways mentoring"

    def test_needs_no_sign_in_but_the_secret_address(self, client):
        feed = services.reset_calendar_feed(user=UserFactory())

        assert client.get(feed.get_absolute_url()).status_code == 200
        assert client.get(reverse("mentoring:calendar-feed", args=["guess"])).status_code == 404

    def test_resetting_the_address_stops_the_old_one_working(self, client):
        user = UserFactory()
        old = services.reset_calendar_feed(user=user).get_absolute_url()

        new = services.reset_calendar_feed(user=user).get_absolute_url()

        assert new != old
        assert client.get(old).status_code == 404
        assert client.get(new).status_code == 200

    def test_the_address_of_a_deactivated_account_stops_working(self, client):
        user = UserFactory()
        feed = services.reset_calendar_feed(user=user)
        user.is_active = False
        user.save()

        assert client.get(feed.get_absolute_url()).status_code == 404

    def test_leaves_out_sessions_from_long_ago(self, client):
        person = UserFactory()
        mentorship = MentorshipFactory(mentee__user=person, status="active")
        long_ago = timezone.now() - timedelta(days=400)
        BookingFactory(
            mentorship=mentorship,
            slot=SlotFactory(
                mentor=mentorship.mentor,
                starts_at=long_ago,
                ends_at=long_ago + timedelta(hours=1),
            ),
        )
        recent = BookingFactory(mentorship=mentorship)
        feed = services.reset_calendar_feed(user=person)

        _, events = parse(client.get(feed.get_absolute_url()).content)

        assert [str(event.uid) for event in events] == [calendar.event_uid(recent)]


class TestTheCalendarPage:
    def test_get_then_reset_the_address(self, client):
        user = UserFactory()
        client.force_login(user)
        url = reverse("mentoring:calendar")

        assert "You do not have a calendar address yet" in client.get(url).content.decode()
        client.post(url)
        first = user.calendar_feed.token
        page = client.get(url).content.decode()
        assert user.calendar_feed.get_absolute_url() in page
        client.post(url)
        user.refresh_from_db()

        assert user.calendar_feed.token != first
        assert "The old one no longer works" in client.get(url).content.decode()

    def test_shows_nobody_anothers_address(self, client):
        other = UserFactory()
        feed = services.reset_calendar_feed(user=other)
        client.force_login(UserFactory())

        assert feed.token not in client.get(reverse("mentoring:calendar")).content.decode()
