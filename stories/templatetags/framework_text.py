"""The capability framework's descriptions as HTML: its cells hold paragraphs and "- " bullet
lists in plain text, shown as NHS.UK paragraphs and bulleted lists."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLETS = ("- ", "* ", "• ")


@register.filter(is_safe=True)
def framework_text(text: str | None) -> SafeString:
    """Each run of "- " lines becomes a bulleted list, every other line a paragraph; blank
    lines only separate. Everything in the text is escaped.

    `{{ skill.description|framework_text }}`
    """
    blocks: list[SafeString] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            blocks.append(
                format_html(
                    '<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((item,) for item in items)),
                )
            )
            items.clear()

    for line in str(text or "").splitlines():
        line = line.strip()
        if line.startswith(BULLETS) or line in ("-", "*", "•"):
            item = line[1:].strip()
            if item:
                items.append(item)
            continue
        close_list()
        if line:
            blocks.append(format_html("<p>{}</p>", line))
    close_list()
    return mark_safe("".join(conditional_escape(block) for block in blocks))
