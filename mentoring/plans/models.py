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
