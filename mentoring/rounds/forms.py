"""Forms for matching rounds. They read and check what people type; the rules (dates in order,
places within capacity) are the round service's."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms

from mentoring.mentorships.forms import single_text_form, submit_helper
from mentoring.rounds import services as round_services
from mentoring.rounds.models import ROUND_NAME_MAX_LENGTH
from mentoring.shared import too_long
from portal.widgets import NHSDateField
from stories.models import Region


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        help_text="For example, ‘Spring 2026 cohort’. Mentees and mentors see it.",
        max_length=ROUND_NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name for the round",
            "max_length": too_long("The round’s name", ROUND_NAME_MAX_LENGTH),
        },
    )
    starts_on = NHSDateField(
        label="Mentoring starts on",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the date mentoring starts"},
    )
    ends_on = NHSDateField(
        label="Mentoring ends on",
        help_text="For example, 30 9 2026",
        error_messages={"required": "Enter the date mentoring ends"},
    )

    def __init__(self, *args, button: str = "Create round", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(button)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            try:
                round_services.check_dates(starts_on=starts_on, ends_on=ends_on)
            except round_services.DatesRefused as refusal:
                self.add_error(refusal.field, str(refusal))
        return cleaned


class JoinAsMentorForm(forms.Form):
    places = forms.TypedChoiceField(
        label="How many mentees will you take from this round?",
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": "Choose how many mentees you will take"},
    )

    def __init__(self, *args, free: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = [(n, str(n)) for n in range(1, max(1, free) + 1)]
        if free <= 1:
            # Only one answer is possible: chosen already, so one press of the button joins.
            self.fields["places"].initial = 1
        self.fields["places"].help_text = (
            f"You have {free} free {'place' if free == 1 else 'places'}: your capacity, less "
            "your current mentorships and places you offered to other rounds."
        )
        self.helper = submit_helper("Join as a mentor")
        self.helper.add_input(Hidden("role", "mentor"))


class JoinAsMenteeForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Join as a mentee")


DeclineMatchForm = single_text_form(
    name="reason",
    label="Reason",
    what="Your reason",
    help_text="The other person will see this.",
    required=False,
    button="Decline match",
)


SHOW_CHOICES = [
    ("", "Everyone"),
    ("pairs", "Pairs"),
    ("unmatched", "Without a mentor"),
    ("locked", "Locked pairs"),
]


class ProposalFilterForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False)
    region = forms.ChoiceField(
        label="Mentee’s region", choices=[("", "Any"), *Region.choices], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))

    def filters(self) -> dict:
        """The valid filters; a bad value in the URL is dropped rather than shown as an error."""
        if not self.is_bound or not self.is_valid():
            return {"show": "", "region": ""}
        return self.cleaned_data
