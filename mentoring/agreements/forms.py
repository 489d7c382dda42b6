from django import forms

from mentoring.agreements.models import (
    AGREEMENT_TEXT_MAX_LENGTH,
    LONGEST_DURATION_MONTHS,
    SHORTEST_DURATION_MONTHS,
    MeetingFrequency,
)
from mentoring.agreements.services import MOST_GOALS_AT_ONCE
from mentoring.mentorships.forms import submit_helper
from mentoring.mentorships.models import AGREED_GOAL_MAX_LENGTH, Format
from mentoring.shared import too_long


def _text(label: str, what: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=AGREEMENT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long(what, AGREEMENT_TEXT_MAX_LENGTH)},
    )


class AgreementForm(forms.Form):
    """The terms a pair agree, as one of them answers them. Valid answers are kept (as the
    draft) until the person confirms them on the check-your-answers page."""

    meeting_every_days = forms.TypedChoiceField(
        label="How often will you meet?",
        choices=MeetingFrequency.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often you will meet",
            "invalid_choice": "Select how often you will meet",
        },
    )
    formats = forms.MultipleChoiceField(
        label="How will you meet?",
        help_text="Select all that apply.",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one way you will meet",
            "invalid_choice": "Select how you will meet from the list",
        },
    )
    duration_months = forms.IntegerField(
        label="How many months will the mentorship run?",
        help_text=f"From {SHORTEST_DURATION_MONTHS} to {LONGEST_DURATION_MONTHS} months.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many months the mentorship will run",
            "invalid": "Enter the number of months as a whole number, like 6",
        },
    )
    confidentiality = _text(
        "What stays confidential between you?",
        "What stays confidential",
        "For example, what you talk about stays between you unless someone is at risk of harm.",
    )
    mentee_expectations = _text("What does the mentee expect?", "What the mentee expects")
    mentor_expectations = _text("What does the mentor expect?", "What the mentor expects")
    # The version of the terms the answers started from, so a change made meanwhile by the
    # other person is noticed rather than overwritten.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    goals = forms.CharField(
        label="Your first goals",
        help_text=f"Up to {MOST_GOALS_AT_ONCE}, one a line. You can add more later.",
        required=False,
        widget=forms.Textarea(attrs={"rows": MOST_GOALS_AT_ONCE}),
    )

    def __init__(self, *args, goals_label: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if goals_label:
            self.fields["goals"].label = goals_label
        self.helper = submit_helper("Continue")

    def clean_duration_months(self) -> int:
        months = self.cleaned_data["duration_months"]
        if not SHORTEST_DURATION_MONTHS <= months <= LONGEST_DURATION_MONTHS:
            raise forms.ValidationError(
                f"Enter a number of months from {SHORTEST_DURATION_MONTHS} to "
                f"{LONGEST_DURATION_MONTHS}"
            )
        return months

    def clean_goals(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]
        if len(lines) > MOST_GOALS_AT_ONCE:
            raise forms.ValidationError(f"Enter up to {MOST_GOALS_AT_ONCE} goals, one a line")
        if any(len(line) > AGREED_GOAL_MAX_LENGTH for line in lines):
            raise forms.ValidationError(
                f"Each goal must be {AGREED_GOAL_MAX_LENGTH} characters or fewer"
            )
        return lines


class ConfirmTermsForm(forms.Form):
    """The version of the terms the person read, sent back when they confirm them."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
