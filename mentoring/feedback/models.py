"""Honest feedback during a mentorship: each person's rating of each session held, and the
pulse at the halfway point of the agreed duration. Both are double-blind: the rule of who sees
what, and when, is `mentoring.feedback.blind.others_answer_shown`."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q

from mentoring.mentorships.models import FEEDBACK_COMMENT_MAX_LENGTH, Mentorship, SessionLog

NOTE_MAX_LENGTH = FEEDBACK_COMMENT_MAX_LENGTH


class Role(models.TextChoices):
    """Whose answer it is: the values of `Mentorship.role_of`."""

    MENTEE = "mentee", "Mentee"
    MENTOR = "mentor", "Mentor"


class Usefulness(models.IntegerChoices):
    NOT_USEFUL = 1, "Not useful"
    SOMEWHAT_USEFUL = 2, "Somewhat useful"
    USEFUL = 3, "Useful"
    VERY_USEFUL = 4, "Very useful"


class HowItIsGoing(models.IntegerChoices):
    VERY_BADLY = 1, "Very badly"
    BADLY = 2, "Badly"
    OKAY = 3, "Okay"
    WELL = 4, "Well"
    VERY_WELL = 5, "Very well"


RECOMMEND_LOWEST = 0
RECOMMEND_HIGHEST = 10


class SessionRating(models.Model):
    """One person's rating of one session held (a logged session: a booking marked held logs
    one, so held bookings are rated through their session)."""

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="ratings")
    role = models.CharField(max_length=10, choices=Role)
    rating = models.PositiveSmallIntegerField(choices=Usefulness)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "role"], name="session_rated_once_per_role"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=4),
                name="session_rating_1_to_4",
                violation_error_message="Choose a rating from 1 to 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} rated {self.session}: {self.rating}/4"


class Pulse(models.Model):
    """One person's answer to the halfway pulse of a mentorship."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="pulses")
    role = models.CharField(max_length=10, choices=Role)
    how_it_is_going = models.PositiveSmallIntegerField(choices=HowItIsGoing)
    recommend = models.PositiveSmallIntegerField()
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "role"], name="pulse_once_per_role"),
            models.CheckConstraint(
                condition=Q(how_it_is_going__gte=1) & Q(how_it_is_going__lte=5),
                name="pulse_going_1_to_5",
                violation_error_message="Choose how it is going from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(recommend__gte=RECOMMEND_LOWEST) & Q(recommend__lte=RECOMMEND_HIGHEST),
                name="pulse_recommend_0_to_10",
                violation_error_message="Choose a number from 0 to 10.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} pulse for {self.mentorship}"


class PulseAsk(models.Model):
    """The halfway pulse asked of a mentorship: one row per mentorship, so housekeeping asks
    once however often it runs, even two runs at once. The window it opened is kept, so a later
    change of the agreed terms does not move it."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="pulse_ask"
    )
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The first day answers are no longer taken.")
    asked_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("opens_on")), name="pulse_window_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse asked of {self.mentorship}"

    @property
    def last_day(self) -> date:
        """The last day answers are taken."""
        return self.closes_on - timedelta(days=1)
