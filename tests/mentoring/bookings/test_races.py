"""Two people booking the same slot at the same moment: exactly one gets it, the other is told it
has just been taken, and nothing half-written remains. Likewise two overlapping slots added at
once by one mentor.

On PostgreSQL each racer runs in its own thread and connection: the row lock on the slot (or the
mentor) queues them, and the database's own constraints hold even without the lock. On SQLite,
whose writers are serialised by IMMEDIATE transactions, the second booking is refused cleanly.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, OperationalError, transaction

from mentoring.bookings import services
from mentoring.models import Booking, BookingChange, Mentorship, SessionLog, Slot
from tests.factories import BookingFactory, MentorProfileFactory, MentorshipFactory, SlotFactory
from tests.races import ON_POSTGRESQL, run_together


def mentees_of(mentor, count: int) -> list[Mentorship]:
    return [MentorshipFactory(mentor=mentor, status=Mentorship.Status.ACTIVE) for _ in range(count)]


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
@pytest.mark.parametrize("racers", [2, 12])
def test_mentees_racing_for_one_slot_one_gets_it_the_others_are_told(racers):
    slot = SlotFactory()
    mentorships = mentees_of(slot.mentor, racers)

    outcomes = run_together(
        [
            lambda m=m: services.book_slot(slot=slot, actor=m.mentee.user, agenda="Hello")
            for m in mentorships
        ]
    )

    booked = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(booked) == 1, outcomes
    assert len(refused) == racers - 1, outcomes
    assert all("this slot has just been taken" in str(r) for r in refused)
    assert Booking.objects.count() == 1
    assert BookingChange.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_one_mentee_booking_from_two_tabs_gets_one_booking():
    [mentorship] = mentees_of(MentorProfileFactory(), 1)
    slot = SlotFactory(mentor=mentorship.mentor)

    outcomes = run_together(
        [lambda: services.book_slot(slot=slot, actor=mentorship.mentee.user)] * 2
    )

    assert sum(isinstance(o, Booking) for o in outcomes) == 1, outcomes
    assert any("already booked this slot" in str(o) for o in outcomes), outcomes
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_overlapping_slots_added_at_once_by_one_mentor_only_one_is_kept():
    mentor = MentorProfileFactory()
    start = SlotFactory.build().starts_at

    outcomes = run_together(
        [
            lambda minutes=minutes: services.add_slots(
                mentor=mentor,
                actor=mentor.user,
                starts_at=start + timedelta(minutes=minutes),
                length=timedelta(hours=1),
                format="video",
                place="https://meet.example.nhs.uk/room-1",
            )
            for minutes in range(0, 40, 5)
        ]
    )

    assert sum(isinstance(o, list) for o in outcomes) == 1, outcomes
    assert all("overlaps your slot" in str(o) for o in outcomes if not isinstance(o, list))
    assert Slot.objects.filter(mentor=mentor).count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_the_database_alone_allows_one_booking_per_slot_without_the_lock():
    slot = SlotFactory()
    mentorships = mentees_of(slot.mentor, 8)

    outcomes = run_together(
        [
            lambda m=m: Booking.objects.create(
                slot=slot, mentorship=m, booked_at=slot.starts_at - timedelta(days=1)
            )
            for m in mentorships
        ]
    )

    assert sum(isinstance(o, Booking) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, IntegrityError) for o in outcomes) == 7, outcomes


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_the_database_alone_keeps_one_mentors_open_slots_apart_without_the_lock():
    mentor = MentorProfileFactory()
    start = SlotFactory.build().starts_at

    outcomes = run_together(
        [
            lambda minutes=minutes: Slot.objects.create(
                mentor=mentor,
                starts_at=start + timedelta(minutes=minutes),
                ends_at=start + timedelta(minutes=minutes + 60),
                format="video",
            )
            for minutes in range(0, 40, 5)
        ]
    )

    # Without the service's lock, PostgreSQL checks the exclusion constraint of writers that
    # wait on each other and may end one of them as a deadlock rather than a violation: either
    # way the database refused it. (The services take the mentor's lock first, so they meet
    # neither.)
    def refused(outcome) -> bool:
        return isinstance(outcome, IntegrityError) or (
            isinstance(outcome, OperationalError) and "deadlock detected" in str(outcome)
        )

    assert sum(isinstance(o, Slot) for o in outcomes) == 1, outcomes
    assert sum(refused(o) for o in outcomes) == 7, outcomes
    assert Slot.objects.filter(mentor=mentor).count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_the_two_saying_what_happened_at_once_the_first_answer_stands():
    booking = BookingFactory()
    mentee, mentor = booking.mentorship.mentee.user, booking.mentorship.mentor.user

    with time_machine.travel(booking.slot.ends_at, tick=False):
        outcomes = run_together(
            [
                lambda: services.record_outcome(
                    booking=booking, actor=mentee, outcome=Booking.Status.MENTOR_ABSENT
                ),
                lambda: services.record_outcome(
                    booking=booking, actor=mentor, outcome=Booking.Status.HELD, summary="Met"
                ),
            ]
        )

    recorded = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(recorded) == 1 and len(refused) == 1, outcomes
    assert "The first answer stands" in str(refused[0])
    booking.refresh_from_db()
    assert (booking.status, booking.outcome_recorded_by) == (
        recorded[0].status,
        recorded[0].outcome_recorded_by,
    )
    assert BookingChange.objects.filter(booking=booking).count() == 1
    assert SessionLog.objects.count() == (1 if booking.status == Booking.Status.HELD else 0)


# On every database -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_booking_of_the_same_slot_is_refused_cleanly(django_capture_on_commit_callbacks):
    slot = SlotFactory()
    first, second = mentees_of(slot.mentor, 2)
    services.book_slot(slot=slot, actor=first.mentee.user)

    with (
        django_capture_on_commit_callbacks() as emails,
        pytest.raises(services.Refused, match="this slot has just been taken"),
    ):
        services.book_slot(slot=slot, actor=second.mentee.user, agenda="My words")

    assert emails == []
    assert list(Booking.objects.values_list("mentorship_id", flat=True)) == [first.pk]
    assert BookingChange.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_booking_even_past_the_service():
    booking = BookingFactory()
    [other] = mentees_of(booking.slot.mentor, 1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=booking.slot, mentorship=other, booked_at=booking.booked_at)

    assert Booking.objects.count() == 1
