from django import template

from mentoring.models import Format, LivedExperience

register = template.Library()

EXPERIENCE_LABELS = dict(LivedExperience.choices)
FORMAT_LABELS = dict(Format.choices)


@register.filter
def experience_label(code: str) -> str:
    return EXPERIENCE_LABELS.get(code, "")


@register.filter
def format_labels(codes: list[str]) -> str:
    """A JSON list of format codes, in words: "Video call, Phone"."""
    return ", ".join(FORMAT_LABELS[code] for code in codes if code in FORMAT_LABELS)


@register.filter
def other_party_name(mentorship, user) -> str:
    """`{{ mentorship|other_party_name:user }}`: the other person's name, as `user` sees it."""
    return mentorship.other_party_name(user)
