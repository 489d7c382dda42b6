"""The templates folder holds each page once: two files with the same bytes are one page
written twice, and the next change lands in only one of them."""

import hashlib
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
