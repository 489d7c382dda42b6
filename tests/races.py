"""The race harness every race test uses: start actions at the same instant, each in its own
thread and database connection, and collect what each returned or raised.

Races need concurrent connections with row locks, so the tests that use this run on PostgreSQL
only (`ON_POSTGRESQL`); SQLite's test database serialises writers, so there is no race to lose.
"""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection, transaction

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections with row locks: PostgreSQL only (SQLite's test "
    "database serialises writers, so there is no race to lose)",
)

# Long enough for a deadlock to be detected and every retry to finish; a thread still running
# after this is a hang, which the test reports rather than waits on for ever.
JOIN_SECONDS = 60


class StillRunning(Exception):
    """The outcome of an action that had not finished when the test stopped waiting."""


def run_together(actions) -> list[object]:
    """Start every action at the same instant, each in its own thread and connection, and
    return each one's outcome: what it returned, or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [StillRunning()] * len(actions)

    def run(index: int, action) -> None:
        try:
            barrier.wait()
            outcomes[index] = action()
        # Any error is an outcome the test asserts on, so none may escape the thread.
        except Exception as error:
            outcomes[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
    return outcomes


def unexpected(outcomes: list[object], *expected: type) -> list[object]:
    """The outcomes that are neither a result nor one of the expected refusals: a deadlock, an
    IntegrityError or anything else that would have been a 500 on a page."""
    return [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, expected)]


class Racer(threading.Thread):
    """One action in its own thread and connection, started now; `outcome()` waits for it."""

    def __init__(self, action) -> None:
        super().__init__(daemon=True)
        self.action = action
        self._outcome: object = StillRunning()
        self.start()

    def run(self) -> None:
        try:
            self._outcome = self.action()
        except Exception as error:
            self._outcome = error
        finally:
            close_old_connections()
            connection.close()

    def outcome(self) -> object:
        self.join(timeout=JOIN_SECONDS)
        return self._outcome


def waiting_on_locks() -> int:
    """How many connections to the test database are waiting for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until_waiting(count: int) -> None:
    """Return once `count` connections wait for a lock: the racers are lined up."""
    deadline = time.monotonic() + JOIN_SECONDS
    while waiting_on_locks() < count:
        assert time.monotonic() < deadline, f"fewer than {count} connections ever waited"
        time.sleep(0.01)


@contextmanager
def holding(sql: str):
    """Run `sql` (a LOCK or SELECT ... FOR UPDATE) in a transaction of its own connection,
    and keep what it locked until the block ends: a way to stop a racer at a chosen step."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            locked.set()
            release.wait(JOIN_SECONDS)

    holder = Racer(hold)
    assert locked.wait(JOIN_SECONDS), holder.outcome()
    try:
        yield
    finally:
        release.set()
        assert holder.outcome() is None
