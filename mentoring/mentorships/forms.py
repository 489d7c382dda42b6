from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from mentoring.mentorships.models import (
    AGREED_GOAL_MAX_LENGTH,
    BIO_MAX_LENGTH,
    FEEDBACK_COMMENT_MAX_LENGTH,
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SESSION_NOTES_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
)
from mentoring.models import (
    Feedback,
    Format,
    LivedExperience,
    MenteeProfile,
    MentorProfile,
    SessionLog,
)
from mentoring.shared import too_long
from portal.widgets import NHSDateField
from stories.models import Background, Leader, Pathway, Region, SkillLevel, Theme


def prompt(field: forms.ChoiceField, text: str) -> None:
    """Replace a select's blank "---------" choice by a prompt that says what to do."""
    field.choices = [("", text), *[(k, v) for k, v in field.choices if k != ""]]


def submit_helper(label: str, *, css_class: str = "", form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.add_input(Submit("submit", label, css_class=css_class))
    return helper


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            queryset=Theme.objects.order_by("name"),
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


FORMATS = forms.MultipleChoiceField(
    label="How you would like to meet",
    choices=Format.choices,
    widget=forms.CheckboxSelectMultiple,
    error_messages={"required": "Select at least one way to meet"},
)


class MenteeProfileForm(forms.ModelForm):
    themes = ThemeChoiceField(
        label="Themes you want to develop",
        help_text="Choose up to 3.",
        error_messages={"required": "Select at least one theme you want to develop"},
    )
    formats = FORMATS
    preferred_experience = forms.MultipleChoiceField(
        label="Mentors you would especially like to hear from",
        help_text="Some mentors choose to say something about their own lived experience. If it "
        "matters to you, tick what you would like in a mentor and we will suggest those mentors "
        "first. Only you can see this, and you can change it at any time.",
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lived_experience = forms.MultipleChoiceField(
        label="Your own lived experience",
        help_text="Only if you want to tell us. Inclusion programmes need to show whether "
        "mentoring works as well for everyone. Mentors never see this. We count it only if you "
        "also tick “Include me in programme figures” below, and only in groups of at least 5 "
        "people, so that no one can be identified. You can change or remove it at any time.",
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    include_in_figures = forms.BooleanField(
        label="Include me in programme figures",
        help_text="Coordinators then see figures such as goal confidence and band moves for "
        "groups of mentees with the lived experience you ticked, never for you alone.",
        required=False,
    )

    class Meta:
        model = MenteeProfile
        fields = [
            "current_role",
            "band",
            "organisation",
            "region",
            "background",
            "themes",
            "target_pathway",
            "goals",
            "formats",
            "preferred_experience",
            "mentor_outside_organisation",
            "lived_experience",
            "include_in_figures",
        ]
        labels = {
            "current_role": "Your current role",
            "organisation": "Your organisation",
            "region": "Your region",
            "background": "Your background",
            "target_pathway": "The pathway you are aiming for",
            "goals": "What you hope to get from mentoring",
            "mentor_outside_organisation": "I would like a mentor from outside my organisation",
        }
        help_texts = {
            "current_role": "For example, service desk analyst or junior project manager.",
            "goals": "For example, preparing for a band 7 role, or learning to lead change.",
        }
        widgets = {
            "background": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "current_role": {
                "required": "Enter your current role",
                "max_length": too_long("Your current role", SHORT_TEXT_MAX_LENGTH),
            },
            "band": {"required": "Select your Agenda for Change band"},
            "organisation": {
                "required": "Enter your organisation",
                "max_length": too_long("Your organisation", SHORT_TEXT_MAX_LENGTH),
            },
            "region": {"required": "Select your region"},
            "background": {"required": "Select your background"},
            "goals": {
                "required": "Enter what you hope to get from mentoring",
                "max_length": too_long("What you hope to get from mentoring", GOALS_MAX_LENGTH),
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_pathway"].queryset = Pathway.objects.published().order_by("title")
        self.fields["target_pathway"].empty_label = "Not sure yet"
        prompt(self.fields["band"], "Select your band")
        prompt(self.fields["region"], "Select your region")
        self.fields["background"].choices = Background.choices
        self.helper = submit_helper("Save profile")

    def clean_themes(self):
        themes = self.cleaned_data["themes"]
        if len(themes) > 3:
            raise forms.ValidationError("Select up to 3 themes")
        return themes


class MentorProfileForm(forms.ModelForm):
    themes = ThemeChoiceField(
        label="Themes you can help with",
        error_messages={"required": "Select at least one theme you can help with"},
    )
    formats = FORMATS
    lived_experience = forms.MultipleChoiceField(
        label="Lived experience you are happy to share",
        help_text="Mentees sometimes look for a mentor who shares their experience. Tick only "
        "what you choose to show on your profile: we never guess it. You can untick it at any "
        "time, and it is deleted with your profile.",
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MentorProfile
        fields = [
            "headline",
            "bio",
            "role",
            "band",
            "organisation",
            "region",
            "background",
            "themes",
            "formats",
            "capacity",
            "accepting_requests",
            "leader",
            "lived_experience",
        ]
        labels = {
            "headline": "Headline",
            "bio": "About you",
            "role": "Your current role",
            "organisation": "Your organisation",
            "region": "Your region",
            "background": "Your background",
            "capacity": "How many mentees can you support at once?",
            "accepting_requests": "I am accepting new requests",
            "leader": "Your story on Pathways",
        }
        help_texts = {
            "headline": "One line mentees see first, for example ‘CIO who started on the "
            "service desk’.",
            "bio": "Your path so far and how you like to mentor.",
            "capacity": "Between 1 and 10. Most mentors support 2.",
            "leader": "If an editor has published your story, link it so mentees can read it.",
        }
        widgets = {
            "background": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 6}),
            "capacity": forms.NumberInput(
                attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric", "min": 1, "max": 10}
            ),
        }
        error_messages = {
            "headline": {
                "required": "Enter a headline",
                "max_length": too_long("Your headline", SHORT_TEXT_MAX_LENGTH),
            },
            "bio": {
                "required": "Tell mentees about yourself",
                "max_length": too_long("About you", BIO_MAX_LENGTH),
            },
            "role": {
                "required": "Enter your current role",
                "max_length": too_long("Your current role", SHORT_TEXT_MAX_LENGTH),
            },
            "band": {"required": "Select your Agenda for Change band"},
            "organisation": {
                "required": "Enter your organisation",
                "max_length": too_long("Your organisation", SHORT_TEXT_MAX_LENGTH),
            },
            "region": {"required": "Select your region"},
            "background": {"required": "Select your background"},
            "capacity": {
                "required": "Enter how many mentees you can support",
                "invalid": "Capacity must be a whole number, like 2",
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        taken = MentorProfile.objects.exclude(pk=self.instance.pk).filter(leader__isnull=False)
        self.fields["leader"].queryset = (
            Leader.objects.published().exclude(pk__in=taken.values("leader_id")).order_by("name")
        )
        self.fields["leader"].empty_label = "I do not have a story on Pathways"
        prompt(self.fields["band"], "Select your band")
        prompt(self.fields["region"], "Select your region")
        self.fields["background"].choices = Background.choices
        self.helper = submit_helper("Save profile")

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= 10:
            raise forms.ValidationError("Capacity must be between 1 and 10 mentees")
        return capacity


class RequestForm(forms.Form):
    message = forms.CharField(
        label="Introduce yourself",
        help_text="Say who you are and why you would like this person as your mentor.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": "Introduce yourself to the mentor",
            "max_length": too_long("Your introduction", MESSAGE_MAX_LENGTH),
        },
    )
    goals = forms.CharField(
        label="What you hope to work on together",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=GOALS_MAX_LENGTH,
        error_messages={
            "required": "Enter what you hope to work on together",
            "max_length": too_long("Your goals", GOALS_MAX_LENGTH),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send request")


def single_text_form(
    *,
    name: str,
    label: str,
    what: str,
    required: bool,
    button: str,
    error: str = "",
    help_text: str = "",
) -> type[forms.Form]:
    """A form of one textarea: a reason, a question, an answer. `what` names the text in the
    message for text over the limit."""

    field = forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": error, "max_length": too_long(what, NOTE_MAX_LENGTH)},
    )

    def __init__(self, *args, **kwargs) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.helper = submit_helper(button)

    return type(f"{name.title()}Form", (forms.Form,), {name: field, "__init__": __init__})


DeclineForm = single_text_form(
    name="reason",
    label="Reason",
    what="Your reason",
    help_text="The mentee will see this. A kind word helps, for example that you are at "
    "capacity, or who might be a better fit.",
    required=False,
    button="Decline request",
)
QuestionForm = single_text_form(
    name="question",
    label="What would you like to know?",
    what="Your question",
    required=True,
    error="Enter what you would like to know",
    button="Send question",
)
AnswerForm = single_text_form(
    name="answer",
    label="Your answer",
    what="Your answer",
    required=True,
    error="Enter your answer",
    button="Send answer",
)
EndEarlyForm = single_text_form(
    name="reason",
    label="Why are you ending the mentorship?",
    what="Your reason",
    help_text="The other person and the programme coordinators will see this.",
    required=True,
    error="Enter why you are ending the mentorship",
    button="End mentorship",
)


class GoalForm(forms.Form):
    text = forms.CharField(
        label="Add an agreed goal",
        max_length=AGREED_GOAL_MAX_LENGTH,
        error_messages={
            "required": "Enter the goal",
            "max_length": too_long("The goal", AGREED_GOAL_MAX_LENGTH),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Add goal", css_class="nhsuk-button--secondary")


class SessionLogForm(forms.ModelForm):
    held_on = NHSDateField(label="Date of the session", help_text="For example, 27 3 2026")

    class Meta:
        model = SessionLog
        fields = ["held_on", "summary", "next_steps"]
        labels = {"summary": "What you talked about", "next_steps": "Next steps"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "summary": {
                "required": "Enter what you talked about",
                "max_length": too_long("What you talked about", SESSION_NOTES_MAX_LENGTH),
            },
            "next_steps": {"max_length": too_long("Next steps", SESSION_NOTES_MAX_LENGTH)},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Log session", css_class="nhsuk-button--secondary")


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="How useful was this mentorship?",
        help_text="1 is not useful, 5 is very useful. Only the programme coordinators see "
        "your feedback.",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": "Choose a rating from 1 to 5"},
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        labels = {"comment": "Anything else you would like to tell the coordinators?"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "comment": {"max_length": too_long("Your comment", FEEDBACK_COMMENT_MAX_LENGTH)}
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send feedback")


class ConfirmForm(forms.Form):
    """An "Are you sure?" page's form: only a button."""

    def __init__(self, *args, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(button, css_class="nhsuk-button--warning")


class MentorFilterForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="First name, last name or both",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    theme = forms.ChoiceField(required=False)
    background = forms.ChoiceField(choices=[("", "Any"), *Background.choices], required=False)
    region = forms.ChoiceField(choices=[("", "Any"), *Region.choices], required=False)
    format = forms.ChoiceField(
        label="Way to meet", choices=[("", "Any"), *Format.choices], required=False
    )
    accepting = forms.BooleanField(label="Only mentors with space now", required=False)

    def __init__(self, *args, themes: list[Theme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any"), *[(t.slug, t.name) for t in themes]]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))

    def filters(self) -> dict:
        """The valid filters; a bad value in the URL is dropped rather than shown as an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class MentorSkillForm(forms.Form):
    """A capability framework skill the mentor can help with, and their level in it. The skills
    come grouped by role family, as the framework lists them (a skill several families ask for
    is under each), so the list stays usable with nearly two hundred skills and no script."""

    skill = forms.TypedChoiceField(
        label="Skill",
        coerce=int,
        error_messages={
            "required": "Select a skill",
            "invalid_choice": "Select a skill from the list",
        },
    )
    level = forms.TypedChoiceField(
        label="Your level in this skill",
        help_text="As the capability framework describes the levels.",
        coerce=int,
        choices=SkillLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose your level in this skill",
            "invalid_choice": "Choose awareness, working, practitioner or expert",
        },
    )

    def __init__(self, *args, skill_groups: list[tuple[str, list[tuple[int, str]]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "Choose a skill"), *skill_groups]
        self.helper = submit_helper("Add skill")
