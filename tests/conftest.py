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
