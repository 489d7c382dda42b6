"""The programme dashboard's filters."""

from datetime import date, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from portal.widgets import NHSDateField
from stories.models import Region


class ProgrammeFilterForm(forms.Form):
    region = forms.ChoiceField(
        label="Region", choices=[("", "All regions"), *Region.choices], required=False
    )
    date_from = NHSDateField(label="From", help_text="For example, 1 1 2026", required=False)
    date_to = NHSDateField(label="To", help_text="For example, 31 3 2026", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

    def filters(self, *, today: date) -> dict:
        """Region and date range to apply: the last 12 weeks unless chosen; with errors, the
        defaults (the form shows its errors beside the fields)."""
        default = {"region": "", "date_from": today - timedelta(weeks=12), "date_to": today}
        if not self.is_bound or not self.is_valid():
            return default
        return {
            "region": self.cleaned_data["region"],
            "date_from": self.cleaned_data["date_from"] or default["date_from"],
            "date_to": self.cleaned_data["date_to"] or default["date_to"],
        }
