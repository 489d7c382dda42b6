"""The goal confidence form and the six and twelve month questions."""

from django import forms

from mentoring.mentorships.forms import prompt, submit_helper
from mentoring.models import Goal
from mentoring.outcomes.models import Helped
from stories.models import Band

CONFIDENCE_CHOICES = [
    (1, "1 – not at all confident"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5 – very confident"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


class ConfidenceForm(forms.Form):
    """One question for each goal: how confident are you, 1 to 5."""

    def __init__(self, *args, goals: list[Goal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.text,
                choices=CONFIDENCE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
                error_messages={"required": f"Select how confident you are in: {goal.text}"},
            )
        self.helper = submit_helper("Save my ratings")

    @property
    def ratings(self) -> dict[int, int]:
        return {int(name.removeprefix("goal_")): value for name, value in self.cleaned_data.items()}


class OutcomeForm(forms.Form):
    role_changed = forms.TypedChoiceField(
        label="Has your role changed since your mentoring ended?",
        help_text="For example, a new job, a promotion, or new responsibilities.",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": "Select yes if your role has changed"},
    )
    band_changed = forms.TypedChoiceField(
        label="Has your band changed?",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": "Select yes if your band has changed"},
    )
    band_now = forms.ChoiceField(
        label="If it has, what is your band now?",
        choices=Band.choices,
        required=False,
    )
    helped = forms.ChoiceField(
        label="Did mentoring help?",
        choices=Helped.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether mentoring helped"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        prompt(self.fields["band_now"], "Select your band")
        self.helper = submit_helper("Send answers")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("band_changed") and not cleaned.get("band_now"):
            self.add_error("band_now", "Select your band now")
        return cleaned
