"""Template helpers for the careers pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def level_options(choices: list[tuple[str, list[tuple[str, str]]]], selected: str) -> SafeString:
    """The compare form's options, grouped by role, with `selected` chosen. Built in Python
    rather than a template loop: the page has three lists of every role level."""
    groups = (
        format_html(
            '<optgroup label="{}">{}</optgroup>',
            role_name,
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (slug, mark_safe(" selected") if slug == selected else "", name)
                    for slug, name in options
                ),
            ),
        )
        for role_name, options in choices
    )
    return mark_safe("".join(groups))
