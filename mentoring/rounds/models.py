"""Matching rounds: a coordinator's cohort, who takes part, the proposal each run works out,
and the record of who did what to it.

Re-exported by mentoring/models/, so these are models of the mentoring app like any other. The
rules live in mentoring/rounds/services.py and the assignment itself in
mentoring/rounds/assignment.py; these models hold the data and what the database can guarantee:
one proposal run at a time per round, one place per person per round, one proposal row per
mentee.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from mentoring.records import MadeBy, StatusTag, name_of
from portal.dates import nhs_datetime

__all__ = [
    "MatchingRound",
    "RoundEvent",
    "RoundExclusion",
    "RoundMentee",
    "RoundMentor",
    "RoundProposal",
    "RoundRun",
]


ROUND_NAME_MAX_LENGTH = 200  # the name mentees and mentors see


class MatchingRound(StatusTag, models.Model):
    """A cohort matched in one go: people opt in, a coordinator proposes, reviews, publishes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    TAG_COLOURS = {Status.PUBLISHED: "green"}

    name = models.CharField(max_length=ROUND_NAME_MAX_LENGTH)
    starts_on = models.DateField("mentoring starts on")
    ends_on = models.DateField("mentoring ends on")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("view_programme", "Can see the programme dashboard and export figures")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="round_ends_after_it_starts",
                violation_error_message="The end date must be after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mentoring:round", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RoundMentee(models.Model):
    """A mentee taking part in a round."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="mentees")
    mentee = models.ForeignKey(
        "mentoring.MenteeProfile", on_delete=models.CASCADE, related_name="round_places"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentee"],
                name="mentee_once_per_round",
                violation_error_message="You are already taking part in this round.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} in {self.round}"


class RoundMentor(models.Model):
    """A mentor taking part in a round, with the number of mentees they will take in it.
    Those places count against their overall capacity."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="mentors")
    mentor = models.ForeignKey(
        "mentoring.MentorProfile", on_delete=models.CASCADE, related_name="round_places"
    )
    places = models.PositiveSmallIntegerField(
        help_text="How many mentees you will take from this round."
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentor"],
                name="mentor_once_per_round",
                violation_error_message="You are already taking part in this round.",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=10),
                name="round_places_between_1_and_10",
                violation_error_message="Places must be between 1 and 10.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} in {self.round} ({self.places})"


class RoundRun(models.Model):
    """One "propose matches" of a round, worked out in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    IN_PROGRESS = [Status.QUEUED, Status.RUNNING]

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the run last said how far it had got.
    updated_at = models.DateTimeField(default=timezone.now)
    # The background task working it out: the run is alive while that task waits in the queue
    # or runs on a worker whose heartbeat is fresh (portal/worker.py).
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    stage = models.CharField(max_length=100, default="Waiting to start")
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(status__in=["queued", "running"]),
                name="one_proposal_run_at_a_time",
                violation_error_message="Matches are already being proposed for this round.",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="run_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"Proposal run for {self.round} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED


class RoundProposal(models.Model):
    """A mentee's place in the round's current proposal: their proposed mentor with the score
    and reasons, or no mentor and why. Once published, the mentorship it became and each
    party's confirmation."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(
        "mentoring.MenteeProfile", on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(
        "mentoring.MentorProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    unmatched_code = models.CharField(max_length=30, blank=True)
    unmatched_reason = models.CharField(max_length=500, blank=True)
    locked = models.BooleanField(default=False)
    mentorship = models.OneToOneField(
        "mentoring.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_proposal",
    )
    confirm_by = models.DateTimeField(null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentee"], name="one_proposal_per_mentee_per_round"
            ),
            models.CheckConstraint(
                condition=Q(locked=False) | Q(mentor__isnull=False),
                name="only_a_pair_can_be_locked",
            ),
        ]
        indexes = [models.Index(fields=["round", "mentor"])]

    def __str__(self) -> str:
        return f"Proposal in {self.round} for {self.mentee}"

    @property
    def is_pair(self) -> bool:
        return self.mentor_id is not None

    @property
    def confirmed_by(self) -> str:
        """Who of a published pair has confirmed, as the coordinator's proposal table says it."""
        mentee, mentor = self.mentee_confirmed_at is not None, self.mentor_confirmed_at is not None
        if mentee and mentor:
            return "Mentee and mentor"
        return "Mentee" if mentee else "Mentor" if mentor else "Not yet"


class RoundExclusion(models.Model):
    """A pair a coordinator ruled out: no run of the round proposes it again."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="exclusions")
    mentee = models.ForeignKey(
        "mentoring.MenteeProfile", on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(
        "mentoring.MentorProfile", on_delete=models.CASCADE, related_name="+"
    )
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentee", "mentor"], name="exclude_a_pair_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"Excluded pair in {self.round}"


class RoundEvent(MadeBy, models.Model):
    """Who did what to a round, and when: the round's audit trail. Never edited."""

    class Action(models.TextChoices):
        CREATED = "created", "Created the round"
        CHANGED = "changed", "Changed the round"
        PARTICIPANTS_ADDED = "participants-added", "Added participants"
        JOINED = "joined", "Joined"
        LEFT = "left", "Left"
        PROPOSAL_REQUESTED = "proposal-requested", "Asked for a proposal"
        PROPOSAL_READY = "proposal-ready", "Proposal ready"
        PROPOSAL_FAILED = "proposal-failed", "Proposal failed"
        LOCKED = "locked", "Locked a pair"
        UNLOCKED = "unlocked", "Unlocked a pair"
        EXCLUDED = "excluded", "Excluded a pair"
        LOCK_RELEASED = "lock-released", "Released a lock"
        PUBLISHED = "published", "Published"

    # Entries about one pair name the two by these keys, never in `detail`, so that a deleted
    # account leaves "Former user" in the trail rather than the person's name.
    PAIR_ACTIONS = [Action.LOCKED, Action.UNLOCKED, Action.EXCLUDED, Action.LOCK_RELEASED]

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField(default=False, help_text="Done by Pathways itself.")
    action = models.CharField(max_length=30, choices=Action)
    mentee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentee of the pair an entry is about.",
    )
    mentor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentor of the pair an entry is about.",
    )
    detail = models.TextField(blank=True, help_text="Never a person's name.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({nhs_datetime(self.at)})"

    @property
    def summary(self) -> str:
        """The entry as the round's history shows it: "Locked a pair: Priya Shah with Tom Jones"."""
        action = self.get_action_display()
        return f"{action}: {self.description}" if self.description else action

    @property
    def description(self) -> str:
        """What the entry says after its action: "Priya Shah with Tom Jones: why"."""
        if self.action not in self.PAIR_ACTIONS:
            return self.detail
        pair = f"{name_of(self.mentee_user)} with {name_of(self.mentor_user)}"
        return f"{pair}: {self.detail}" if self.detail else pair
