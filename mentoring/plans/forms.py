from django import forms
from django.utils.html import format_html

from mentoring.mentorships.forms import submit_helper
from mentoring.mentorships.models import SHORT_TEXT_MAX_LENGTH
from mentoring.plans.models import GOAL_WHAT_MAX_LENGTH, PLAN_NOTE_MAX_LENGTH, PlanGoal
from mentoring.plans.selectors import LEVEL_NAMES
from mentoring.shared import too_long
from portal.widgets import NHSDateField
from stories.models import RoleLevel
from stories.templatetags.framework_text import framework_text

NOT_LISTED = "My role is not listed"
# Sent by the form as they are, so the service sees and refuses anything outside them.
LEVEL_CHOICES = [(str(level), name) for level, name in LEVEL_NAMES.items()]


def _role_level(pk: str, levels: dict[int, RoleLevel]) -> RoleLevel | None:
    return levels.get(int(pk)) if pk else None


class RolesForm(forms.Form):
    """Where I am and where I want to be. Choices are the framework's current role levels,
    grouped by family and role; the service refuses the same role twice."""

    current_role_level = forms.ChoiceField(
        label="Your current role",
        required=False,
        error_messages={"invalid_choice": "Choose a role from the list"},
    )
    current_role_text = forms.CharField(
        label="If your role is not listed, what is it?",
        help_text="For example, ward manager and digital lead",
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        error_messages={"max_length": too_long("Your current role", SHORT_TEXT_MAX_LENGTH)},
    )
    target_role_level = forms.ChoiceField(
        label="The role you want to move to",
        error_messages={
            "required": "Choose the role you want to move to",
            "invalid_choice": "Choose a role from the list",
        },
    )

    def __init__(self, *args, groups, levels: dict[int, RoleLevel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.fields["current_role_level"].choices = [("", NOT_LISTED), *groups]
        self.fields["target_role_level"].choices = [("", "Choose a role"), *groups]
        self.helper = submit_helper("Save and continue")

    def clean(self):
        data = super().clean()
        for name in ("current_role_level", "target_role_level"):
            if name in data:
                data[name] = _role_level(data[name], self.levels)
        return data


class AssessmentForm(forms.Form):
    """One question per skill the target asks for: my level, with what the level it asks for
    means beside it."""

    def __init__(self, *args, requirements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for requirement in requirements:
            hint = format_html(
                "Your target asks for <strong>{}</strong>.{}",
                requirement.get_level_display(),
                framework_text(requirement.level_description)
                if requirement.level_description
                else "",
            )
            self.fields[f"skill_{requirement.skill_id}"] = forms.TypedChoiceField(
                label=requirement.skill.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=hint,
                error_messages={
                    "required": f"Choose your level in {requirement.skill.name}",
                    "invalid_choice": "Choose one of the levels shown",
                },
            )
        self.helper = submit_helper("Save my assessment")

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("skill_")): value for name, value in self.cleaned_data.items()
        }


GOAL_ERRORS = {
    "what": {
        "required": "Enter what you will do",
        "max_length": too_long("What you will do", GOAL_WHAT_MAX_LENGTH),
    },
    "how_shown": {
        "required": "Enter how you will show it",
        "max_length": too_long("How you will show it", PLAN_NOTE_MAX_LENGTH),
    },
    "progress": {"max_length": too_long("Progress and evidence", PLAN_NOTE_MAX_LENGTH)},
}


class GoalForm(forms.ModelForm):
    by_when = NHSDateField(label="By when", help_text="For example, 31 3 2027")

    class Meta:
        model = PlanGoal
        fields = ["what", "by_when", "how_shown"]
        labels = {"what": "What you will do", "how_shown": "How you will show it"}
        help_texts = {"how_shown": "The evidence you will bring to your appraisal."}
        widgets = {"how_shown": forms.Textarea(attrs={"rows": 3})}
        error_messages = GOAL_ERRORS

    def __init__(self, *args, submit: str = "Add goal", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(submit)


class GoalProgressForm(GoalForm):
    class Meta(GoalForm.Meta):
        fields = ["what", "by_when", "how_shown", "status", "progress"]
        labels = {**GoalForm.Meta.labels, "progress": "Progress and evidence"}
        widgets = {
            **GoalForm.Meta.widgets,
            "status": forms.RadioSelect,
            "progress": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, submit="Save goal", **kwargs)


class ShareForm(forms.Form):
    mentorship = forms.TypedChoiceField(
        label="Share with",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose your mentor",
            "invalid_choice": "You can share your plan only with your mentor",
        },
    )

    def __init__(self, *args, mentorships, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mentorships = {m.pk: m for m in mentorships}
        self.fields["mentorship"].choices = [
            (m.pk, f"{m.mentor_name}, your mentor") for m in mentorships
        ]
        self.helper = submit_helper("Share my plan")


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        max_length=PLAN_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter your comment",
            "max_length": too_long("Your comment", PLAN_NOTE_MAX_LENGTH),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Add comment")


class ConfirmForm(forms.Form):
    skill = forms.TypedChoiceField(label="Skill", coerce=int)
    level = forms.TypedChoiceField(
        label="The level you have seen",
        choices=LEVEL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the level you have seen",
            "invalid_choice": "Choose one of the levels shown",
        },
    )

    def __init__(self, *args, skills, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.skills = {skill.pk: skill for skill in skills}
        self.fields["skill"].choices = [("", "Choose a skill")] + [
            (skill.pk, skill.name) for skill in skills
        ]
        self.fields["skill"].error_messages.update(
            required="Choose a skill", invalid_choice="Choose a skill from the list"
        )
        self.helper = submit_helper("Confirm level", css_class="nhsuk-button--secondary")
