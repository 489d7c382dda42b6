"""The templates folder holds each page once: two files with the same bytes are one page
written twice, and the next change lands in only one of them."""

import hashlib
import re
from pathlib import Path

from django.conf import settings


def test_no_two_templates_are_the_same_file():
    folder = Path(settings.BASE_DIR) / "templates"
    seen: dict[str, Path] = {}
    twins = []
    for path in sorted(folder.rglob("*.html")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            twins.append(f"{seen[digest].relative_to(folder)} = {path.relative_to(folder)}")
        seen.setdefault(digest, path)

    assert twins == []


# `{% if x.status == "active" %}`, `{% elif run.status != 'failed' %}`, `{% if b.status in "..." %}`
STATUS_AGAINST_A_STRING = re.compile(r"\{%[^%]*\bstatus\s*(==|!=|\bin\b)\s*['\"]")


def test_no_template_compares_a_status_with_a_string():
    """Status rules live in the models and services (`Mentorship.actions_for`, `is_proposed`,
    `tag_colour`...): a template comparing a status with a string is a second copy of a rule,
    and misses the next status added."""
    folder = Path(settings.BASE_DIR) / "templates"
    found = [
        f"{path.relative_to(folder)}:{number}"
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATUS_AGAINST_A_STRING.search(line)
    ]

    assert found == []


def test_the_status_rule_finds_a_comparison():
    for line in [
        "{% if booking.status == 'booked' %}",
        '{% elif latest_run.status != "failed" %}',
        '<b>{% if m.status in "active" %}</b>',
    ]:
        assert STATUS_AGAINST_A_STRING.search(line), line
    assert not STATUS_AGAINST_A_STRING.search("{% if booking.is_booked %}{{ booking.status }}")
