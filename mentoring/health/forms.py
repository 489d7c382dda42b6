"""The filters of the coordinators' "Pairs at risk" page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from mentoring.health import rules
from mentoring.health.selectors import ATTENTION, PairFilters
from mentoring.mentorships.models import SHORT_TEXT_MAX_LENGTH
from stories.models import Band, Region

STATE_CHOICES = [
    (ATTENTION, "Overdue or at risk"),
    *[(state.value, rules.LABELS[state]) for state in rules.ORDER],
    ("all", "All active pairs"),
]


class PairFilterForm(forms.Form):
    state = forms.ChoiceField(label="Health", choices=STATE_CHOICES, required=False)
    region = forms.ChoiceField(
        label="Mentee's region", choices=[("", "All regions"), *Region.choices], required=False
    )
    band = forms.ChoiceField(
        label="Mentee's band", choices=[("", "All bands"), *Band.choices], required=False
    )
    organisation = forms.CharField(
        label="Organisation",
        help_text="The mentee's or the mentor's, or part of its name",
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))

    def filters(self) -> PairFilters:
        """The filters to apply: overdue or at risk, everywhere, unless chosen; with errors,
        the defaults (the form shows its errors beside the fields)."""
        if not self.is_bound or not self.is_valid():
            return PairFilters(state=ATTENTION)
        data = self.cleaned_data
        state = data["state"] or ATTENTION
        return PairFilters(
            state="" if state == "all" else state,
            region=data["region"],
            band=data["band"],
            organisation=data["organisation"].strip(),
        )
