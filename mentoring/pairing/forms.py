from django import forms

from mentoring.mentorships.forms import submit_helper
from mentoring.pairing.models import NOTE_MAX_LENGTH
from mentoring.shared import too_long

NO_ANSWER = "Select yes if this mentoring is working for you, or no if it is not"


class PairingCheckForm(forms.Form):
    working = forms.TypedChoiceField(
        label="Is this mentoring working for you?",
        help_text="Your answer is private. The other person never sees it. If you say no, the "
        "mentorship ends without a reason being given.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": NO_ANSWER, "invalid_choice": NO_ANSWER},
    )
    note = forms.CharField(
        label="Anything you would like the coordinators to know?",
        help_text="Only the programme coordinators read this.",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("Your note", NOTE_MAX_LENGTH)},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send answer")
