"""Agreement templates, as coordinators keep them. The agreements themselves are private to
each pair: there is no admin for them."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from mentoring.agreements import services, wording
from mentoring.agreements.models import AgreementTemplate
from mentoring.mentorships.models import Format


class AgreementTemplateForm(forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label="How you will meet",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AgreementTemplate
        fields = [
            "name",
            "is_default",
            "meeting_every_days",
            "formats",
            "duration_months",
            "confidentiality",
            "mentee_expectations",
            "mentor_expectations",
        ]

    def _get_validation_exclusions(self):
        # A new default replaces the old one when saved (`services.save_template`), so the
        # one-default constraint is not a reason to refuse the form.
        return {*super()._get_validation_exclusions(), "is_default"}


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    form = AgreementTemplateForm
    list_display = ["name", "is_default", "how_often", "how_long"]
    search_fields = ["name"]

    @admin.display(description="How often", ordering="meeting_every_days")
    def how_often(self, template: AgreementTemplate) -> str:
        return wording.frequency(template.meeting_every_days)

    @admin.display(description="How long", ordering="duration_months")
    def how_long(self, template: AgreementTemplate) -> str:
        return wording.months(template.duration_months)

    def save_model(self, request: HttpRequest, obj: AgreementTemplate, form, change) -> None:
        services.save_template(template=obj)
