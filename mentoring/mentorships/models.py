"""Mentoring: who offers and seeks mentoring, and each mentorship's life from request to end.

The rules that move a mentorship from one status to another live in
mentoring/mentorships/services.py;
these models hold the data and the invariants the database can keep.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from mentoring.records import MadeBy, StatusTag, name_of
from portal.dates import nhs_date
from stories.models import Background, Band, Leader, Pathway, Region, Theme

# How much people may write, by kind of text: the same limit in the column (or the form a
# ModelForm builds from it), in every form that asks for it, and in the service that saves it.
SHORT_TEXT_MAX_LENGTH = 200  # a role, an organisation, a headline
GOALS_MAX_LENGTH = 2000  # what a mentee hopes to get from mentoring, in a profile or a request
MESSAGE_MAX_LENGTH = 2000  # a request's introduction
BIO_MAX_LENGTH = 3000  # a mentor's path so far and how they like to mentor
NOTE_MAX_LENGTH = 2000  # a question, an answer, a reason for declining, ending or cancelling
AGREED_GOAL_MAX_LENGTH = 300  # one agreed goal
SESSION_NOTES_MAX_LENGTH = 3000  # what a session talked about, and its next steps
FEEDBACK_COMMENT_MAX_LENGTH = 2000  # a comment for the coordinators


class Format(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    IN_PERSON = "in-person", "In person"


class LivedExperience(models.TextChoices):
    """Self-declared, opt-in tags a mentor may show and a mentee may look for. Never inferred."""

    WOMAN_IN_DIGITAL_LEADERSHIP = "woman-in-digital-leadership", "Woman in digital leadership"
    ETHNIC_MINORITY = "ethnic-minority", "From a Black, Asian or minority ethnic background"
    CLINICIAN_TURNED_DIGITAL = "clinician-turned-digital", "Clinician turned digital leader"
    CAREER_CHANGER = "career-changer", "Career changer"
    CARER = "carer", "Carer"
    DISABLED = "disabled", "Disabled"
    LGBTQ = "lgbtq", "LGBTQ+"


class MenteeProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profile"
    )
    current_role = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    band = models.CharField("Agenda for Change band", max_length=10, choices=Band)
    organisation = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    region = models.CharField(max_length=30, choices=Region)
    background = models.CharField(max_length=30, choices=Background)
    themes = models.ManyToManyField(Theme, related_name="+", blank=True)
    target_pathway = models.ForeignKey(
        Pathway, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    goals = models.TextField(max_length=GOALS_MAX_LENGTH)
    formats = models.JSONField(default=list, blank=True)
    preferred_experience = models.JSONField(default=list, blank=True)
    # The mentee's own lived experience, self-declared, and only ever counted in the programme
    # figures (groups of 5 or more) when she says so: never shown to mentors, never inferred.
    lived_experience = models.JSONField(default=list, blank=True)
    include_in_figures = models.BooleanField(
        "include my lived experience in programme figures", default=False
    )
    mentor_outside_organisation = models.BooleanField(
        "only mentors from outside my organisation", default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user} (mentee)"

    @classmethod
    def of(cls, user) -> "MenteeProfile | None":
        """This person's mentee profile, or None (signed out, or none made yet)."""
        if user is None or user.pk is None:
            return None
        return cls.objects.select_related("user").filter(user=user).first()

    def has_a_mentor(self, *, besides: "Mentorship | None" = None) -> bool:
        """Whether the mentee has a mentor, or a match waiting for the two to confirm
        (`Mentorship.ONE_MENTOR_AT_A_TIME`), other than the mentorship `besides`: either way
        nobody may give her another mentor, and a round has nobody to find for her."""
        held = self.mentorships.filter(status__in=Mentorship.ONE_MENTOR_AT_A_TIME)
        if besides is not None:
            held = held.exclude(pk=besides.pk)
        return held.exists()


class MentorProfileQuerySet(models.QuerySet):
    """The one count of a mentor's places: every page, suggestion, request and round uses it."""

    def with_free_places(self) -> "MentorProfileQuerySet":
        """Annotate `places_held` (mentorships holding a place: active, or proposed by a
        matching round) and `free_places` (capacity less those, never below 0)."""
        held = (
            Mentorship.objects.filter(mentor=OuterRef("pk"), status__in=Mentorship.HOLDS_PLACE)
            .order_by()
            .values("mentor")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            places_held=Coalesce(Subquery(held), Value(0)),
        ).annotate(free_places=Greatest(F("capacity") - F("places_held"), Value(0)))

    def with_space(self) -> "MentorProfileQuerySet":
        """Mentors with at least one free place."""
        return self.with_free_places().filter(free_places__gt=0)

    def taking_requests(self) -> "MentorProfileQuerySet":
        """Mentors a mentee can ask now: not paused, accepting requests, with a free place."""
        return self.with_space().filter(accepting_requests=True, paused_at__isnull=True)


class MentorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    headline = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    bio = models.TextField(max_length=BIO_MAX_LENGTH)
    background = models.CharField(max_length=30, choices=Background)
    band = models.CharField("Agenda for Change band", max_length=10, choices=Band)
    role = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    organisation = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH)
    region = models.CharField(max_length=30, choices=Region)
    themes = models.ManyToManyField(Theme, related_name="+", blank=True)
    formats = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=2, help_text="How many mentees you can support at once."
    )
    accepting_requests = models.BooleanField(default=True)
    paused_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when requests expired unanswered twice in a row, or by a coordinator.",
    )
    paused_reason = models.CharField(max_length=300, blank=True)
    consecutive_expiries = models.PositiveSmallIntegerField(default=0, editable=False)
    leader = models.OneToOneField(
        Leader,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profile",
        help_text="Your published story on Pathways, if there is one.",
    )
    lived_experience = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=10),
                name="mentor_capacity_between_1_and_10",
                violation_error_message="Capacity must be between 1 and 10 mentees.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} (mentor)"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentor", kwargs={"pk": self.pk})

    @classmethod
    def of(cls, user) -> "MentorProfile | None":
        """This person's mentor profile, or None (signed out, or none made yet)."""
        if user is None or user.pk is None:
            return None
        return cls.objects.select_related("user").filter(user=user).first()

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_taking_requests(self) -> bool:
        return not self.is_paused and self.accepting_requests

    @property
    def is_full(self) -> bool:
        """No free place. Needs `free_places`, from `MentorProfile.objects.with_free_places()`."""
        return self.free_places == 0

    @property
    def cannot_be_asked_because(self) -> str:
        """Why a mentee cannot ask this mentor for mentoring now, or "" if they can. Needs
        `free_places`, from `MentorProfile.objects.with_free_places()`."""
        name = self.user.first_name or self.user.get_full_name()
        if not self.is_taking_requests:
            return f"{name} is not taking new requests at the moment."
        if self.is_full:
            return f"{name} has no space for a new mentee at the moment."
        return ""


