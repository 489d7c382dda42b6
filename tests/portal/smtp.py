"""A real SMTP server for tests (aiosmtpd), on a port chosen at run time, that can be down."""

import asyncio
import socket
import threading
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps every message that reached the server. `refuse_recipients` answers RCPT with it;
    `hang_up_after_data` closes the connection once the message has arrived, without an answer;
    `hold_data` makes the server wait, after the whole message has arrived, until released,
    before it answers that it accepted it."""

    def __init__(self) -> None:
        self.received: list[Message] = []
        self.refuse_recipients: str | None = None
        self.hold_data = False
        self.hang_up_after_data = False
        self.data_arrived = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # The message is kept as soon as it has arrived, even if the sender goes away before
        # hearing that it was accepted: a real server may deliver it then too.
        self.received.append(message_from_bytes(envelope.original_content))
        if self.hang_up_after_data:
            server.transport.close()
            return None
        if self.hold_data:
            self.data_arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


class MailServer:
    """`start()` and `stop()` it; while stopped nothing listens on its port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.recorder = Recorder()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Message]:
        return self.recorder.received

    def start(self) -> None:
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def mailer_settings(self) -> dict:
        """The production mailer (Django's SMTP backend), pointed at this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 5},
            }
        }
