"""Where the worker found mentoring's tasks in earlier releases. A queued task is stored by its
import path, so these names stay importable for one release after the tasks moved beside their
bodies (mentoring/rounds/jobs.py), and tasks queued before an upgrade still run."""

from mentoring.rounds.jobs import propose_matches, send_round_emails

__all__ = ["propose_matches", "send_round_emails"]
