"""What housekeeping sent a pair about their meetings: one row per nudge or warning, so that
nothing is sent twice, however often housekeeping runs and however many run at once. The rules
of when each is sent live in mentoring/health/rules.py."""

from django.db import models
from django.db.models import Q

from mentoring.health.rules import Nudge as NudgeKind
from mentoring.mentorships.models import Mentorship


class Nudge(models.Model):
    """A nudge ("a meeting is due", "overdue") or a long-silence warning, sent to both people.

    `counted_from` is the day the silence counted from (their last meeting, or the start): one
    of each kind per silence. Nudges are also at most one a week per mentorship. Both rules are
    database constraints as well, so two housekeeping runs at once cannot both send one.
    """

    class Kind(models.TextChoices):
        DUE = NudgeKind.DUE.value, "A meeting is due"
        OVERDUE = NudgeKind.OVERDUE.value, "A meeting is overdue"
        SILENCE_WARNING = NudgeKind.SILENCE_WARNING.value, "Warned of closing after a long silence"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=20, choices=Kind)
    counted_from = models.DateField(help_text="The last meeting (or the start) it counted from.")
    week = models.DateField(help_text="The Monday of the week it was sent.")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind", "counted_from"],
                name="one_nudge_of_a_kind_per_silence",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "week"],
                condition=Q(kind__in=["due", "overdue"]),
                name="one_nudge_a_week_per_mentorship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.week})"
