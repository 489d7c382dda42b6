import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from tests import html
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_PAGES = ["stories:home", "portal:accessibility", "portal:privacy"]
PUBLIC_FORMS = ["portal:sign-in", "portal:sign-up", "portal:password-reset"]
PRIVATE_PAGES = ["portal:my-account", "portal:account-details", "portal:password-change"]


@pytest.mark.django_db
class TestHealthCheck:
    def test_answers_200_after_a_database_round_trip(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json()["status"] == "ok"

    def test_answers_503_when_the_database_is_unreachable(self, client):
        with mock.patch.object(
            connection, "cursor", side_effect=OperationalError("connection refused")
        ):
            response = client.get("/healthz")

        assert response.status_code == 503
        assert b"database unreachable" in response.content


@pytest.mark.django_db
class TestPrivacyOfPages:
    @pytest.mark.parametrize("name", PRIVATE_PAGES)
    def test_private_pages_send_signed_out_visitors_to_sign_in(self, client, name):
        response = client.get(reverse(name))

        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:sign-in") + "?next=")

    @pytest.mark.parametrize("name", PRIVATE_PAGES)
    def test_private_pages_are_never_stored(self, signed_in_client, name):
        response = signed_in_client.get(reverse(name))

        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

    @pytest.mark.parametrize("name", PUBLIC_PAGES)
    def test_public_pages_are_open_and_cacheable_when_signed_out(self, client, name):
        response = client.get(reverse(name))

        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")

    @pytest.mark.parametrize("name", PUBLIC_FORMS)
    def test_account_forms_are_open_to_signed_out_visitors(self, client, name):
        assert client.get(reverse(name)).status_code == 200

    def test_public_pages_are_not_stored_once_signed_in(self, signed_in_client):
        response = signed_in_client.get(reverse("stories:home"))

        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_header_allows_only_the_services_own_scripts_and_styles(self, client):
        response = client.get(reverse("stories:home"))

        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        # A nonce is offered to any template that asks for one; none of ours needs it.
        assert policy["script-src"].split()[0] == "'self'"
        assert all(s.startswith("'nonce-") for s in policy["script-src"].split()[1:])
        assert policy["style-src"].split()[0] == "'self'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"

    @pytest.mark.parametrize(
        "path", ["/", "/stories/", "/account/sign-in/", "/account/sign-up/", "/no-such-page/"]
    )
    def test_pages_carry_no_inline_script_or_style(self, client, path):
        page = client.get(path).content.decode()

        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
        assert "<style" not in page
        assert " style=" not in page

    def test_a_template_that_needs_a_nonce_gets_a_fresh_one_that_matches_the_header(
        self, rf, settings
    ):
        from django.middleware.csp import ContentSecurityPolicyMiddleware
        from django.template import engines

        template = engines["django"].from_string("<script {% csp_nonce_attr %}>1</script>")

        def view(request):
            return HttpResponse(template.render({}, request))

        middleware = ContentSecurityPolicyMiddleware(view)
        first = middleware(rf.get("/"))
        second = middleware(rf.get("/"))

        nonces = []
        for response in (first, second):
            nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
            assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
            nonces.append(nonce)
        assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_session_ends_after_the_idle_time(client, settings):
    UserFactory(email="sam@nhs.net")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("portal:sign-in"), {"username": "sam@nhs.net", "password": PASSWORD})
        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1))
        assert client.get(reverse("portal:my-account")).status_code == 200

        # Activity keeps the session alive: this is idle time, not time since sign-in.
        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1))
        assert client.get(reverse("portal:my-account")).status_code == 200

        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        assert client.get(reverse("portal:my-account")).status_code == 302


