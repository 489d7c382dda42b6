import pytest

from tests.faults import refusing_port  # noqa: F401  (a fixture)
from tests.portal.smtp import MailServer
from tests.redis_server import key_prefix, redis_url  # noqa: F401  (fixtures)


@pytest.fixture
def mail_server(settings):
    """A real SMTP server, down until the test starts it, that the production SMTP backend
    sends to."""
    server = MailServer()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()
