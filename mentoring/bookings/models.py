"""Slots and bookings: time a mentor offers, the bookings made in it, and each booking's
history, plus each person's private calendar feed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.mentorships.models import (
    NOTE_MAX_LENGTH,
    Format,
    MentorProfile,
    Mentorship,
    SessionLog,
)
from mentoring.records import MadeBy, StatusTag, name_of
from portal.dates import nhs_datetime

# How much people may write (see mentoring/mentorships/models.py for the other kinds of text).
PLACE_MAX_LENGTH = 300  # an address or a meeting link
AGENDA_MAX_LENGTH = 2000  # what a mentee would like to talk about in a session

# Slots and bookings ---------------------------------------------------------------------------
#
# Times are stored in UTC and entered and shown in Europe/London (mentoring/bookings/calendar.py).
# The rules live in mentoring/bookings/services.py; the database holds the two that must never
# break: a slot is booked at most once (a partial unique index, both databases), and one
# mentor's open slots never overlap (an exclusion constraint, PostgreSQL only: added by
# migration 0003, because SQLite has no range types).


class Slot(models.Model):
    """Time a mentor offers; any of their mentees in an active mentorship may book it."""

    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.SET_NULL, null=True, related_name="slots"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format)
    place = models.CharField(
        "place or meeting link",
        max_length=PLACE_MAX_LENGTH,
        blank=True,
        help_text="An address or a link.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_it_starts",
                violation_error_message="A slot must end after it starts.",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_format_display()} slot on {nhs_datetime(self.starts_at, weekday=True)}"

    @property
    def length(self):
        return self.ends_at - self.starts_at

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def place_url(self) -> str:
        """The place when it is a web link, so pages can offer it as one."""
        return self.place if self.place.startswith(("https://", "http://")) else ""

    @property
    def mentor_name(self) -> str:
        return name_of(self.mentor.user if self.mentor_id else None)


class Booking(StatusTag, models.Model):
    """A mentee's booking of a slot, within their mentorship with the slot's mentor."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"
        MENTEE_ABSENT = "mentee-absent", "Mentee did not attend"
        MENTOR_ABSENT = "mentor-absent", "Mentor did not attend"
        NEITHER_ATTENDED = "neither-attended", "Neither attended"
        # Recorded before Pathways asked who did not attend; no longer offered.
        NOT_HELD = "not-held", "Not held"

    # What either person can say about a session once its time has come; the first answer
    # stands. Every outcome but "held" is a no-show: none of them counts as a session held.
    OUTCOMES = [
        Status.HELD,
        Status.MENTEE_ABSENT,
        Status.MENTOR_ABSENT,
        Status.NEITHER_ATTENDED,
    ]
    NO_SHOWS = [
        Status.MENTEE_ABSENT,
        Status.MENTOR_ABSENT,
        Status.NEITHER_ATTENDED,
        Status.NOT_HELD,
    ]

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=20, choices=Status, default=Status.BOOKED)
    agenda = models.TextField(
        max_length=AGENDA_MAX_LENGTH,
        blank=True,
        help_text="What the mentee would like to talk about.",
    )
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentee or the mentor, whoever said first what happened.",
    )
    session = models.OneToOneField(
        SessionLog,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
        help_text="The session log entry made when the session was recorded as held.",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # A calendar recognises the same event by its UID, and takes the copy with the highest
    # SEQUENCE as the latest: both must stay stable and grow with each change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        permissions = [("export_booking", "Can export bookings as CSV")]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="one_booking_per_slot",
                violation_error_message="This slot has already been booked.",
            ),
        ]
        indexes = [models.Index(fields=["status", "reminder_sent_at"])]

    def __str__(self) -> str:
        return f"Booking of {self.slot} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:booking", kwargs={"pk": self.pk})

    TAG_COLOURS = {Status.BOOKED: "blue", Status.HELD: "green"}

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def is_booked(self) -> bool:
        """Booked and not yet said to have happened or not (nor cancelled)."""
        return self.status == self.Status.BOOKED

    @property
    def was_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_no_show(self) -> bool:
        return self.status in self.NO_SHOWS

    @property
    def outcome_recorded_by_name(self) -> str:
        if self.outcome_recorded_at is None:
            return ""
        return name_of(self.outcome_recorded_by)


class BookingChange(MadeBy, models.Model):
    """Each change of a booking's status, kept as its own record for the history."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Booking.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Booking.Status)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    automatic = models.BooleanField(default=False, help_text="Made by Pathways itself.")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"

    @property
    def summary(self) -> str:
        """The change as the booking's history shows it: "Cancelled: “I am unwell”"."""
        status = self.get_to_status_display()
        return f"{status}: “{self.note}”" if self.note else status


class BookingsByMentorship(Mentorship):
    """Mentorships as coordinators see them in the bookings report: counts per mentorship."""

    class Meta:
        proxy = True
        verbose_name = "bookings by mentorship"
        verbose_name_plural = "bookings by mentorship"


class CalendarFeed(models.Model):
    """A person's private calendar address. Whoever holds the token can read their bookings,
    so it can be reset, which stops the old address working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:calendar-feed", kwargs={"token": self.token})
