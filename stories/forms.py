from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.functional import cached_property
from django.utils.http import urlencode

from stories.models import Background, Region, RoleFamily, Theme
from stories.routes import parse_route
from stories.selectors import LeaderFilters

ANY = [("", "Any")]


class LeaderFilterForm(forms.Form):
    """The leaders list's filters. They travel in the URL, so a filtered list can be shared."""

    background = forms.ChoiceField(choices=ANY + Background.choices, required=False)
    role_family = forms.ChoiceField(label="Role", choices=ANY + RoleFamily.choices, required=False)
    region = forms.ChoiceField(choices=ANY + Region.choices, required=False)
    theme = forms.ChoiceField(required=False)
    # Kept when other filters change: set by the links on "Routes into leadership".
    route = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    def __init__(self, *args, themes: list[Theme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = ANY + [(theme.slug, theme.name) for theme in themes]

    @cached_property
    def helper(self) -> FormHelper:
        # Only when the form is drawn: the page keeps the drawn form (see cache_key).
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_id = "filters"
        helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))
        return helper

    def cache_key(self) -> str:
        """What the drawn form depends on besides the themes: the values given for its own
        fields, as sent (a bad one is shown with its error). Not the page number, so every
        page of one set of filters shares the drawn form."""
        if not self.is_bound:
            return ""
        given = ((name, self[name].data) for name in self.fields)
        return urlencode([(name, value) for name, value in given if value is not None])

    def filters(self) -> LeaderFilters:
        """The valid filters; a bad value in the URL is dropped, never an error page."""
        if not self.is_bound:
            return LeaderFilters()
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return LeaderFilters(
            **{
                name: cleaned.get(name, "")
                for name in ("background", "role_family", "region", "theme")
            },
            route=parse_route(cleaned.get("route", "")),
        )
