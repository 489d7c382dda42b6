"""Forms for slots, bookings and calendar feeds. They read and check what people type; the
rules (no past slots, no overlaps, one booking per slot) are the booking service's."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from mentoring.bookings.calendar import NotAClockTime, london_moment, parse_clock_time
from mentoring.bookings.models import AGENDA_MAX_LENGTH, PLACE_MAX_LENGTH
from mentoring.bookings.services import MOST_WEEKS
from mentoring.mentorships.forms import submit_helper
from mentoring.mentorships.models import NOTE_MAX_LENGTH, SESSION_NOTES_MAX_LENGTH
from mentoring.models import Booking, Format
from mentoring.shared import too_long
from portal.widgets import NHSDateField

LENGTHS = [
    (15, "15 minutes"),
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
]
ONCE, WEEKLY = "once", "weekly"
PLACE_MISSING = {
    Format.VIDEO: "Enter the meeting link, so your mentee can join",
    Format.IN_PERSON: "Enter where you will meet",
}


class SlotForm(forms.Form):
    date = NHSDateField(
        label="Date",
        error_messages={"required": "Enter the date of the slot"},
    )
    start_time = forms.CharField(
        label="Start time",
        help_text="UK time, for example 9:30am or 14:30.",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
        error_messages={"required": "Enter the start time"},
    )
    length = forms.TypedChoiceField(
        label="Length",
        choices=LENGTHS,
        coerce=int,
        initial=45,
        error_messages={"required": "Select how long the slot is"},
    )
    format = forms.ChoiceField(
        label="How you will meet",
        choices=Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you will meet"},
    )
    place = forms.CharField(
        label="Where, or the meeting link",
        help_text="For a video call, the meeting link. In person, the address and room. For a "
        "phone call you can leave this empty, or say who calls whom.",
        required=False,
        max_length=PLACE_MAX_LENGTH,
        error_messages={"max_length": too_long("The place or meeting link", PLACE_MAX_LENGTH)},
    )
    repeat = forms.ChoiceField(
        label="How often",
        choices=[(ONCE, "Just once"), (WEEKLY, "Every week at the same time")],
        widget=forms.RadioSelect,
        initial=ONCE,
        error_messages={"required": "Select how often"},
    )
    weeks = forms.IntegerField(
        label="For how many weeks",
        help_text=f"Only if it repeats: from 2 to {MOST_WEEKS} weeks, counting the first.",
        required=False,
        min_value=2,
        max_value=MOST_WEEKS,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the number of weeks as a whole number, like 6",
            "min_value": "Enter at least 2 weeks, or choose ‘Just once’",
            "max_value": f"You can add up to {MOST_WEEKS} weeks at a time",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        example = timezone.localdate() + timedelta(days=7)
        self.fields["date"].help_text = f"For example, {example.day} {example.month} {example.year}"
        self.helper = submit_helper("Add slots")

    def clean_start_time(self):
        parsed = parse_clock_time(self.cleaned_data["start_time"])
        if parsed is None:
            raise forms.ValidationError("Enter a start time like 9:30am or 14:30")
        return parsed

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date") and data.get("start_time"):
            try:
                data["starts_at"] = london_moment(data["date"], data["start_time"])
            except NotAClockTime as error:
                self.add_error("start_time", str(error))
        if data.get("format") in PLACE_MISSING and not data.get("place", "").strip():
            self.add_error("place", PLACE_MISSING[data["format"]])
        if data.get("repeat") == WEEKLY and not data.get("weeks") and "weeks" not in self.errors:
            self.add_error("weeks", f"Enter how many weeks, from 2 to {MOST_WEEKS}")
        if data.get("repeat") == ONCE:
            data["weeks"] = 1
        return data

    @property
    def starts_at(self) -> datetime:
        return self.cleaned_data["starts_at"]

    @property
    def length_delta(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["length"])


class BookForm(forms.Form):
    agenda = forms.CharField(
        label="What would you like to talk about?",
        help_text="Your mentor sees this before the session.",
        required=False,
        max_length=AGENDA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": too_long("What you would like to talk about", AGENDA_MAX_LENGTH)
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Book this session")


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling?",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("Your reason", NOTE_MAX_LENGTH)},
    )

    def __init__(self, *args, other_name: str, reason_required: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.required = reason_required
        reason.help_text = f"We will tell {other_name}."
        reason.error_messages["required"] = f"Enter why you are cancelling, for {other_name}"
        self.helper = submit_helper("Cancel the session", css_class="nhsuk-button--warning")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what happened",
            "invalid_choice": "Select what happened",
        },
    )
    summary = forms.CharField(
        label="What you talked about",
        help_text="For the session log, if you met. You can both read it.",
        required=False,
        max_length=SESSION_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long("What you talked about", SESSION_NOTES_MAX_LENGTH)},
    )

    def __init__(self, *args, mentee_name: str, mentor_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        status = Booking.Status
        self.fields["outcome"].choices = [
            (status.HELD, "The session was held: we met"),
            (status.MENTEE_ABSENT, f"{mentee_name}, the mentee, did not attend"),
            (status.MENTOR_ABSENT, f"{mentor_name}, the mentor, did not attend"),
            (status.NEITHER_ATTENDED, "Neither of us attended"),
        ]
        self.helper = submit_helper("Save")

    @property
    def held(self) -> bool:
        return self.cleaned_data["outcome"] == Booking.Status.HELD


class ButtonForm(forms.Form):
    """A form that is only a button: cancel a slot, get or reset a calendar address."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(button, css_class="nhsuk-button--warning" if warning else "")
