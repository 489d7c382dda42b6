"""Small helpers to read rendered pages in tests, with Python's own HTML parser."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(content: bytes | str) -> _Collector:
    collector = _Collector()
    collector.feed(content.decode() if isinstance(content, bytes) else content)
    return collector


def title(content: bytes | str) -> str:
    html = content.decode() if isinstance(content, bytes) else content
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return " ".join(match.group(1).split()) if match else ""


def text(content: bytes | str) -> str:
    return " ".join("".join(parse(content).text).split())


def elements(content: bytes | str, tag: str, **attrs: str) -> list[dict[str, str]]:
    """Elements of `tag` whose attributes include all of `attrs` (class_ matches one class)."""
    found = []
    for name, element_attrs in parse(content).elements:
        if name != tag:
            continue
        wanted_class = attrs.get("class_")
        if wanted_class and wanted_class not in element_attrs.get("class", "").split():
            continue
        if all(element_attrs.get(k) == v for k, v in attrs.items() if k != "class_"):
            found.append(element_attrs)
    return found


def error_summary_links(content: bytes | str) -> dict[str, str]:
    """The error summary's links: target (#id) -> message."""
    html = content.decode() if isinstance(content, bytes) else content
    match = re.search(r'<div class="nhsuk-error-summary".*?</div>\s*</div>', html, re.S)
    if not match:
        return {}
    return {
        href: " ".join(re.sub(r"<[^>]+>", "", label).split())
        for href, label in re.findall(r'<a href="(#[^"]+)"[^>]*>(.*?)</a>', match.group(0), re.S)
    }


def field_error(content: bytes | str, field_id: str) -> str:
    """The error message shown next to the field with this id."""
    html = content.decode() if isinstance(content, bytes) else content
    match = re.search(
        rf'id="{re.escape(field_id)}-error"[^>]*>\s*'
        r'<span class="nhsuk-u-visually-hidden">Error:</span>(.*?)</span>',
        html,
        re.S,
    )
    if not match:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())
