"""Slots and bookings: mentors offer time, mentees in an active mentorship book it, either can
cancel, the mentor says whether it was held; times in London across the clock changes; who
may see what; bad input; reminders; coordinators' reports; demo data; query counts."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from mentoring.bookings import calendar
from mentoring.bookings import services as booking_services
from mentoring.mentorships import services as mentorship_services
from mentoring.models import (
    Booking,
    BookingChange,
    Mentorship,
    SessionLog,
    Slot,
)
from portal.models import User
from tests import html
from tests.factories import (
    BookingFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Status = Booking.Status
LINK = "https://meet.example.nhs.uk/room-1"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit e-mails at its end, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def soon(days: int = 3, hour: int = 14, minute: int = 30) -> datetime:
    """A moment `days` ahead at a London clock time, in UTC."""
    return calendar.london_moment(timezone.localdate() + timedelta(days=days), time(hour, minute))


def active_mentorship(**kwargs) -> Mentorship:
    return MentorshipFactory(status=Mentorship.Status.ACTIVE, **kwargs)


def add(mentor, starts_at: datetime, *, minutes: int = 45, weeks: int = 1, **kwargs) -> list[Slot]:
    return booking_services.add_slots(
        mentor=mentor,
        actor=mentor.user,
        starts_at=starts_at,
        length=timedelta(minutes=minutes),
        format=kwargs.get("format", "video"),
        place=kwargs.get("place", LINK),
        weeks=weeks,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


# Dates and times -------------------------------------------------------------------------------


class TestTheNHSWayOfWritingTimes:
    @pytest.mark.parametrize(
        ("moment", "written"),
        [
            (london(2026, 3, 3, 14, 30), "Tuesday 3 March 2026 at 2:30pm"),
            (london(2026, 3, 3, 15), "Tuesday 3 March 2026 at 3pm"),
            (london(2026, 3, 3, 9, 5), "Tuesday 3 March 2026 at 9:05am"),
            (london(2026, 3, 3, 12), "Tuesday 3 March 2026 at midday"),
            (london(2026, 3, 3, 0), "Tuesday 3 March 2026 at midnight"),
            # 13:30 UTC in July is 2:30pm on a London clock (British Summer Time).
            (datetime(2026, 7, 1, 13, 30, tzinfo=UTC), "Wednesday 1 July 2026 at 2:30pm"),
            # 23:30 UTC on 31 March is already 1 April in London.
            (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "Wednesday 1 April 2026 at 12:30am"),
        ],
    )
    def test_date_and_time(self, moment, written):
        assert calendar.nhs_datetime(moment, weekday=True) == written

    def test_the_template_filters(self):
        slot = Slot(starts_at=london(2026, 3, 3, 14, 30), ends_at=london(2026, 3, 3, 15, 15))
        rendered = Template(
            "{% load bookings dates %}{{ slot.starts_at|nhs_weekday_datetime }}|"
            "{{ slot|slot_time }}|{{ slot.length|duration }}|{{ nothing|nhs_datetime }}"
        ).render(Context({"slot": slot}))

        assert rendered == (
            "Tuesday 3 March 2026 at 2:30pm|Tuesday 3 March 2026, 2:30pm to 3:15pm|45 minutes|"
        )

    @pytest.mark.parametrize(
        ("typed", "read"),
        [
            ("2:30pm", time(14, 30)),
            ("2.30 PM", time(14, 30)),
            ("2pm", time(14)),
            ("14:30", time(14, 30)),
            ("9:05", time(9, 5)),
            ("12am", time(0)),
            ("12:15pm", time(12, 15)),
            ("midday", time(12)),
            (" 9:30 a.m. ", time(9, 30)),
        ],
    )
    def test_times_as_people_type_them(self, typed, read):
        assert calendar.parse_clock_time(typed) == read

    @pytest.mark.parametrize("typed", ["", "14", "25:00", "13pm", "9:60", "soon", "0pm", "1:5pm"])
    def test_what_is_not_a_time(self, typed):
        assert calendar.parse_clock_time(typed) is None


class TestClockChanges:
    """Europe/London: clocks go forward at 1am GMT on 29 March 2026 and back at 2am BST on
    25 October 2026."""

    def test_a_london_time_is_stored_in_utc_with_summer_time_applied(self):
        assert calendar.london_moment(date(2026, 3, 3), time(14, 30)) == datetime(
            2026, 3, 3, 14, 30, tzinfo=UTC
        )
        assert calendar.london_moment(date(2026, 7, 1), time(14, 30)) == datetime(
            2026, 7, 1, 13, 30, tzinfo=UTC
        )

    def test_the_hour_skipped_in_march_is_refused(self):
        with pytest.raises(calendar.NotAClockTime, match="clocks go forward on Sunday 29 March"):
            calendar.london_moment(date(2026, 3, 29), time(1, 30))

    def test_the_hour_repeated_in_october_is_refused(self):
        with pytest.raises(calendar.NotAClockTime, match="1:30am happens twice"):
            calendar.london_moment(date(2026, 10, 25), time(1, 30))

    def test_the_hours_either_side_of_a_change_are_fine(self):
        assert calendar.london_moment(date(2026, 3, 29), time(2)) == datetime(
            2026, 3, 29, 1, tzinfo=UTC
        )
        assert calendar.london_moment(date(2026, 10, 25), time(2)) == datetime(
            2026, 10, 25, 2, tzinfo=UTC
        )

    def test_a_week_with_a_change_is_an_hour_short_or_long(self):
        start, end = calendar.london_day_bounds(date(2026, 3, 23), date(2026, 3, 29))
        assert end - start == timedelta(days=7, hours=-1)
        start, end = calendar.london_day_bounds(date(2026, 10, 19), date(2026, 10, 25))
        assert end - start == timedelta(days=7, hours=1)

    def test_a_weekly_series_keeps_its_london_time_across_the_march_change(self):
        mentor = MentorProfileFactory()
        with time_machine.travel(london(2026, 3, 1, 9), tick=False):
            slots = add(mentor, london(2026, 3, 17, 14, 30), weeks=4)

        assert [calendar.nhs_datetime(s.starts_at, weekday=True) for s in slots] == [
            "Tuesday 17 March 2026 at 2:30pm",
            "Tuesday 24 March 2026 at 2:30pm",
            "Tuesday 31 March 2026 at 2:30pm",
            "Tuesday 7 April 2026 at 2:30pm",
        ]
        assert [s.starts_at.astimezone(UTC).hour for s in slots] == [14, 14, 13, 13]
        assert all(s.length == timedelta(minutes=45) for s in slots)

    def test_a_weekly_series_keeps_its_london_time_across_the_october_change(self):
        mentor = MentorProfileFactory()
        with time_machine.travel(london(2026, 10, 1, 9), tick=False):
            slots = add(mentor, london(2026, 10, 20, 9), weeks=3)

        stored = Slot.objects.filter(mentor=mentor).order_by("starts_at")
        assert [s.starts_at for s in stored] == [
            datetime(2026, 10, 20, 8, tzinfo=UTC),
            datetime(2026, 10, 27, 9, tzinfo=UTC),
            datetime(2026, 11, 3, 9, tzinfo=UTC),
        ]
        assert [calendar.nhs_time(s.starts_at) for s in slots] == ["9am"] * 3

    def test_a_series_that_would_land_in_the_skipped_hour_is_refused_whole(self):
        mentor = MentorProfileFactory()
        with (
            time_machine.travel(london(2026, 3, 1, 9), tick=False),
            pytest.raises(booking_services.SlotRefused, match="does not exist") as refusal,
        ):
            add(mentor, london(2026, 3, 15, 1, 30), weeks=3)

        assert refusal.value.field == "start_time"
        assert not Slot.objects.exists()

    def test_the_week_view_shows_a_slot_on_the_day_it_is_in_london(self, client):
        mentor = MentorProfileFactory()
        with time_machine.travel(london(2026, 3, 1, 9), tick=False):
            # 11:30pm on Sunday 29 March (BST) is 22:30 UTC, still in the week of 23 March.
            add(mentor, london(2026, 3, 29, 23, 30), minutes=30)
            page = signed_in(client, mentor.user).get(
                reverse("mentoring:slots"), {"week": "2026-03-25"}
            )

        text = html.text(page.content)
        assert "Week beginning Monday 23 March 2026" in text
        assert "Sunday 29 March 2026, 11:30pm to midnight" in text


# Mentors offer time ----------------------------------------------------------------------------


class TestAddingSlots:
    def test_a_one_off_slot(self):
        mentor = MentorProfileFactory()
        start = soon()

        [slot] = add(mentor, start, minutes=60, format="in-person", place="Room 2, Trust HQ")

        assert (slot.starts_at, slot.ends_at) == (start, start + timedelta(hours=1))
        assert (slot.format, slot.place, slot.cancelled_at) == (
            "in-person",
            "Room 2, Trust HQ",
            None,
        )

    def test_an_overlapping_slot_is_refused_naming_the_clash(self):
        mentor = MentorProfileFactory()
        with time_machine.travel(london(2026, 3, 1, 9), tick=False):
            add(mentor, london(2026, 3, 3, 14, 30))

            with pytest.raises(booking_services.SlotRefused) as refusal:
                add(mentor, london(2026, 3, 3, 15))

        assert str(refusal.value).startswith(
            "This overlaps your slot on Tuesday 3 March 2026, 2:30pm to 3:15pm."
        )
        assert refusal.value.field == "start_time"
        assert Slot.objects.count() == 1

    def test_a_series_with_one_clash_is_refused_whole(self):
        mentor = MentorProfileFactory()
        add(mentor, soon(days=17))

        with pytest.raises(booking_services.SlotRefused, match="overlaps your slot"):
            add(mentor, soon(days=3, minute=0), minutes=60, weeks=4)

        assert Slot.objects.count() == 1

    def test_back_to_back_slots_do_not_overlap(self):
        mentor = MentorProfileFactory()
        add(mentor, soon(hour=14, minute=0), minutes=30)

        add(mentor, soon(hour=14, minute=30), minutes=30)
        add(mentor, soon(hour=13, minute=30), minutes=30)

        assert Slot.objects.count() == 3

    def test_a_cancelled_slot_or_another_mentors_slot_does_not_clash(self):
        mentor = MentorProfileFactory()
        [slot] = add(mentor, soon())
        add(MentorProfileFactory(), soon())
        booking_services.cancel_slot(slot=slot, actor=mentor.user)

        add(mentor, soon())

        assert Slot.objects.filter(cancelled_at__isnull=True).count() == 2

    def test_past_slots_cannot_be_created(self):
        mentor = MentorProfileFactory()
        with time_machine.travel(london(2026, 3, 10, 15), tick=False):
            with pytest.raises(booking_services.SlotRefused, match="has passed") as yesterday:
                add(mentor, london(2026, 3, 9, 16))
            with pytest.raises(booking_services.SlotRefused, match="has passed") as earlier_today:
                add(mentor, london(2026, 3, 10, 14, 30))

        assert yesterday.value.field == "date"
        assert earlier_today.value.field == "start_time"
        assert not Slot.objects.exists()

    def test_only_the_mentor_offers_their_time(self):
        mentor = MentorProfileFactory()

        with pytest.raises(mentorship_services.Refused, match="Only the mentor"):
            booking_services.add_slots(
                mentor=mentor,
                actor=UserFactory(),
                starts_at=soon(),
                length=timedelta(minutes=30),
                format="video",
            )

    @pytest.mark.parametrize(
        ("minutes", "weeks", "field"), [(10, 1, "length"), (300, 1, "length"), (30, 13, "weeks")]
    )
    def test_lengths_and_series_have_limits(self, minutes, weeks, field):
        with pytest.raises(booking_services.SlotRefused) as refusal:
            add(MentorProfileFactory(), soon(), minutes=minutes, weeks=weeks)

        assert refusal.value.field == field
        assert not Slot.objects.exists()

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL only"
    )
    def test_the_database_itself_refuses_overlapping_open_slots(self):
        first = SlotFactory()

        with pytest.raises(IntegrityError), transaction.atomic():
            Slot.objects.create(
                mentor=first.mentor,
                starts_at=first.starts_at + timedelta(minutes=10),
                ends_at=first.ends_at + timedelta(minutes=10),
                format="video",
            )

    def test_the_database_refuses_a_slot_that_ends_before_it_starts(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            SlotFactory(ends_at=timezone.now() - timedelta(days=30))


class TestCancellingSlots:
    def test_the_mentor_cancels_an_open_slot(self):
        [slot] = add(mentor := MentorProfileFactory(), soon())

        booking_services.cancel_slot(slot=slot, actor=mentor.user)

        slot.refresh_from_db()
        assert slot.is_cancelled

    def test_a_booked_slot_is_cancelled_through_its_booking(self):
        booking = BookingFactory()

        with pytest.raises(mentorship_services.Refused, match="Cancel their booking instead"):
            booking_services.cancel_slot(slot=booking.slot, actor=booking.slot.mentor.user)

        booking.slot.refresh_from_db()
        assert not booking.slot.is_cancelled

    def test_nobody_else_cancels_a_mentors_slot(self):
        slot = SlotFactory()

        with pytest.raises(mentorship_services.Refused, match="Only the mentor"):
            booking_services.cancel_slot(slot=slot, actor=UserFactory())


# Mentees book ----------------------------------------------------------------------------------


class TestBooking:
    def test_the_mentee_books_and_the_mentor_is_told(self, committed):
        mentorship = active_mentorship(mentor__user__first_name="Tom")
        [slot] = add(mentorship.mentor, london(2027, 3, 2, 14, 30))

        with committed():
            booking = booking_services.book_slot(
                slot=slot, actor=mentorship.mentee.user, agenda="  My next role  "
            )

        assert (booking.status, booking.mentorship, booking.agenda) == (
            Status.BOOKED,
            mentorship,
            "My next role",
        )
        assert list(booking.changes.values_list("from_status", "to_status")) == [("", "booked")]
        [email] = mail.outbox
        assert email.to == [mentorship.mentor.user.email]
        assert email.subject == (
            f"{mentorship.mentee_name} has booked a session with you on "
            "Tuesday 2 March 2027 at 2:30pm"
        )
        assert "My next role" in email.body
        assert booking.get_absolute_url() in email.body

    def test_only_the_mentee_of_an_active_mentorship_with_that_mentor_can_book(self):
        mentorship = active_mentorship()
        slot = SlotFactory(mentor=mentorship.mentor)
        waiting = MentorshipFactory(mentor=mentorship.mentor)  # a request, not yet active
        elsewhere = active_mentorship()  # a mentee of someone else

        for outsider in [
            waiting.mentee.user,
            elsewhere.mentee.user,
            mentorship.mentor.user,
            UserFactory(),
        ]:
            with pytest.raises(mentorship_services.Refused, match="active mentorship"):
                booking_services.book_slot(slot=slot, actor=outsider)
        assert not Booking.objects.exists()

    def test_a_slot_is_booked_once_and_the_second_mentee_is_told_kindly(self):
        first = active_mentorship()
        second = active_mentorship(mentor=first.mentor)
        slot = SlotFactory(mentor=first.mentor)
        booking_services.book_slot(slot=slot, actor=first.mentee.user)

        with pytest.raises(mentorship_services.Refused, match="this slot has just been taken"):
            booking_services.book_slot(slot=slot, actor=second.mentee.user)
        with pytest.raises(mentorship_services.Refused, match="You have already booked this slot"):
            booking_services.book_slot(slot=slot, actor=first.mentee.user)

        assert Booking.objects.count() == 1
        assert BookingChange.objects.count() == 1

    def test_the_database_refuses_a_second_active_booking_of_a_slot(self):
        booking = BookingFactory()
        other = active_mentorship(mentor=booking.mentorship.mentor)

        with pytest.raises(IntegrityError), transaction.atomic():
            BookingFactory(slot=booking.slot, mentorship=other)

    def test_a_cancelled_booking_frees_the_slot_for_another_booking(self):
        booking = BookingFactory(status=Status.CANCELLED)
        other = active_mentorship(mentor=booking.mentorship.mentor)

        again = booking_services.book_slot(slot=booking.slot, actor=other.mentee.user)

        assert again.status == Status.BOOKED

    def test_cancelled_and_past_slots_cannot_be_booked(self):
        mentorship = active_mentorship()
        cancelled = SlotFactory(mentor=mentorship.mentor, cancelled_at=timezone.now())
        with time_machine.travel(timezone.now(), tick=False) as clock:
            started = SlotFactory(mentor=mentorship.mentor)
            clock.shift(started.starts_at - timezone.now() + timedelta(minutes=1))

            with pytest.raises(mentorship_services.Refused, match="already started"):
                booking_services.book_slot(slot=started, actor=mentorship.mentee.user)
        with pytest.raises(mentorship_services.Refused, match="no longer offering"):
            booking_services.book_slot(slot=cancelled, actor=mentorship.mentee.user)

    def test_the_mentee_sees_only_open_future_slots_of_their_mentor(self):
        mentorship = active_mentorship()
        mentor = mentorship.mentor
        open_slot = SlotFactory(mentor=mentor)
        BookingFactory(mentorship=active_mentorship(mentor=mentor))
        SlotFactory(mentor=mentor, cancelled_at=timezone.now())
        past_start = timezone.now() - timedelta(days=1)
        SlotFactory(mentor=mentor, starts_at=past_start, ends_at=past_start + timedelta(hours=1))
        SlotFactory()  # another mentor's
        freed = BookingFactory(mentorship=mentorship, status=Status.CANCELLED).slot

        assert list(booking_services.bookable_slots(mentorship)) == sorted(
            [open_slot, freed], key=lambda s: s.starts_at
        )
        mentorship.status = Mentorship.Status.COMPLETED
        assert list(booking_services.bookable_slots(mentorship)) == []


class TestCancellingBookings:
    def test_the_mentee_cancels_the_mentor_is_told_and_the_slot_opens_again(self, committed):
        booking = BookingFactory()

        with committed():
            booking_services.cancel_booking(booking=booking, actor=booking.mentorship.mentee.user)

        booking.refresh_from_db()
        assert (booking.status, booking.sequence) == (Status.CANCELLED, 1)
        assert not Slot.objects.get(pk=booking.slot_id).is_cancelled
        assert (
            booking_services.bookable_slots(booking.mentorship).filter(pk=booking.slot_id).exists()
        )
        [email] = mail.outbox
        assert email.to == [booking.mentorship.mentor.user.email]
        assert email.subject.startswith("Cancelled: your mentoring session with")
        assert "open again" in email.body

    def test_the_mentor_cancels_with_a_reason_the_mentee_is_told_and_the_slot_goes(self, committed):
        booking = BookingFactory()
        mentor = booking.mentorship.mentor.user

        with pytest.raises(mentorship_services.Refused, match="Enter a reason"):
            booking_services.cancel_booking(booking=booking, actor=mentor, reason="  ")
        with committed():
            booking_services.cancel_booking(booking=booking, actor=mentor, reason="I am on call")

        booking.refresh_from_db()
        assert (booking.status, booking.cancel_reason) == (Status.CANCELLED, "I am on call")
        assert Slot.objects.get(pk=booking.slot_id).is_cancelled
        assert list(booking.changes.values_list("from_status", "to_status", "note")) == [
            ("booked", "cancelled", "I am on call")
        ]
        [email] = mail.outbox
        assert email.to == [booking.mentorship.mentee.user.email]
        assert "I am on call" in email.body
        assert reverse("mentoring:bookable-slots", args=[booking.mentorship_id]) in email.body

    def test_nobody_cancels_once_it_has_started_or_twice_or_someone_elses(self):
        booking = BookingFactory()
        mentee = booking.mentorship.mentee.user

        with pytest.raises(mentorship_services.Refused, match="Only the mentee or the mentor"):
            booking_services.cancel_booking(booking=booking, actor=UserFactory())
        with (
            time_machine.travel(booking.slot.starts_at + timedelta(minutes=1), tick=False),
            pytest.raises(mentorship_services.Refused, match="has started"),
        ):
            booking_services.cancel_booking(booking=booking, actor=mentee)
        booking_services.cancel_booking(booking=booking, actor=mentee)
        with pytest.raises(mentorship_services.Refused, match="cancelled already"):
            booking_services.cancel_booking(booking=booking, actor=mentee)

    @pytest.mark.parametrize("ending", ["complete", "end_early"])
    def test_ending_a_mentorship_cancels_its_future_bookings_at_once(self, committed, ending):
        booking = BookingFactory()
        mentorship = booking.mentorship
        mentee_user = mentorship.mentee.user

        with committed():
            if ending == "complete":
                mentorship_services.complete(mentorship=mentorship, actor=mentee_user)
            else:
                mentorship_services.end_early(
                    mentorship=mentorship, actor=mentee_user, reason="New job"
                )

        booking.refresh_from_db()
        assert booking.status == Status.CANCELLED
        assert booking.sequence == 1
        assert booking.changes.last().automatic
        cancelled = [m for m in mail.outbox if m.subject.startswith("Cancelled")]
        assert sorted(m.to[0] for m in cancelled) == sorted(
            [mentee_user.email, mentorship.mentor.user.email]
        )


class TestHeldOrNot:
    def test_a_held_session_goes_into_the_session_log_on_its_london_date(self):
        # 11:30pm on 31 March BST is 22:30 UTC: the session log says 31 March, not 1 April.
        with time_machine.travel(london(2026, 3, 1, 9), tick=False) as clock:
            mentorship = active_mentorship()
            [slot] = add(mentorship.mentor, london(2026, 3, 31, 23, 0), minutes=30)
            booking = booking_services.book_slot(slot=slot, actor=mentorship.mentee.user)
            clock.move_to(london(2026, 4, 1, 9))

            booking_services.record_outcome(
                booking=booking,
                actor=mentorship.mentor.user,
                outcome=Status.HELD,
                summary="Budgets",
            )

        booking.refresh_from_db()
        assert booking.status == Status.HELD
        log = SessionLog.objects.get(mentorship=mentorship)
        assert (log.held_on, log.summary, booking.session) == (date(2026, 3, 31), "Budgets", log)

    @pytest.mark.parametrize(
        ("who", "outcome"),
        [
            ("mentor", "mentee-absent"),
            ("mentee", "mentor-absent"),
            ("mentee", "neither-attended"),
        ],
    )
    def test_either_of_the_two_records_a_no_show_which_logs_nothing(self, who, outcome):
        booking = BookingFactory()
        actor = getattr(booking.mentorship, who).user
        with time_machine.travel(booking.slot.ends_at, tick=False):
            booking_services.record_outcome(booking=booking, actor=actor, outcome=outcome)

        booking.refresh_from_db()
        assert (booking.status, booking.outcome_recorded_by) == (outcome, actor)
        assert booking.is_no_show
        assert list(booking.changes.values_list("to_status", "actor")) == [(outcome, actor.pk)]
        assert not SessionLog.objects.exists()

    def test_only_the_two_and_only_once_it_has_started(self):
        booking = BookingFactory()
        mentor = booking.mentorship.mentor.user

        with pytest.raises(
            mentorship_services.Refused, match="You can say whether the session was held"
        ):
            booking_services.record_outcome(booking=booking, actor=mentor, outcome=Status.HELD)
        with time_machine.travel(booking.slot.ends_at, tick=False):
            with pytest.raises(mentorship_services.Refused, match="Only the mentee or the mentor"):
                booking_services.record_outcome(
                    booking=booking, actor=UserFactory(), outcome=Status.HELD
                )
            with pytest.raises(mentorship_services.Refused, match="Select what happened"):
                booking_services.record_outcome(
                    booking=booking, actor=mentor, outcome=Status.NOT_HELD
                )
        booking.refresh_from_db()
        assert booking.status == Status.BOOKED

    def test_the_first_answer_stands_and_a_second_says_who_gave_it(self):
        booking = BookingFactory(mentorship__mentee__user__first_name="Sam",
                                 mentorship__mentee__user__last_name="Jones")  # fmt: skip
        mentee, mentor = booking.mentorship.mentee.user, booking.mentorship.mentor.user
        with time_machine.travel(booking.slot.ends_at, tick=False):
            booking_services.record_outcome(
                booking=booking, actor=mentee, outcome=Status.MENTOR_ABSENT
            )
            with pytest.raises(mentorship_services.Refused) as by_the_other:
                booking_services.record_outcome(booking=booking, actor=mentor, outcome=Status.HELD)
            with pytest.raises(mentorship_services.Refused) as by_the_same:
                booking_services.record_outcome(
                    booking=booking, actor=mentee, outcome=Status.NEITHER_ATTENDED
                )

        assert str(by_the_other.value).startswith("Sam Jones already recorded on ")
        assert "the mentor, did not attend. The first answer stands." in str(by_the_other.value)
        assert str(by_the_same.value).startswith("You already recorded on ")
        booking.refresh_from_db()
        assert (booking.status, booking.outcome_recorded_by) == (Status.MENTOR_ABSENT, mentee)
        assert booking.changes.count() == 1
        assert not SessionLog.objects.exists()


# Background jobs -------------------------------------------------------------------------------


class TestReminders:
    def test_both_are_reminded_once_24_hours_before(self, committed):
        booking = BookingFactory(slot__starts_at=soon(days=3))
        start = booking.slot.starts_at
        people = {booking.mentorship.mentee.user.email, booking.mentorship.mentor.user.email}

        with time_machine.travel(start - timedelta(hours=25), tick=False) as clock:
            assert booking_services.send_booking_reminders() == 0
            clock.shift(timedelta(hours=2))
            with committed():
                assert booking_services.send_booking_reminders() == 1
                assert booking_services.send_booking_reminders() == 0
            clock.shift(timedelta(hours=1))
            assert booking_services.send_booking_reminders() == 0

        assert {m.to[0] for m in mail.outbox} == people
        assert all(m.subject.startswith("Reminder: mentoring with") for m in mail.outbox)
        assert len(mail.outbox) == 2

    def test_cancelled_sessions_and_ended_mentorships_get_no_reminder(self):
        cancelled = BookingFactory(status=Status.CANCELLED, slot__starts_at=soon(days=3))
        ended = BookingFactory(
            mentorship__status=Mentorship.Status.ENDED_EARLY, slot__starts_at=soon(days=3, hour=9)
        )

        with time_machine.travel(cancelled.slot.starts_at - timedelta(hours=12), tick=False):
            assert booking_services.send_booking_reminders() == 0
        assert ended.reminder_sent_at is None

    def test_housekeeping_cancels_what_an_ended_mentorship_still_holds(self, committed):
        # Ending through the services cancels at once; this is the net for anything else that
        # ended a mentorship, such as a round's proposal expiring.
        booking = BookingFactory()
        Mentorship.objects.filter(pk=booking.mentorship_id).update(status="ended-early")

        with committed():
            assert booking_services.cancel_bookings_of_ended_mentorships() == 1
        assert booking_services.cancel_bookings_of_ended_mentorships() == 0

        booking.refresh_from_db()
        assert (booking.status, booking.sequence) == (Status.CANCELLED, 1)
        assert booking.changes.get().automatic
        assert len(mail.outbox) == 2
        assert "because your mentorship has ended" in mail.outbox[0].body

    def test_the_housekeeping_command_sends_them(self):
        BookingFactory(slot__starts_at=timezone.now() + timedelta(hours=3))
        out = io.StringIO()

        call_command("mentoring_housekeeping", stdout=out)

        assert "Sessions: reminded 1, cancelled 0 of ended mentorships." in out.getvalue()


# Pages -----------------------------------------------------------------------------------------


def slot_form(**overrides) -> dict:
    day = timezone.localdate() + timedelta(days=7)
    return {
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
        "start_time": "2:30pm",
        "length": "45",
        "format": "video",
        "place": LINK,
        "repeat": "once",
        "weeks": "",
        **overrides,
    }


class TestSlotPages:
    def test_a_mentor_adds_a_weekly_series(self, client):
        mentor = MentorProfileFactory()
        signed_in(client, mentor.user)

        response = client.post(
            reverse("mentoring:add-slots"), slot_form(repeat="weekly", weeks="3")
        )

        slots = list(Slot.objects.filter(mentor=mentor))
        assert len(slots) == 3
        assert {calendar.nhs_time(s.starts_at) for s in slots} == {"2:30pm"}
        assert response.status_code == 302
        page = client.get(response.url)
        assert "3 slots added, every" in html.text(page.content)
        assert calendar.nhs_time_range(slots[0].starts_at, slots[0].ends_at) in html.text(
            page.content
        )

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"start_time": "25:99"}, "id_start_time", "Enter a start time like 9:30am or 14:30"),
            ({"start_time": ""}, "id_start_time", "Enter the start time"),
            ({"date_1": "13"}, "id_date", "Date must be a real date"),
            ({"date_0": ""}, "id_date", "Date must include a day"),
            ({"format": ""}, "id_format", "Select how you will meet"),
            ({"place": ""}, "id_place", "Enter the meeting link"),
            ({"place": "", "format": "in-person"}, "id_place", "Enter where you will meet"),
            ({"repeat": "weekly"}, "id_weeks", "Enter how many weeks, from 2 to 12"),
            ({"repeat": "weekly", "weeks": "20"}, "id_weeks", "up to 12 weeks"),
            ({"repeat": "weekly", "weeks": "lots"}, "id_weeks", "whole number"),
            ({"length": "7"}, "id_length", "Select a valid choice"),
        ],
    )
    def test_bad_input_is_shown_next_to_its_field_and_nothing_is_added(
        self, client, overrides, field, message
    ):
        signed_in(client, MentorProfileFactory().user)

        response = client.post(reverse("mentoring:add-slots"), slot_form(**overrides))

        assert response.status_code == 400
        assert message in html.field_error(response.content, field)
        assert html.title(response.content).startswith("Error: Add slots")
        assert not Slot.objects.exists()

    def test_a_clock_change_or_a_clash_is_shown_next_to_the_start_time(self, client):
        mentor = MentorProfileFactory()
        signed_in(client, mentor.user)
        with time_machine.travel(london(2026, 3, 1, 9), tick=False):
            gap = client.post(
                reverse("mentoring:add-slots"),
                slot_form(date_0="29", date_1="3", date_2="2026", start_time="1:30am"),
            )
            add(mentor, london(2026, 3, 3, 14, 30))
            clash = client.post(
                reverse("mentoring:add-slots"),
                slot_form(date_0="3", date_1="3", date_2="2026", start_time="3pm"),
            )
            past = client.post(
                reverse("mentoring:add-slots"),
                slot_form(date_0="2", date_1="2", date_2="2026"),
            )

        assert gap.status_code == clash.status_code == past.status_code == 400
        assert "does not exist that day" in html.field_error(gap.content, "id_start_time")
        assert "overlaps your slot on Tuesday 3 March 2026, 2:30pm to 3:15pm" in (
            html.field_error(clash.content, "id_start_time")
        )
        assert "has passed" in html.field_error(past.content, "id_date")
        assert Slot.objects.count() == 1

    def test_someone_who_is_not_a_mentor_is_sent_to_make_a_profile(self, client):
        signed_in(client, UserFactory())

        for name in ["slots", "add-slots"]:
            response = client.get(reverse(f"mentoring:{name}"))
            assert response.url == reverse("mentoring:mentor-profile")

    def test_a_bad_week_in_the_address_shows_this_week(self, client):
        signed_in(client, MentorProfileFactory().user)

        response = client.get(reverse("mentoring:slots"), {"week": "not-a-date"})

        monday = calendar.week_start(timezone.localdate())
        assert f"Week beginning {calendar.nhs_date(monday, weekday=True)}" in html.text(
            response.content
        )

    def test_cancelling_an_open_slot_asks_first(self, client):
        slot = SlotFactory()
        signed_in(client, slot.mentor.user)
        url = reverse("mentoring:cancel-slot", args=[slot.pk])

        asked = client.get(url)
        assert "Are you sure you want to cancel this slot?" in html.text(asked.content)
        client.post(url)

        slot.refresh_from_db()
        assert slot.is_cancelled

    def test_someone_elses_slot_is_404(self, client):
        slot = SlotFactory()
        signed_in(client, MentorProfileFactory().user)

        assert client.get(reverse("mentoring:cancel-slot", args=[slot.pk])).status_code == 404
        assert client.post(reverse("mentoring:cancel-slot", args=[slot.pk])).status_code == 404
        slot.refresh_from_db()
        assert not slot.is_cancelled


class TestBookingPages:
    def test_the_mentee_books_from_the_list_of_open_slots(self, client):
        mentorship = active_mentorship()
        slot = SlotFactory(mentor=mentorship.mentor)
        signed_in(client, mentorship.mentee.user)

        listed = client.get(reverse("mentoring:bookable-slots", args=[mentorship.pk]))
        assert reverse("mentoring:book", args=[slot.pk]) in listed.content.decode()
        response = client.post(
            reverse("mentoring:book", args=[slot.pk]), {"agenda": "Interview practice"}
        )

        booking = Booking.objects.get()
        assert response.url == booking.get_absolute_url()
        page = html.text(client.get(response.url).content)
        assert "is booked for" in page
        assert "Interview practice" in page

    @pytest.mark.parametrize(
        ("status", "tag"),
        [
            (Status.BOOKED, "nhsuk-tag nhsuk-tag--blue"),
            (Status.HELD, "nhsuk-tag nhsuk-tag--green"),
            (Status.MENTEE_ABSENT, "nhsuk-tag nhsuk-tag--grey"),
            (Status.CANCELLED, "nhsuk-tag nhsuk-tag--grey"),
        ],
    )
    def test_the_booking_page_tags_its_status_in_the_colour_the_model_gives(
        self, client, status, tag
    ):
        booking = BookingFactory(status=status)
        signed_in(client, booking.mentorship.mentee.user)

        page = client.get(booking.get_absolute_url())

        # The first tag is the beta banner's.
        tags = html.elements(page.content, "strong", class_="nhsuk-tag")[1:]
        assert [element["class"] for element in tags] == [tag]
        assert booking.get_status_display() in html.text(page.content)

    def test_the_second_mentee_is_told_the_slot_has_just_been_taken(self, client):
        first = active_mentorship()
        second = active_mentorship(mentor=first.mentor)
        slot = SlotFactory(mentor=first.mentor)
        signed_in(client, second.mentee.user)
        form_page = client.get(reverse("mentoring:book", args=[slot.pk]))
        assert form_page.status_code == 200
        booking_services.book_slot(slot=slot, actor=first.mentee.user)

        late = client.post(reverse("mentoring:book", args=[slot.pk]), {"agenda": "My words"})
        listed = client.get(reverse("mentoring:bookable-slots", args=[second.pk]))
        again = client.get(reverse("mentoring:book", args=[slot.pk]))

        assert late.status_code == 409
        assert "this slot has just been taken" in html.text(late.content)
        assert "My words" in late.content.decode()
        assert Booking.objects.count() == 1
        assert reverse("mentoring:book", args=[slot.pk]) not in listed.content.decode()
        assert "has just been taken" in html.text(again.content)
        assert not html.elements(again.content, "textarea")

    def test_a_slot_of_a_mentor_you_have_no_active_mentorship_with_is_404(self, client):
        slot = SlotFactory()
        requested = MentorshipFactory(mentor=slot.mentor)

        for user in [requested.mentee.user, UserFactory(), slot.mentor.user]:
            signed_in(client, user)
            assert client.get(reverse("mentoring:book", args=[slot.pk])).status_code == 404
            assert client.post(reverse("mentoring:book", args=[slot.pk])).status_code == 404
        assert not Booking.objects.exists()

    def test_only_the_mentee_sees_the_bookable_slots_of_their_mentorship(self, client):
        mentorship = active_mentorship()
        url = reverse("mentoring:bookable-slots", args=[mentorship.pk])

        for user in [mentorship.mentor.user, UserFactory()]:
            assert signed_in(client, user).get(url).status_code == 404
        assert signed_in(client, mentorship.mentee.user).get(url).status_code == 200

    def test_someone_elses_booking_is_404_for_every_page_and_action(self, client):
        booking = BookingFactory()
        signed_in(client, UserFactory())

        for name in ["booking", "cancel-booking", "booking-outcome", "booking-ics"]:
            url = reverse(f"mentoring:{name}", args=[booking.pk])
            assert client.get(url).status_code == 404, name
            assert client.post(url, {"reason": "x", "outcome": "held"}).status_code in (404, 405)
        booking.refresh_from_db()
        assert booking.status == Status.BOOKED

    def test_the_mentor_must_give_a_reason_to_cancel_the_mentee_need_not(self, client):
        booking = BookingFactory()
        url = reverse("mentoring:cancel-booking", args=[booking.pk])

        signed_in(client, booking.mentorship.mentor.user)
        refused = client.post(url, {"reason": ""})
        assert refused.status_code == 400
        assert "Enter why you are cancelling" in html.field_error(refused.content, "id_reason")
        assert Booking.objects.get().status == Status.BOOKED

        signed_in(client, booking.mentorship.mentee.user)
        client.post(url, {"reason": ""})
        assert Booking.objects.get().status == Status.CANCELLED

    def test_the_outcome_form_offers_held_and_each_kind_of_no_show(self, client):
        booking = BookingFactory(
            mentorship__mentee__user__first_name="Sam", mentorship__mentee__user__last_name="Jones",
            mentorship__mentor__user__first_name="Ada", mentorship__mentor__user__last_name="Obi",
        )  # fmt: skip
        url = reverse("mentoring:booking-outcome", args=[booking.pk])

        with time_machine.travel(booking.slot.ends_at, tick=False):
            for user in [booking.mentorship.mentee.user, booking.mentorship.mentor.user]:
                signed_in(client, user)
                detail = html.text(client.get(booking.get_absolute_url()).content)
                form = client.get(url)
                options = [i["value"] for i in html.elements(form.content, "input", name="outcome")]
                assert "Say what happened" in detail
                assert options == ["held", "mentee-absent", "mentor-absent", "neither-attended"]
                assert "Sam Jones, the mentee, did not attend" in html.text(form.content)
                assert "Ada Obi, the mentor, did not attend" in html.text(form.content)

    def test_the_mentee_records_that_the_mentor_did_not_come_and_both_see_who_said_so(self, client):
        booking = BookingFactory(
            mentorship__mentee__user__first_name="Sam", mentorship__mentee__user__last_name="Jones",
        )  # fmt: skip
        url = reverse("mentoring:booking-outcome", args=[booking.pk])

        with time_machine.travel(booking.slot.ends_at, tick=False):
            signed_in(client, booking.mentorship.mentee.user)
            response = client.post(url, {"outcome": "mentor-absent"}, follow=True)
            signed_in(client, booking.mentorship.mentor.user)
            seen_by_the_mentor = html.text(client.get(booking.get_absolute_url()).content)

        assert "We have recorded that" in html.text(response.content)
        booking.refresh_from_db()
        assert booking.status == Status.MENTOR_ABSENT
        assert booking.outcome_recorded_by == booking.mentorship.mentee.user
        assert "What happenedMentor did not attendRecorded by Sam Jones on" in seen_by_the_mentor
        assert "Say what happened" not in seen_by_the_mentor
        assert not SessionLog.objects.exists()

    def test_a_second_answer_from_the_other_is_refused_and_the_first_stands(self, client):
        booking = BookingFactory(
            mentorship__mentor__user__first_name="Ada", mentorship__mentor__user__last_name="Obi",
        )  # fmt: skip
        url = reverse("mentoring:booking-outcome", args=[booking.pk])

        with time_machine.travel(booking.slot.ends_at, tick=False):
            signed_in(client, booking.mentorship.mentor.user)
            client.post(url, {"outcome": "mentee-absent"})
            signed_in(client, booking.mentorship.mentee.user)
            asked = client.get(url, follow=True)
            posted = client.post(url, {"outcome": "held", "summary": "We met"}, follow=True)

        for response in (asked, posted):
            assert response.redirect_chain == [(booking.get_absolute_url(), 302)]
            assert "Ada Obi already recorded on " in html.text(response.content)
            assert "the mentee, did not attend. The first answer stands." in html.text(
                response.content
            )
        booking.refresh_from_db()
        assert booking.status == Status.MENTEE_ABSENT
        assert not SessionLog.objects.exists()

    def test_the_mentor_says_it_was_held_and_the_mentorship_page_shows_it(self, client):
        booking = BookingFactory()
        with time_machine.travel(booking.slot.ends_at, tick=False):
            signed_in(client, booking.mentorship.mentor.user)
            empty = client.post(reverse("mentoring:booking-outcome", args=[booking.pk]), {})
            client.post(
                reverse("mentoring:booking-outcome", args=[booking.pk]),
                {"outcome": "held", "summary": "Talked about budgets"},
            )
            page = html.text(client.get(booking.mentorship.get_absolute_url()).content)

        assert "Select what happened" in html.field_error(empty.content, "id_outcome")
        assert Booking.objects.get().status == Status.HELD
        assert "Talked about budgets" in page
        assert "Booked sessions" in page

    def test_the_mentorship_page_lists_booked_sessions_and_offers_booking(self, client):
        booking = BookingFactory()
        signed_in(client, booking.mentorship.mentee.user)

        page = client.get(booking.mentorship.get_absolute_url())

        text = html.text(page.content)
        assert html.text(Template("{% load bookings %}{{ s|slot_time }}").render(
            Context({"s": booking.slot})
        )) in text  # fmt: skip
        assert f"Book a session with {booking.mentorship.mentor_name}" in text

    def test_the_dashboard_links_to_slots_bookings_and_the_calendar(self, client):
        mentorship = active_mentorship()
        MentorProfileFactory(user=mentorship.mentee.user)
        signed_in(client, mentorship.mentee.user)

        page = client.get(reverse("mentoring:dashboard")).content.decode()

        for url in [
            reverse("mentoring:slots"),
            reverse("mentoring:bookable-slots", args=[mentorship.pk]),
            reverse("mentoring:calendar"),
        ]:
            assert url in page


class TestQueryCounts:
    """The slot pages run the same number of queries whatever the number of slots."""

    @pytest.fixture(params=[2, 30], ids=["few-slots", "many-slots"])
    def programme(self, request):
        mentorship = active_mentorship()
        mentor = mentorship.mentor
        # Weeks ahead, clear of the factory's slots of the same mentor in the next few days.
        monday = calendar.week_start(timezone.localdate()) + timedelta(weeks=10)
        start = calendar.london_moment(monday, time(8))
        for n in range(request.param):
            slot_start = start + timedelta(minutes=50 * n)
            slot = SlotFactory(
                mentor=mentor, starts_at=slot_start, ends_at=slot_start + timedelta(minutes=45)
            )
            if n % 3 == 0:
                BookingFactory(slot=slot, mentorship=active_mentorship(mentor=mentor))
        BookingFactory(mentorship=mentorship)
        past = timezone.now() - timedelta(days=2)
        BookingFactory(
            mentorship=mentorship,
            slot__starts_at=past,
            slot__ends_at=past + timedelta(minutes=30),
        )
        return mentorship, monday

    def test_the_mentors_week(self, client, programme, django_assert_num_queries):
        mentorship, monday = programme
        signed_in(client, mentorship.mentor.user)

        # Session and user, the profile, the week's slots, their bookings, the sessions waiting
        # to be marked held; then the session is saved (three statements).
        with django_assert_num_queries(9):
            response = client.get(reverse("mentoring:slots"), {"week": monday.isoformat()})
        assert response.status_code == 200

    def test_the_mentees_open_slots(self, client, programme, django_assert_num_queries):
        mentorship, _ = programme
        signed_in(client, mentorship.mentee.user)

        with django_assert_num_queries(8):
            response = client.get(reverse("mentoring:bookable-slots", args=[mentorship.pk]))
        assert response.status_code == 200

    def test_a_booking(self, client, programme, django_assert_num_queries):
        mentorship, _ = programme
        booking = mentorship.bookings.first()
        signed_in(client, mentorship.mentee.user)

        with django_assert_num_queries(7):
            response = client.get(booking.get_absolute_url())
        assert response.status_code == 200

    def test_the_calendar_feed(self, client, programme, django_assert_num_queries):
        mentorship, _ = programme
        feed = booking_services.reset_calendar_feed(user=mentorship.mentor.user)

        with django_assert_num_queries(2):
            response = client.get(feed.get_absolute_url())
        assert response.status_code == 200


# Coordinators ----------------------------------------------------------------------------------


class TestCoordinators:
    @pytest.fixture
    def coordinator_client(self, client):
        coordinator = UserFactory(is_staff=True, groups=["Coordinators"])
        return signed_in(client, coordinator)

    def test_see_bookings_per_mentorship_with_held_and_not_held_counts(self, coordinator_client):
        mentorship = active_mentorship()
        past = timezone.now() - timedelta(days=3)
        statuses = [Status.HELD, Status.HELD, Status.NOT_HELD, Status.MENTEE_ABSENT,
                    Status.MENTOR_ABSENT, Status.NEITHER_ATTENDED, Status.CANCELLED]  # fmt: skip
        for status in statuses:
            BookingFactory(
                mentorship=mentorship,
                status=status,
                slot__starts_at=past,
                slot__ends_at=past + timedelta(minutes=30),
            )
            past -= timedelta(days=1)
        BookingFactory(mentorship=mentorship)

        page = coordinator_client.get(reverse("admin:mentoring_bookingsbymentorship_changelist"))
        exported = coordinator_client.post(
            reverse("admin:mentoring_bookingsbymentorship_changelist"),
            {"action": "export_counts", "_selected_action": [mentorship.pk]},
        )

        assert page.status_code == 200
        rows = list(csv.reader(io.StringIO(exported.content.decode())))
        assert rows[0] == [
            "mentorship", "mentee", "mentor", "status", "upcoming", "held", "not held",
            "mentee did not attend", "mentor did not attend", "cancelled",
        ]  # fmt: skip
        # Every kind of no-show is "not held"; "neither attended" counts against both.
        assert rows[1][4:] == ["1", "2", "4", "2", "2", "1"]

    def test_a_no_show_and_who_recorded_it_are_in_the_booking_admin_and_export(
        self, coordinator_client
    ):
        booking = BookingFactory(
            mentorship__mentor__user__first_name="Ada", mentorship__mentor__user__last_name="Obi",
        )  # fmt: skip
        with time_machine.travel(booking.slot.ends_at, tick=False):
            booking_services.record_outcome(
                booking=booking, actor=booking.mentorship.mentor.user, outcome=Status.MENTEE_ABSENT
            )

        listing = coordinator_client.get(reverse("admin:mentoring_booking_changelist"))
        exported = coordinator_client.post(
            reverse("admin:mentoring_booking_changelist"),
            {"action": "export_bookings", "_selected_action": [booking.pk]},
        )

        assert "Mentee did not attend" in html.text(listing.content)
        rows = list(csv.reader(io.StringIO(exported.content.decode())))
        assert rows[0][7] == "status" and rows[0][-1] == "outcome recorded by"
        assert (rows[1][7], rows[1][-1]) == ("Mentee did not attend", "Ada Obi")

    def test_export_bookings_without_the_agenda(self, coordinator_client):
        booking = BookingFactory(agenda="Something private")

        listing = coordinator_client.get(reverse("admin:mentoring_booking_changelist"))
        detail = coordinator_client.get(
            reverse("admin:mentoring_booking_change", args=[booking.pk])
        )
        exported = coordinator_client.post(
            reverse("admin:mentoring_booking_changelist"),
            {"action": "export_bookings", "_selected_action": [booking.pk]},
        )

        assert listing.status_code == detail.status_code == 200
        assert "Something private" not in detail.content.decode()
        assert exported["Content-Disposition"] == 'attachment; filename="bookings.csv"'
        rows = list(csv.reader(io.StringIO(exported.content.decode())))
        assert rows[1][2:4] == [booking.mentorship.mentee_name, booking.mentorship.mentor_name]
        assert "Something private" not in exported.content.decode()

    def test_coordinators_change_nothing_and_never_see_calendar_addresses(self):
        coordinator = UserFactory(is_staff=True, groups=["Coordinators"])

        assert coordinator.has_perm("mentoring.view_booking")
        assert coordinator.has_perm("mentoring.export_booking")
        assert not coordinator.has_perm("mentoring.change_booking")
        assert not coordinator.has_perm("mentoring.delete_slot")
        assert not coordinator.has_perm("mentoring.view_calendarfeed")


# Demo data -------------------------------------------------------------------------------------


def test_the_demo_gives_the_mentor_open_slots_and_the_mentee_a_booked_session(settings):
    settings.DEBUG = True
    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())

    mentor = User.objects.get(email="mentor@example.com").mentor_profile
    open_future = Slot.objects.filter(
        mentor=mentor, starts_at__gt=timezone.now(), cancelled_at__isnull=True
    ).exclude(bookings__status=Status.BOOKED)
    booked = Booking.objects.filter(
        mentorship__mentee__user__email="mentee@example.com",
        mentorship__mentor=mentor,
        status=Status.BOOKED,
        slot__starts_at__gt=timezone.now(),
    )
    assert open_future.count() >= 8
    assert booked.count() == 1
    assert Booking.objects.filter(status=Status.HELD).count() == 1
    missed = Booking.objects.get(status__in=Booking.NO_SHOWS)
    assert missed.status == Status.MENTEE_ABSENT
    assert missed.outcome_recorded_by == mentor.user
    assert missed.changes.filter(to_status=Status.MENTEE_ABSENT, actor=mentor.user).exists()
    assert Slot.objects.filter(mentor=mentor).count() == 14


# E-mails ---------------------------------------------------------------------------------------

SCRIPT = '<script>alert("gotcha")</script>'
SITE = "https://pathways.example.nhs.uk"


@pytest.fixture
def strict_emails(settings):
    """A misspelt variable shows up in the e-mail instead of rendering as nothing."""
    settings.SITE_URL = SITE
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": "INVALID[%s]"}}
    ]


def _made(booking):
    slot = SlotFactory(mentor=booking.slot.mentor, place=booking.slot.place)
    booking_services.book_slot(slot=slot, actor=booking.mentorship.mentee.user, agenda=SCRIPT)


def _cancelled_by_mentor(booking):
    booking_services.cancel_booking(
        booking=booking, actor=booking.mentorship.mentor.user, reason=f"On call {SCRIPT}"
    )


def _cancelled_by_mentee(booking):
    booking_services.cancel_booking(booking=booking, actor=booking.mentorship.mentee.user)


def _cancelled_as_ended(booking):
    Mentorship.objects.filter(pk=booking.mentorship_id).update(status="completed")
    booking_services.cancel_bookings_of_ended_mentorships()


def _reminded(booking):
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=2), tick=False):
        booking_services.send_booking_reminders()


@pytest.mark.parametrize(
    ("happening", "sent", "subject"),
    [
        (_made, 1, "Priya Shah has booked a session with you on "),
        (_cancelled_by_mentor, 1, "Cancelled: your mentoring session with Tom Reid on "),
        (_cancelled_by_mentee, 1, "Cancelled: your mentoring session with Priya Shah on "),
        (_cancelled_as_ended, 2, "Cancelled: your mentoring session with "),
        (_reminded, 2, "Reminder: mentoring with "),
    ],
    ids=["made", "cancelled-by-mentor", "cancelled-by-mentee", "mentorship-ended", "reminder"],
)
def test_each_booking_e_mail_links_to_the_booking_and_escapes_what_people_typed(
    committed, strict_emails, happening, sent, subject
):
    booking = BookingFactory(
        agenda=f"Budgets {SCRIPT}",
        slot__place=f"Room 1 {SCRIPT}",
        mentorship__mentee__user=UserFactory(first_name="Priya", last_name="Shah"),
        mentorship__mentor__user=UserFactory(first_name="Tom", last_name="Reid"),
    )

    with committed():
        happening(booking)

    assert len(mail.outbox) == sent
    booking = Booking.objects.latest("id")
    for email in mail.outbox:
        body_html = email.alternatives[0][0]
        assert email.subject.startswith(subject)
        assert email.subject.endswith(calendar.nhs_datetime(booking.slot.starts_at))
        assert "\n" not in email.subject
        assert "INVALID" not in email.subject + email.body + body_html
        assert SCRIPT not in body_html
        assert 'lang="en-GB"' in body_html
        page = f"{SITE}/mentoring/bookings/{booking.pk}/"
        assert page in email.body and page in body_html
        if happening is not _reminded:
            assert f"{page}calendar.ics" in email.body and f"{page}calendar.ics" in body_html


def test_my_data_holds_my_bookings_and_deleting_my_account_blanks_my_agendas(client):
    booking = BookingFactory(agenda="My private worries")
    mentee_user = booking.mentorship.mentee.user
    client.force_login(mentee_user)

    data = client.get(reverse("portal:my-data")).json()
    [exported] = data["mentoring"]["mentorships"][0]["bookings"]
    assert exported["agenda"] == "My private worries"

    from portal.privacy import delete_account

    delete_account(user=mentee_user)
    booking.refresh_from_db()
    assert booking.agenda == ""
    assert booking.status == Status.CANCELLED
