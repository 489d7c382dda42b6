from django import forms

from mentoring.feedback.models import (
    NOTE_MAX_LENGTH,
    RECOMMEND_HIGHEST,
    RECOMMEND_LOWEST,
    HowItIsGoing,
    Pulse,
    SessionRating,
    Usefulness,
)
from mentoring.mentorships.forms import submit_helper
from mentoring.shared import too_long

NOTE_HELP = "{name} will see this once you have both answered, or when the time to answer ends."


def _note_field(other_name: str) -> forms.CharField:
    return forms.CharField(
        label="Anything you would like to add?",
        help_text=NOTE_HELP.format(name=other_name),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("Your note", NOTE_MAX_LENGTH)},
    )


class SessionRatingForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="How useful was this session?",
        choices=Usefulness.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how useful the session was",
            "invalid_choice": "Choose a rating from 1 to 4",
        },
    )

    class Meta:
        model = SessionRating
        fields = ["rating", "note"]

    def __init__(self, *args, other_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"] = _note_field(other_name)
        self.helper = submit_helper("Save your rating")


class PulseForm(forms.ModelForm):
    how_it_is_going = forms.TypedChoiceField(
        label="How is your mentoring going?",
        choices=HowItIsGoing.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how your mentoring is going",
            "invalid_choice": "Choose how your mentoring is going",
        },
    )
    recommend = forms.TypedChoiceField(
        label="How likely are you to recommend having a mentor to a colleague?",
        help_text="0 is not at all likely, 10 is extremely likely.",
        choices=[(n, str(n)) for n in range(RECOMMEND_LOWEST, RECOMMEND_HIGHEST + 1)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={
            "required": "Choose a number from 0 to 10",
            "invalid_choice": "Choose a number from 0 to 10",
        },
    )

    class Meta:
        model = Pulse
        fields = ["how_it_is_going", "recommend", "note"]

    def __init__(self, *args, other_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"] = _note_field(other_name)
        self.helper = submit_helper("Save your answers")
