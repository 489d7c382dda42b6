"""Faults a test can cause without touching the shared servers.

`TcpProxy` stands between the code under test and a server (PostgreSQL, say). `cut()` plays an
outage: every open connection is reset and new ones are reset as soon as they arrive, as when
the server restarts; `restore()` lets connections through again. It listens on a free port
chosen at run time.
"""

import contextlib
import socket
import struct
import threading
from typing import Self

import pytest


@pytest.fixture
def refusing_port():
    """A local port bound by this test but never listening: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset rather than a polite goodbye, as a dying server's sockets do."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # Wakes a pump blocked reading it, which closing alone would not.
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class TcpProxy:
    def __init__(self, *, host: str, port: int) -> None:
        self.target = (host, port)
        self.open = True
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, name="tcp-proxy", daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def cut(self) -> None:
        """Reset every connection through the proxy and every new one, until `restore()`."""
        with self._lock:
            self.open = False
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            _reset(client)
            _reset(server)

    def restore(self) -> None:
        with self._lock:
            self.open = True

    def close(self) -> None:
        self._stopped.set()
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                letting_through = self.open
            if not letting_through:
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(
                    target=self._pump,
                    args=(source, sink, (client, server)),
                    name="tcp-proxy-pump",
                    daemon=True,
                ).start()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        # One side hung up (or was reset): hang up the other side too.
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)
                for sock in pair:
                    sock.close()
