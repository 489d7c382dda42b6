"""Goal confidence at the start and the end of a mentorship, and the questions asked six and
twelve months after it ends: each asked once, each answered once (the database holds both)."""

from django.db import models
from django.db.models import Q

from mentoring.mentorships.models import Goal, Mentorship
from stories.models import Band

MILESTONE_MONTHS = (6, 12)


class Stage(models.TextChoices):
    START = "start", "At the start"
    END = "end", "At the end"


class GoalConfidence(models.Model):
    """How confident the mentee is in one goal, from 1 (not at all) to 5 (very), at one stage."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="confidence")
    stage = models.CharField(max_length=5, choices=Stage)
    rating = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["goal", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "stage"],
                name="goal_confidence_once_per_stage",
                violation_error_message="This goal already has a rating at this stage.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="goal_confidence_1_to_5",
                violation_error_message="Choose a rating from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.rating}/5"


class OutcomeAsk(models.Model):
    """The email asking a mentee what changed, once per mentorship and milestone. The row is
    written before the email, so two housekeeping runs at once cannot both send it."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="outcome_asks"
    )
    months = models.PositiveSmallIntegerField()
    asked_at = models.DateTimeField()
    # The housekeeping run that wrote the row: the run sends only the asks it wrote itself.
    claim = models.UUIDField(editable=False)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "months"], name="outcome_asked_once_per_milestone"
            ),
            models.CheckConstraint(
                condition=Q(months__in=MILESTONE_MONTHS), name="outcome_ask_6_or_12_months"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months}-month ask for mentorship {self.mentorship_id}"


class Helped(models.TextChoices):
    A_LOT = "a-lot", "Yes, a lot"
    A_LITTLE = "a-little", "Yes, a little"
    NO = "no", "No"
    NOT_SURE = "not-sure", "I’m not sure"


class OutcomeAnswer(models.Model):
    """What the mentee said six or twelve months after the mentorship ended. The first answer
    stands."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="outcome_answers"
    )
    months = models.PositiveSmallIntegerField()
    role_changed = models.BooleanField()
    band_changed = models.BooleanField()
    band_before = models.CharField(max_length=10, choices=Band, blank=True)
    band_now = models.CharField(max_length=10, choices=Band, blank=True)
    helped = models.CharField(max_length=10, choices=Helped)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "months"],
                name="outcome_answered_once_per_milestone",
                violation_error_message="You have already answered these questions.",
            ),
            models.CheckConstraint(
                condition=Q(months__in=MILESTONE_MONTHS), name="outcome_answer_6_or_12_months"
            ),
            models.CheckConstraint(
                condition=Q(band_changed=False) | ~Q(band_now=""),
                name="outcome_band_change_names_the_band",
                violation_error_message="Select your band now.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months}-month answer for mentorship {self.mentorship_id}"

    @property
    def moved(self) -> bool:
        """A move of role or band, as the programme figures count it."""
        return self.role_changed or self.band_changed
