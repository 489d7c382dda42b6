"""The capability framework's text as HTML: its descriptions hold paragraphs split by blank
lines and "- " bullet lists inside one cell, and `MISSING` where the framework has no text."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The official file's placeholder for a description it does not have.
MISSING = "MISSING"


@register.filter
def framework_text(value: str | None) -> SafeString:
    """Paragraphs (`<p>`) and bullet lists (`<ul>`) from the framework's plain text, escaped.

    Lines starting "- " (or "* ", "• ") become list items; other lines join the paragraph
    they are in; a blank line ends a paragraph or list.
    """
    text = (value or "").strip()
    if not text or text == MISSING:
        return mark_safe("")
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close() -> None:
        if paragraph:
            blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            listed = "".join(f"<li>{escape(item)}</li>" for item in items)
            blocks.append(f'<ul class="nhsuk-list nhsuk-list--bullet">{listed}</ul>')
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line[:2] in {"- ", "* ", "• "}:
            if paragraph:
                close()
            items.append(line[2:].strip())
        else:
            if items:
                close()
            paragraph.append(line)
    close()
    return mark_safe("".join(blocks))
