"""The pairing check's records: each person's private answer, the one ask sent for each
mentorship, and pairs kept apart after a "no"."""

from django.db import models
from django.db.models import Q

from mentoring.mentorships.models import Feedback, MenteeProfile, MentorProfile, Mentorship

__all__ = ["PairExclusion", "PairingCheck", "PairingCheckAsk"]

NOTE_MAX_LENGTH = 1000


class PairingCheck(models.Model):
    """One person's answer to "is this mentoring working for you?". Private: the other person
    never sees it, nor whether it was given; coordinators see the counts, which side said no,
    and the note left for them."""

    Role = Feedback.Role

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="pairing_checks"
    )
    role = models.CharField(max_length=10, choices=Role)
    working = models.BooleanField()
    note = models.TextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="A private note for the coordinators; never shown to the other person.",
    )
    answered_at = models.DateTimeField()
    ended_mentorship = models.BooleanField(
        default=False, help_text="This answer ended the mentorship (a mentorship ends once)."
    )

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "role"],
                name="pairing_check_once_per_party",
                violation_error_message="You have already answered the pairing check.",
            ),
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(ended_mentorship=True),
                name="pairing_check_ends_a_mentorship_once",
            ),
            models.CheckConstraint(
                condition=Q(ended_mentorship=False) | Q(working=False),
                name="pairing_check_only_a_no_ends_it",
            ),
        ]

    def __str__(self) -> str:
        answer = "working" if self.working else "not working"
        return f"{self.get_role_display()} pairing check: {answer}"


class PairingCheckAsk(models.Model):
    """The email asking both people for their pairing check, sent once for each mentorship
    (the unique mentorship holds it when two housekeeping runs meet)."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="pairing_check_ask"
    )
    sent_at = models.DateTimeField()
    # The housekeeping run that claimed the ask: only that run sends it.
    claim = models.UUIDField(editable=False)

    def __str__(self) -> str:
        return f"Pairing check asked for mentorship {self.mentorship_id}"


class PairExclusion(models.Model):
    """A mentee and a mentor kept apart: not suggested, not asked and not matched in any
    round again, since a pairing check ended their mentorship."""

    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, related_name="pair_exclusions"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="pair_exclusions"
    )
    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentorship whose pairing check kept them apart.",
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="exclude_a_pair_once"),
        ]

    def __str__(self) -> str:
        return f"Mentee {self.mentee_id} and mentor {self.mentor_id} kept apart"