class MentorFactsStamp(models.Model):
    """One row whose `stamp` changes whenever a fact suggestions keep per process changes: a
    mentor profile, its themes, the skills it offers, or whether its account is active.

    Database triggers write it (`mentoring/mentorships/mentor_snapshot.py`), in the same
    transaction as the change, whatever made it: a page, a service, admin, `update()` or a
    bulk load. Each process keeps the mentors' facts it read under the stamp it read first,
    and reads them again once the stamp differs.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    stamp = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="mentor_facts_stamp_one_row")]

    def __str__(self) -> str:
        return f"Mentor facts stamp {self.stamp}"


class Mentorship(StatusTag, models.Model):
    """One mentee with one mentor, from the request until it ends."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        MORE_INFORMATION = "more-information", "More information requested"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"
        ENDED_EARLY = "ended-early", "Ended early"
        PROPOSED = "proposed", "Proposed by a matching round"
        # Closed by housekeeping after a long silence (mentoring/health/rules.py).
        NO_LONGER_MEETING = "no-longer-meeting", "Ended: no longer meeting"

    OPEN_REQUEST = [Status.REQUESTED, Status.MORE_INFORMATION]
    OPEN = [*OPEN_REQUEST, Status.ACTIVE, Status.PROPOSED]
    # A proposal from a matching round holds the mentor's place while the two confirm it.
    # Counted in one place: `MentorProfile.objects.with_free_places()`.
    HOLDS_PLACE = [Status.ACTIVE, Status.PROPOSED]
    # One mentor at a time: a mentee has at most one mentorship in these statuses, that is one
    # mentor, or one proposed by a matching round and waiting for the two to confirm. A proposal
    # counts because it is the mentee's answer in waiting: it holds the mentor's place, and
    # confirming it makes it active without asking anyone else, so a mentee holding one must
    # not be given another mentor meanwhile (a mentor accepting her request is told she already
    # has one; she can decline the proposal first). Rounds already count it so: a mentee with
    # a proposal cannot join or be published in another round. Checked by every service that
    # gives a mentee a mentor (accepting a request, confirming and publishing a round's
    # proposals), and held by the `one_mentor_at_a_time` constraint below when they race.
    ONE_MENTOR_AT_A_TIME = HOLDS_PLACE
    FINISHED = [Status.COMPLETED, Status.ENDED_EARLY, Status.NO_LONGER_MEETING]
    # Agreed, or proposed by a round: the two have goals, bookings and sessions to show.
    UNDER_WAY = [Status.PROPOSED, Status.ACTIVE, *FINISHED]
    STARTED = [Status.ACTIVE, *FINISHED]

    PARTIES = ("mentee", "mentor")
    # Who may make each change, and in which statuses. The services refuse anything else
    # (mentorships/services.py, `require_allowed`), and pages offer only what `actions_for`
    # allows, so a page never offers a change the service would refuse.
    ALLOWED = {
        "accept": (("mentor",), OPEN_REQUEST),
        "decline": (("mentor",), OPEN_REQUEST),
        "ask": (("mentor",), [Status.REQUESTED]),
        "answer": (("mentee",), [Status.MORE_INFORMATION]),
        "withdraw": (("mentee",), OPEN_REQUEST),
        "end_early": (PARTIES, [Status.ACTIVE]),
        "complete": (PARTIES, [Status.ACTIVE]),
        "add_goal": (PARTIES, [Status.ACTIVE]),
        "change_goal": (PARTIES, [Status.ACTIVE]),
        "log_session": (PARTIES, [Status.ACTIVE]),
        "give_feedback": (PARTIES, FINISHED),
    }

    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.SET_NULL, null=True, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.SET_NULL, null=True, related_name="mentorships"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.REQUESTED)
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, help_text="The mentee's introduction."
    )
    goals = models.TextField(
        max_length=GOALS_MAX_LENGTH, help_text="What the mentee hopes to get from mentoring."
    )
    mentor_question = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    decline_reason = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    end_reason = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    requested_at = models.DateTimeField()
    first_answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        permissions = [("export_mentorship", "Can export mentorships and feedback as CSV")]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status__in=["requested", "more-information", "active", "proposed"]),
                name="one_open_mentorship_per_pair",
                violation_error_message="There is already an open request or mentorship "
                "between you.",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["active", "proposed"]),
                name="one_mentor_at_a_time",
                violation_error_message="This mentee already has a mentor.",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.mentee_name} with {self.mentor_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentorship", kwargs={"pk": self.pk})

    @property
    def mentee_name(self) -> str:
        return name_of(self.mentee.user if self.mentee_id else None)

    @property
    def mentor_name(self) -> str:
        return name_of(self.mentor.user if self.mentor_id else None)

    # Who is who: the one check of a person's part in a mentorship.

    @property
    def mentee_user(self):
        """The mentee's account, or None once they have left."""
        return self.mentee.user if self.mentee_id else None

    @property
    def mentor_user(self):
        """The mentor's account, or None once they have left."""
        return self.mentor.user if self.mentor_id else None

    def is_mentee(self, user) -> bool:
        return self.mentee_id is not None and user is not None and self.mentee.user_id == user.pk

    def is_mentor(self, user) -> bool:
        return self.mentor_id is not None and user is not None and self.mentor.user_id == user.pk

    def role_of(self, user) -> str | None:
        """ "mentee", "mentor" (the values of `Feedback.Role`), or None for anyone else."""
        if self.is_mentee(user):
            return "mentee"
        if self.is_mentor(user):
            return "mentor"
        return None

    def other_party_name(self, user) -> str:
        """The name of the other person, as this one sees the mentorship."""
        return self.mentee_name if self.is_mentor(user) else self.mentor_name

    def actions_for(self, user) -> dict[str, bool]:
        """What this person may do to the mentorship now: each change in `ALLOWED`, True or
        False. Computed once per page, for templates to read (`can.accept`)."""
        role = self.role_of(user)
        return {
            action: role in roles and self.status in statuses
            for action, (roles, statuses) in self.ALLOWED.items()
        }

    TAG_COLOURS = {
        Status.ACTIVE: "green",
        Status.REQUESTED: "blue",
        Status.MORE_INFORMATION: "yellow",
        Status.COMPLETED: "white",
    }

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def is_ended_early(self) -> bool:
        return self.status == self.Status.ENDED_EARLY

    @property
    def is_under_way(self) -> bool:
        return self.status in self.UNDER_WAY

    def has_started(self) -> bool:
        """Whether the two have been mentor and mentee: only then is the mentor "your mentor"."""
        return self.status in self.STARTED

    @property
    def starts_later(self) -> bool:
        """Active, but not started yet: a matching round's mentorship starts on its date."""
        return self.is_active and self.started_at is not None and self.started_at > timezone.now()


class StatusChange(MadeBy, models.Model):
    """Each change of a mentorship's status, kept as its own record for the history."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Mentorship.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Mentorship.Status)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Made by Pathways itself (expiry, withdrawal on acceptance)."
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"

    @property
    def sentence(self) -> str:
        """The change as the history shows it: "Priya Shah asked for more information: “…”"."""
        wording = HISTORY_SENTENCES.get((self.from_status, self.to_status))
        if wording is None:
            wording = (
                f"Status changed from {Mentorship.Status(self.from_status).label.lower()} to "
                f"{Mentorship.Status(self.to_status).label.lower()}"
                if self.from_status
                else f"Status set to {Mentorship.Status(self.to_status).label.lower()}"
            )
        sentence = wording.format(who=self.by)
        if not self.note:
            return f"{sentence}."
        if self.automatic or (self.from_status, self.to_status) in PATHWAYS_NOTES:
            return f"{sentence}. {self.note}"
        return f"{sentence}: “{self.note}”"


_S = Mentorship.Status
# Each change of a mentorship's status in a plain sentence, for its history: the one place these
# words live. "{who}" is the person who made the change, or Pathways when it made it itself.
HISTORY_SENTENCES = {
    ("", _S.REQUESTED): "{who} asked for mentoring",
    ("", _S.PROPOSED): "{who} published a matching round",
    (_S.REQUESTED, _S.MORE_INFORMATION): "{who} asked for more information",
    (_S.MORE_INFORMATION, _S.REQUESTED): "{who} gave more information",
    (_S.REQUESTED, _S.ACTIVE): "{who} accepted the request and the mentorship started",
    (_S.MORE_INFORMATION, _S.ACTIVE): "{who} accepted the request and the mentorship started",
    (_S.PROPOSED, _S.ACTIVE): "{who} confirmed the match and the mentorship started",
    (_S.REQUESTED, _S.DECLINED): "{who} declined the request",
    (_S.MORE_INFORMATION, _S.DECLINED): "{who} declined the request",
    (_S.PROPOSED, _S.DECLINED): "{who} declined the match",
    (_S.REQUESTED, _S.WITHDRAWN): "{who} withdrew the request",
    (_S.MORE_INFORMATION, _S.WITHDRAWN): "{who} withdrew the request",
    (_S.PROPOSED, _S.WITHDRAWN): "{who} withdrew the match",
    (_S.REQUESTED, _S.EXPIRED): "The request expired",
    (_S.MORE_INFORMATION, _S.EXPIRED): "The request expired",
    (_S.PROPOSED, _S.EXPIRED): "The match expired",
    (_S.ACTIVE, _S.COMPLETED): "{who} marked the mentorship as complete",
    (_S.ACTIVE, _S.ENDED_EARLY): "{who} ended the mentorship early",
    (_S.ACTIVE, _S.NO_LONGER_MEETING): "{who} closed the mentorship: no meetings were logged "
    "for a long time",
}
# Changes whose note Pathways wrote (not a person's own words, so not shown in quotes).
PATHWAYS_NOTES = {("", _S.PROPOSED), (_S.PROPOSED, _S.ACTIVE), (_S.ACTIVE, _S.NO_LONGER_MEETING)}


class Goal(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="agreed_goals"
    )
    text = models.CharField(max_length=AGREED_GOAL_MAX_LENGTH)
    achieved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class SessionLog(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    summary = models.TextField(max_length=SESSION_NOTES_MAX_LENGTH)
    next_steps = models.TextField(max_length=SESSION_NOTES_MAX_LENGTH, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Session on {nhs_date(self.held_on, weekday=True)}"


class Feedback(models.Model):
    """Each party's rating at the end of a mentorship. Shown to coordinators only."""

    class Role(models.TextChoices):
        MENTEE = "mentee", "Mentee"
        MENTOR = "mentor", "Mentor"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    role = models.CharField(max_length=10, choices=Role)
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=FEEDBACK_COMMENT_MAX_LENGTH, blank=True)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "role"], name="feedback_once_per_party"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="feedback_rating_1_to_5",
                violation_error_message="Choose a rating from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} feedback: {self.rating}/5"
