"""The architecture notes describe the code that exists: every file they name is there, and
every function, class or setting they name by its full dotted path can be imported."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = [
    ROOT / "README.md",
    ROOT / "docs" / "architecture.md",
    *(ROOT / "docs" / "adr").glob("*.md"),
]
CODE = re.compile(r"`([^`\s]+)`")
PACKAGES = ("portal", "stories", "mentoring", "tests")
SUBJECTS = ("mentorships", "bookings", "rounds", "programme", "plans")


def _cited() -> list[tuple[str, str]]:
    return [
        (doc.relative_to(ROOT).as_posix(), cited)
        for doc in DOCS
        for cited in CODE.findall(doc.read_text())
    ]


def _resolves(dotted: str) -> bool:
    parts = dotted.removesuffix("()").split(".")
    for split in range(len(parts), 0, -1):
        try:
            thing = import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for name in parts[split:]:
                thing = getattr(thing, name)
        except AttributeError:
            return False
        return True
    return False


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (doc, cited)
        for doc, cited in _cited()
        if cited.startswith((*(f"{p}/" for p in PACKAGES), "docs/", "templates/"))
        and not set("<*{") & set(cited)
    ],
)
def test_every_file_the_docs_name_exists(doc, path):
    assert (ROOT / path.split(":")[0].rstrip("/")).exists(), f"{doc} names {path}"


@pytest.mark.parametrize(
    ("doc", "dotted"),
    [
        (doc, cited)
        for doc, cited in _cited()
        if re.fullmatch(rf"({'|'.join(PACKAGES + SUBJECTS)})(\.\w+)+(\(\))?", cited)
    ],
)
def test_every_dotted_name_the_docs_give_can_be_imported(doc, dotted):
    # A mentoring subject may be named without its app: `rounds.services.publish_round`.
    full = f"mentoring.{dotted}" if dotted.startswith(SUBJECTS) else dotted
    assert _resolves(full), f"{doc} names {dotted}, which does not exist"
