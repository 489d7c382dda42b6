"""Failed sign-ins lock one account at one address; a whole address only at a far higher count,
so that one person guessing cannot lock out a trust whose staff share a few addresses."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.sign_in import client_address
from tests import html
from tests.factories import PASSWORD, UserFactory

SIGN_IN = reverse("portal:sign-in")
MY_ACCOUNT = reverse("portal:my-account")
TRUST = "203.0.113.10"  # one address a whole trust's staff reach us from
ELSEWHERE = "198.51.100.20"
PROXY = "10.0.0.2"


def sign_in(client, email, password=PASSWORD, *, address=TRUST, **headers):
    client.logout()
    return client.post(
        SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, email, *, address=TRUST, **headers):
    return sign_in(client, email, "wrong-guess", address=address, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == MY_ACCOUNT


@pytest.fixture
def ann(db):
    return UserFactory(email="ann@nhs.net")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@nhs.net")


@pytest.mark.django_db
class TestAccountAtAnAddress:
    def test_failures_for_one_account_lock_it_at_that_address_and_nobody_else(
        self, client, settings, ann, bob
    ):
        for _ in range(settings.SIGN_IN_FAILURE_LIMIT - 1):
            assert fail(client, "ann@nhs.net").status_code == 200

        assert fail(client, "ann@nhs.net").status_code == 429
        # Even the right password is refused at that address while the lock lasts...
        assert sign_in(client, "ann@nhs.net").status_code == 429
        # ...but a colleague at the same address signs in,
        assert signed_in(sign_in(client, "bob@nhs.net"))
        # and so does Ann from another address (at home, say): the lock is on the pair.
        assert signed_in(sign_in(client, "ann@nhs.net", address=ELSEWHERE))

    def test_changing_the_case_of_the_address_gives_no_more_tries(self, client, settings, ann):
        spellings = ["ann@nhs.net", "Ann@nhs.net", "ANN@NHS.NET", " ann@NHS.net", "aNn@nhs.net"]
        for attempt in range(settings.SIGN_IN_FAILURE_LIMIT):
            last = fail(client, spellings[attempt % len(spellings)])

        assert last.status_code == 429
        assert sign_in(client, "ann@nhs.net").status_code == 429

    def test_the_lock_lifts_after_the_lockout_time(self, client, settings, ann):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
                fail(client, "ann@nhs.net")
            assert sign_in(client, "ann@nhs.net").status_code == 429

            clock.shift(timedelta(minutes=16))

            assert signed_in(sign_in(client, "ann@nhs.net"))

    def test_the_lockout_page_says_what_to_do(self, client, settings, ann):
        for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
            locked = fail(client, "ann@nhs.net")

        assert locked.status_code == 429
        text = html.text(locked.content)
        assert html.title(locked.content).startswith("Sign-in is locked for now")
        assert "we have stopped sign-in for 15 minutes" in text
        assert "Wait 15 minutes, then sign in again." in text
        assert "If you have forgotten your password, reset your password now" in text
        links = [attrs.get("href") for tag, attrs in html.parse(locked.content).elements]
        assert reverse("portal:password-reset") in links


@pytest.mark.django_db
class TestWholeAddress:
    def fail_across_accounts(self, client, settings, count, *, address=TRUST):
        """Failures from one address spread over many accounts, none of them locked alone."""
        per_account = settings.SIGN_IN_FAILURE_LIMIT - 1
        for attempt in range(count):
            fail(client, f"guess{attempt // per_account}@nhs.net", address=address)

    def test_an_address_is_locked_for_every_account_only_at_its_own_higher_limit(
        self, client, settings, ann
    ):
        limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        assert limit > settings.SIGN_IN_FAILURE_LIMIT * 10
        self.fail_across_accounts(client, settings, limit - 2)
        assert signed_in(sign_in(client, "ann@nhs.net"))

        self.fail_across_accounts(client, settings, 1)  # the limit is reached with this one
        assert fail(client, "someone@nhs.net").status_code == 429

        assert sign_in(client, "ann@nhs.net").status_code == 429
        assert signed_in(sign_in(client, "ann@nhs.net", address=ELSEWHERE))

    def test_signing_in_to_ones_own_account_does_not_wipe_the_address_count(
        self, client, settings, ann, bob
    ):
        settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
        self.fail_across_accounts(client, settings, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT - 1)

        assert signed_in(sign_in(client, "bob@nhs.net"))
        assert fail(client, "someone@nhs.net").status_code == 429
        assert sign_in(client, "ann@nhs.net").status_code == 429


@pytest.mark.django_db
class TestBehindProxies:
    def test_with_one_proxy_the_client_is_the_entry_our_proxy_added(self, client, settings, ann):
        settings.TRUSTED_PROXY_COUNT = 1
        for attempt in range(settings.SIGN_IN_FAILURE_LIMIT):
            # The client forges the left-most entry differently each time; our proxy appends
            # the address it really came from.
            last = fail(
                client,
                "ann@nhs.net",
                address=PROXY,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {TRUST}",
            )

        assert last.status_code == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {TRUST}
        assert (
            sign_in(client, "ann@nhs.net", address=PROXY, HTTP_X_FORWARDED_FOR=TRUST).status_code
            == 429
        )
        # Another client reaching us through the same proxy is not affected.
        assert signed_in(
            sign_in(client, "ann@nhs.net", address=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
        )

    def test_with_no_proxy_the_forwarded_header_is_ignored(self, client, settings, ann):
        settings.TRUSTED_PROXY_COUNT = 0
        for attempt in range(settings.SIGN_IN_FAILURE_LIMIT):
            last = fail(
                client, "ann@nhs.net", address=TRUST, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"
            )

        assert last.status_code == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {TRUST}
        assert signed_in(sign_in(client, "ann@nhs.net", address=ELSEWHERE))

    def test_a_lock_through_the_proxy_is_on_the_client_not_the_proxy(
        self, client, settings, ann, bob
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
            fail(client, "ann@nhs.net", address=PROXY, HTTP_X_FORWARDED_FOR=TRUST)

        assert signed_in(
            sign_in(client, "ann@nhs.net", address=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
        )
        assert signed_in(sign_in(client, "bob@nhs.net", address=PROXY, HTTP_X_FORWARDED_FOR=TRUST))


class TestClientAddress:
    def address(self, settings, proxies, forwarded=None, remote=PROXY):
        settings.TRUSTED_PROXY_COUNT = proxies
        headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))

    @pytest.mark.parametrize(
        ("proxies", "forwarded", "expected"),
        [
            (0, "192.0.2.1, 203.0.113.10", PROXY),
            (1, "192.0.2.1, 203.0.113.10", "203.0.113.10"),
            (1, "203.0.113.10", "203.0.113.10"),
            (2, "192.0.2.1, 203.0.113.10, 10.0.0.1", "203.0.113.10"),
            # Joined the chain at the second proxy: the left-most entry is the client.
            (2, "203.0.113.10", "203.0.113.10"),
            (1, "2001:db8::1", "2001:db8::1"),
            # Not from our proxies at all: the connection's own address.
            (1, None, PROXY),
            (1, "", PROXY),
            # An entry our proxy would never write is not stored as an address.
            (1, "203.0.113.10, not-an-address", PROXY),
        ],
    )
    def test_the_client_address(self, settings, proxies, forwarded, expected):
        assert self.address(settings, proxies, forwarded) == expected
