import pytest

from tests.factories import UserFactory
from tests.workers import database_queue  # noqa: F401  (a fixture for every test)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with nothing kept from another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_kept_mentor_snapshots():
    """Suggestions keep every mentor's facts per process under a stamp in the database; a
    test's rolled-back data must not be found by the next test, whatever its stamp."""
    from mentoring.mentorships import mentor_snapshot

    mentor_snapshot.forget()
    yield
    mentor_snapshot.forget()


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(tmp_path_factory):
    """Collect the static files once per run, as `make build-production` does, into a
    temporary STATIC_ROOT: pages then link to fingerprinted names from the manifest, and
    WhiteNoise serves them from there, as in production."""
    from django.core.management import call_command
    from django.test import override_settings

    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield static_root