@pytest.mark.django_db
class TestStaffGroups:
    def permissions(self, name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    def test_coordinators_can_see_who_people_are_and_nothing_else_of_accounts(self):
        portal_permissions = {p for p in self.permissions("Coordinators") if "portal." in p}
        assert portal_permissions == {"portal.view_user"}

    def test_editors_have_no_rights_over_accounts(self):
        assert not {p for p in self.permissions("Editors") if p.startswith(("portal.", "auth."))}

    def test_only_the_two_staff_groups_exist(self):
        assert set(Group.objects.values_list("name", flat=True)) == {"Editors", "Coordinators"}


@pytest.mark.django_db
class TestErrorPages:
    def test_page_not_found_is_in_the_nhs_style(self, client):
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert html.title(response.content) == "Page not found – Pathways – NHS"
        assert "nhsuk-header" in response.content.decode()

    def test_a_form_without_its_csrf_token_is_refused_kindly(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)

        response = client.post(
            reverse("portal:account-details"), {"first_name": "X", "last_name": "Y"}
        )

        assert response.status_code == 403
        assert "Your form could not be sent" in html.text(response.content)
        user.refresh_from_db()
        assert user.first_name != "X"

    @pytest.mark.urls("tests.portal.failing_urls")
    def test_server_error_is_in_the_nhs_style(self, client):
        client.raise_request_exception = False

        response = client.get("/fail/")

        assert response.status_code == 500
        assert "Sorry, there is a problem with the service" in html.text(response.content)
        assert "nhsuk-header" in response.content.decode()


@pytest.mark.django_db
class TestDemoData:
    def test_load_demo_creates_the_accounts_once(self, settings):
        settings.DEBUG = True
        call_command("load_demo", stdout=StringIO())
        before = {u.email: (u.password, u.is_staff, u.is_superuser) for u in User.objects.all()}

        call_command("load_demo", stdout=StringIO())

        after = {u.email: (u.password, u.is_staff, u.is_superuser) for u in User.objects.all()}
        assert before == after
        assert set(after) >= {
            "mentee@example.com",
            "mentor@example.com",
            "editor@example.com",
            "coordinator@example.com",
            "admin@example.com",
        }
        assert User.objects.get(email="admin@example.com").is_superuser
        assert User.objects.get(email="editor@example.com").groups.get().name == "Editors"
        assert User.objects.get(email="coordinator@example.com").groups.get().name == (
            "Coordinators"
        )
        assert User.objects.get(email="mentee@example.com").check_password("pathways-demo")

    def test_load_demo_refuses_to_run_in_production(self, settings):
        settings.DEBUG = False

        with pytest.raises(CommandError, match="never in production"):
            call_command("load_demo")
        assert not User.objects.exists()


PRODUCTION_ENV = {
    "DEBUG": "",
    "SECRET_KEY": "a-production-like-secret-key-" + "x7Hq9" * 10,
    "ALLOWED_HOSTS": "pathways.nhs.example",
    "EMAIL_HOST": "smtp.nhs.example",
    "CACHE_URL": "redis://cache.nhs.example:6379/0",
}


def run_manage(*args: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_", "SESSION_")) and key != "DEBUG"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environ, **extra_env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV)

    warnings = set(re.findall(r"\((\S+\.[EW]\d+)\)", result.stdout + result.stderr))
    # Preload and subdomains are choices for the domain's owner, not for this service.
    assert warnings == {"security.W005", "security.W021"}, result.stdout + result.stderr
    assert "Error" not in result.stderr.replace("SystemCheckError", "")


def test_deploy_check_warns_when_production_keeps_pages_in_each_process():
    without_redis = {**PRODUCTION_ENV, "CACHE_URL": ""}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env=without_redis)

    assert "(portal.W001)" in result.stderr
    assert result.returncode != 0


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", extra_env={**PRODUCTION_ENV, "SECRET_KEY": ""})

    # An empty key is as bad as none.
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_pending_migrations_check_needs_no_secret_key_but_serving_does():
    without_key = {key: "" for key in ("SECRET_KEY", "DEBUG")}

    check = run_manage("makemigrations", "--check", "--dry-run", extra_env=without_key)
    serving = run_manage("check", extra_env=without_key)

    assert check.returncode == 0, check.stderr
    assert "No changes detected" in check.stdout
    assert serving.returncode != 0
    assert "SECRET_KEY" in serving.stderr
