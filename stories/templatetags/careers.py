"""Template helpers for the careers pages."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def level_options(
    context, choices: list[tuple[str, list[tuple[str, str]]]], selected: str
) -> SafeString:
    """The compare form's options, grouped by role, with `selected` chosen. The page has three
    lists of every role level, so the options are escaped and joined once per page (kept in
    the render context) and each list only marks its choice."""
    cache = context.render_context.setdefault("careers_level_options", {})
    options = cache.get(id(choices))
    if options is None:
        options = cache[id(choices)] = "".join(
            f'<optgroup label="{escape(role_name)}">'
            + "".join(
                f'<option value="{escape(slug)}">{escape(name)}</option>' for slug, name in levels
            )
            + "</optgroup>"
            for role_name, levels in choices
        )
    if selected:
        chosen = f'<option value="{escape(selected)}">'
        options = options.replace(chosen, chosen[:-1] + " selected>", 1)
    return mark_safe(options)
