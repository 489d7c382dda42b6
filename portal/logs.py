"""Logs a machine can read: LOG_FORMAT=json writes one JSON object per line, and every line
written while a request is answered carries that request's id.

The id comes from the X-Request-ID header when the reverse proxy (or the load balancer) sent
one that looks safe, so a request can be followed from the proxy's log to ours; otherwise a new
one is made. It is sent back in the response's X-Request-ID header. With LOG_FORMAT=json each
request also gets a line of its own (method, path, status, duration); in plain text gunicorn's
access log says as much.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, at most 128 of them: nothing that could forge a log line
# or a header (no spaces, quotes, newlines).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
request_logger = logging.getLogger("portal.requests")

# What a request's own line adds to the usual fields.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


def request_id_from(request: HttpRequest) -> str:
    offered = request.headers.get(HEADER, "")
    if SAFE_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being answered (or None) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id.get()),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """First of all middleware: gives the request its id, echoes it in the response, and logs
    the request's line once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)
