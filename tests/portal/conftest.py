import pytest

from tests.portal.smtp import MailServer


@pytest.fixture
def mail_server(settings):
    """A real SMTP server, down until the test starts it, that the production SMTP backend
    sends to."""
    server = MailServer()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()
