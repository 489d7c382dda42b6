from django import template

from mentoring.matching import Audience, reasons_in_words
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


@register.simple_tag
def reasons_for(reasons, audience: str, mentee_name: str = "") -> list[str]:
    """Why a mentor suits a mentee, in words for who reads them:
    `{% reasons_for suggestion.reasons "mentee" as words %}`, or for a coordinator
    `{% reasons_for row.reasons "coordinator" row.mentee.user.first_name as words %}`."""
    return reasons_in_words(reasons or [], audience=Audience(audience), mentee_name=mentee_name)
