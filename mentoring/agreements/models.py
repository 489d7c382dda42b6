"""A mentorship's agreement, the templates it starts from, and the record of each change."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.mentorships.models import NOTE_MAX_LENGTH, Mentorship
from mentoring.records import MadeBy

AGREEMENT_TEXT_MAX_LENGTH = 2000  # confidentiality, each person's expectations
SHORTEST_DURATION_MONTHS = 1
LONGEST_DURATION_MONTHS = 24


class MeetingFrequency(models.IntegerChoices):
    """How often a pair agree to meet, in days: health counts from it."""

    WEEKLY = 7, "Every week"
    FORTNIGHTLY = 14, "Every 2 weeks"
    EVERY_3_WEEKS = 21, "Every 3 weeks"
    MONTHLY = 30, "Every month"
    EVERY_6_WEEKS = 42, "Every 6 weeks"
    EVERY_2_MONTHS = 61, "Every 2 months"
    EVERY_3_MONTHS = 91, "Every 3 months"


class Terms(models.Model):
    """The fields an agreement and its templates share."""

    meeting_every_days = models.PositiveSmallIntegerField(
        "how often you will meet",
        choices=MeetingFrequency,
        default=MeetingFrequency.MONTHLY,
    )
    formats = models.JSONField(
        "how you will meet", default=list, blank=True, help_text="Video call, phone, in person."
    )
    duration_months = models.PositiveSmallIntegerField(
        "how long the mentorship will run, in months", default=6
    )
    confidentiality = models.TextField(
        "what stays confidential", max_length=AGREEMENT_TEXT_MAX_LENGTH, blank=True
    )
    mentee_expectations = models.TextField(
        "what the mentee expects", max_length=AGREEMENT_TEXT_MAX_LENGTH, blank=True
    )
    mentor_expectations = models.TextField(
        "what the mentor expects", max_length=AGREEMENT_TEXT_MAX_LENGTH, blank=True
    )

    # The fields that make up the terms, in the order pages show them.
    TERM_FIELDS = (
        "meeting_every_days",
        "formats",
        "duration_months",
        "confidentiality",
        "mentee_expectations",
        "mentor_expectations",
    )

    class Meta:
        abstract = True


def _duration_between_limits(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(duration_months__gte=SHORTEST_DURATION_MONTHS)
        & Q(duration_months__lte=LONGEST_DURATION_MONTHS),
        name=f"{prefix}_duration_1_to_24_months",
        violation_error_message="Choose a length from 1 to 24 months.",
    )


class AgreementTemplate(Terms):
    """Terms coordinators keep for pairs to start from; one is the default."""

    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(
        "use for new mentorships", default=False, help_text="Only one template can be the default."
    )

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_agreement_template",
                violation_error_message="Another template is already the default.",
            ),
            _duration_between_limits("template"),
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(Terms):
    """One mentorship's terms. Each edit raises `version`; the terms are agreed when both people
    have confirmed the current version. `agreed_at` is when they first were."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    mentee_confirmed_version = models.PositiveIntegerField(default=0)
    mentor_confirmed_version = models.PositiveIntegerField(default=0)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            _duration_between_limits("agreement"),
            models.CheckConstraint(
                condition=Q(mentee_confirmed_version__lte=models.F("version"))
                & Q(mentor_confirmed_version__lte=models.F("version")),
                name="agreement_confirmed_version_exists",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreement for {self.mentorship}"

    @property
    def is_agreed(self) -> bool:
        """Both people have confirmed the terms as they stand now."""
        return self.mentee_confirmed_version == self.mentor_confirmed_version == self.version


class AgreementChange(MadeBy, models.Model):
    """One edit of an agreement after it was first agreed (or a confirmation), as both see it in
    the history: who, when, and each term from what to what."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    version = models.PositiveIntegerField()
    # [{"field": "meeting_every_days", "from": 30, "to": 14}, ...]
    changes = models.JSONField(default=list)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Agreement version {self.version}"
