"""A person's career plan and self-assessments, and the framework skills mentors offer help with.

A plan belongs to one person and nobody else sees it: not coordinators, not editors, not admin
lists (superusers aside). The person may share it with their mentor, and take it back.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentoring.mentorships.models import SHORT_TEXT_MAX_LENGTH, MentorProfile
from stories.models import RoleLevel, Skill, SkillLevel


class CareerPlan(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_plan"
    )
    current_role_level = models.ForeignKey(
        RoleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_role_text = models.CharField(
        "current role, if not listed", max_length=SHORT_TEXT_MAX_LENGTH, blank=True
    )
    target_role_level = models.ForeignKey(
        RoleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(current_role_level__isnull=True)
                | Q(target_role_level__isnull=True)
                | ~Q(current_role_level=models.F("target_role_level")),
                name="careerplan_target_differs_from_current",
                violation_error_message="Choose a role you want to move to, not the one you have.",
            ),
        ]

    def __str__(self) -> str:
        return f"Career plan {self.pk}"


class Assessment(models.Model):
    """One self-assessment of the skills the plan's target asks for. The first is the
    baseline; later ones show the change since."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="assessments")
    target_role_level = models.ForeignKey(
        RoleLevel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The target this assessment was made against.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class SkillRating(models.Model):
    """My level in one skill (0: not yet at awareness), beside the level required when rated."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    required_level = models.PositiveSmallIntegerField(choices=SkillLevel)

    class Meta:
        ordering = ["assessment", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="skillrating_once"),
            models.CheckConstraint(
                condition=Q(level__range=(0, 4)),
                name="skillrating_level_0_to_4",
                violation_error_message="Choose one of the levels shown.",
            ),
            models.CheckConstraint(
                condition=Q(required_level__range=(1, 4)),
                name="skillrating_required_level_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.level} of {self.required_level}"

    @property
    def gap(self) -> int:
        return max(0, self.required_level - self.level)


class MentorSkill(models.Model):
    """A framework skill a mentor can help with, and the level they hold it at."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=SkillLevel)

    class Meta:
        ordering = ["mentor", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "skill"], name="mentorskill_once"),
            models.CheckConstraint(
                condition=Q(level__range=(1, 4)),
                name="mentorskill_level_1_to_4",
                violation_error_message="Choose awareness, working, practitioner or expert.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_level_display()}"


# Goals, sharing and comments ------------------------------------------------------------------

GOAL_WHAT_MAX_LENGTH = 300  # one goal, short enough to become a mentorship's agreed goal
PLAN_NOTE_MAX_LENGTH = 2000  # how I will show it, progress and evidence, a mentor's comment


class PlanGoal(models.Model):
    """One thing the person will do to close a gap: what, by when, and how they will show it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="goals")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    what = models.CharField("what I will do", max_length=GOAL_WHAT_MAX_LENGTH)
    by_when = models.DateField("by when")
    how_shown = models.TextField("how I will show it", max_length=PLAN_NOTE_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    progress = models.TextField(
        "progress and evidence", max_length=PLAN_NOTE_MAX_LENGTH, blank=True
    )
    mentorship_goal = models.OneToOneField(
        "mentoring.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_goal",
        help_text="The mentorship's agreed goal this became, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["by_when", "id"]

    def __str__(self) -> str:
        return self.what


class PlanShare(models.Model):
    """The plan shared with the mentor of one mentorship: from `shared_at` until the person
    stops sharing (`stopped_at`) or the mentorship is no longer active."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="shares")
    mentorship = models.ForeignKey(
        "mentoring.Mentorship", on_delete=models.CASCADE, related_name="plan_shares"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(stopped_at__isnull=True),
                name="planshare_one_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} shared in mentorship {self.mentorship_id}"


class PlanComment(models.Model):
    """A mentor's comment on a plan shared with them."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=PLAN_NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class SkillConfirmation(models.Model):
    """A mentor's confirmation of the level the person holds a skill at: who, when, what."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="confirmations")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__range=(0, 4)),
                name="skillconfirmation_level_0_to_4",
                violation_error_message="Choose one of the levels shown.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.level_name}"

    @property
    def level_name(self) -> str:
        return SkillLevel(self.level).label if self.level else "Not yet"


class PlanViewing(models.Model):
    """A superuser opened a person's plan in admin. Plans are private; each look is kept."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="viewings")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} viewed by {self.viewer_id}"
