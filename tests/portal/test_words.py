"""Words the NHS.UK way: "email", never "e-mail"; "(optional)" added in one place; and the beta
banner's invitation to give feedback leads somewhere."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests import html

ROOT = Path(settings.BASE_DIR)
E_MAIL = re.compile(r"e-mail", re.IGNORECASE)


def strings_people_read(path: Path) -> list[tuple[int, str]]:
    """A module's string literals, leaving out docstrings (written for developers)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def python_modules() -> list[Path]:
    return [
        path
        for package in ("portal", "stories", "mentoring")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


class TestEmailIsOneWord:
    def test_no_template_says_e_mail(self):
        offenders = [
            str(path.relative_to(ROOT))
            for path in sorted((ROOT / "templates").rglob("*"))
            if path.is_file() and E_MAIL.search(path.read_text())
        ]
        assert offenders == []

    def test_no_message_label_or_error_in_the_code_says_e_mail(self):
        offenders = [
            f"{path.relative_to(ROOT)}:{line}"
            for path in python_modules()
            for line, value in strings_people_read(path)
            if E_MAIL.search(value)
        ]
        assert offenders == []

    def test_the_readme_and_docs_say_email(self):
        documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
        offenders = [str(p.relative_to(ROOT)) for p in documents if E_MAIL.search(p.read_text())]
        assert offenders == []

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        "url_name", ["portal:password-reset", "portal:password-reset-sent", "portal:privacy"]
    )
    def test_pages_say_email(self, client, url_name):
        page = client.get(reverse(url_name))

        assert page.status_code == 200
        assert "email" in html.text(page.content).lower()
        assert not E_MAIL.search(html.text(page.content))

    @pytest.mark.django_db
    def test_a_wrong_address_is_refused_in_the_same_words(self, client):
        page = client.post(reverse("portal:sign-up"), {"email": "not an address"})

        assert "Enter an email address in the correct format" in html.text(page.content)
        assert not E_MAIL.search(html.text(page.content))


class TestOptionalInOnePlace:
    def test_only_the_form_pack_adds_optional_to_a_label(self):
        pack = ROOT / "portal" / "templatetags" / "nhsuk_forms.py"
        offenders = [
            f"{path.relative_to(ROOT)}:{line}"
            for path in python_modules()
            if path != pack
            for line, value in strings_people_read(path)
            if "(optional)" in value
        ]
        assert offenders == []


@pytest.mark.django_db
class TestFeedback:
    @override_settings(FEEDBACK_EMAIL="pathways.feedback@nhs.net")
    def test_the_beta_banner_links_to_a_page_that_says_where_to_write(self, client):
        home = client.get(reverse("stories:home"))

        banner = re.search(
            r'<section class="pathways-phase-banner".*?</section>', home.content.decode(), re.S
        )
        assert banner, "the beta banner is on every page"
        link = re.search(r'<a href="([^"]+)">Tell us what you think</a>', banner.group(0))
        assert link and link.group(1) == reverse("portal:feedback")

        page = client.get(link.group(1))  # signed out: anyone may give feedback

        assert page.status_code == 200
        assert html.title(page.content).startswith("Give feedback")
        assert 'href="mailto:pathways.feedback@nhs.net?subject=Pathways%20feedback"' in (
            page.content.decode()
        )
        assert "pathways.feedback@nhs.net" in html.text(page.content)
