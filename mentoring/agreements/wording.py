"""The terms of an agreement in plain words: the one place pages, the check-your-answers summary,
the history of changes and the emails get them from."""

from collections.abc import Iterable

from mentoring.agreements.models import MeetingFrequency
from mentoring.mentorships.models import Format

# Each term as a question pages ask and a summary list names it.
LABELS = {
    "meeting_every_days": "How often you will meet",
    "formats": "How you will meet",
    "duration_months": "How long the mentorship will run",
    "confidentiality": "What stays confidential",
    "mentee_expectations": "What the mentee expects",
    "mentor_expectations": "What the mentor expects",
    "goals": "Goals",
}
# The same, inside a sentence ("changed how often you will meet").
IN_A_SENTENCE = {field: label[0].lower() + label[1:] for field, label in LABELS.items()}
# Terms whose words people write: a change shows them in full on the page, never in an email.
WRITTEN = {"confidentiality", "mentee_expectations", "mentor_expectations"}


def and_list(items: Iterable[str]) -> str:
    """ "video call, phone and in person"."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def frequency(days: int) -> str:
    try:
        return MeetingFrequency(days).label
    except ValueError:
        return f"Every {days} days"


def formats(values: Iterable[str]) -> str:
    labels = dict(Format.choices)
    shown = [labels.get(value, value) for value in values]
    if not shown:
        return "Not agreed yet"
    text = and_list(label.lower() for label in shown)
    return text[0].upper() + text[1:]


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def show(field: str, value) -> str:
    """One term's value as a summary list shows it."""
    if field == "meeting_every_days":
        return frequency(value)
    if field == "formats":
        return formats(value)
    if field == "duration_months":
        return months(value)
    return value or "Nothing written"


def change_sentence(item: dict, *, in_email: bool = False) -> str:
    """One change of a term, as the history and the emails say it: "How often you will meet
    changed from every month to every 2 weeks." Words people wrote are left out of emails."""
    field = item["field"]
    if field == "goals":
        return f"Added a goal: “{item['to']}”." if not in_email else "Added a goal."
    label = LABELS.get(field, field)
    if field in WRITTEN:
        if in_email:
            return f"{label} changed."
        return f"{label} changed from “{show(field, item['from'])}” to “{show(field, item['to'])}”."
    before, after = show(field, item["from"]), show(field, item["to"])
    return f"{label} changed from {before.lower()} to {after.lower()}."
