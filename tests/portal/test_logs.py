"""Structured logs (LOG_FORMAT=json) and the request id carried by every line of a request."""

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.test import Client

from portal.logs import JsonFormatter, RequestIdFilter
from tests.workers import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the portal logs while the test runs, as LOG_FORMAT=json writes it: a list of
    dicts, read when called."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    requests = logging.getLogger("portal.requests")
    level, requests_level = root.level, requests.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    requests.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)
    requests.setLevel(requests_level)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "portal.requests"]


def test_each_request_gets_one_line_with_its_method_path_status_and_duration(client, json_lines):
    response = client.get("/stories/?page=1")

    (line,) = request_lines(json_lines())
    assert line["method"] == "GET"
    assert line["path"] == "/stories/"  # the query string may hold what people searched for
    assert line["status"] == response.status_code == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert line["message"] == "GET /stories/ 200"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert line["request_id"] == response["X-Request-ID"]


def test_a_made_up_request_id_is_new_for_each_request(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.parametrize("offered", ["f5c3a1e0-1b2c-4d5e-8f90-0a1b2c3d4e5f", "lb.7:abc_DEF-1"])
def test_a_safe_request_id_from_the_proxy_is_kept_and_echoed(client, json_lines, offered):
    response = client.get("/healthz", headers={"X-Request-ID": offered})

    assert response["X-Request-ID"] == offered
    assert request_lines(json_lines())[0]["request_id"] == offered


@pytest.mark.parametrize(
    "offered",
    [
        "two words",
        'quote"s',
        "a" * 129,
        "line\\nbreak",
        "<script>",
        "",
    ],
)
def test_an_unsafe_request_id_is_replaced(client, json_lines, offered):
    response = client.get("/healthz", headers={"X-Request-ID": offered})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert request_lines(json_lines())[0]["request_id"] == response["X-Request-ID"]


def test_every_line_written_during_a_request_carries_its_id(settings, json_lines, refusing_port):
    # The health check logs why the cache failed: that line is the request's.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{refusing_port}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = Client().get("/healthz", headers={"X-Request-ID": "probe-1"})

    lines = json_lines()
    (failure,) = [line for line in lines if line["logger"] == "portal.health"]
    assert response.status_code == 503
    assert failure["request_id"] == "probe-1"
    assert failure["level"] == "ERROR"
    assert "Traceback" in failure["exception"]
    assert request_lines(lines)[0]["status"] == 503


def test_lines_outside_a_request_have_no_request_id(json_lines):
    logging.getLogger("portal.worker").warning("between requests")

    (line,) = json_lines()
    assert line["request_id"] is None
    assert line["message"] == "between requests"


def log_from_the_settings(**environment: str) -> subprocess.CompletedProcess:
    """Log two lines (one inside a request) in a process configured by portal/settings.py."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"LOG_FORMAT", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(SECRET_KEY="x" * 50, DEBUG="", ALLOWED_HOSTS="testserver", **environment)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    program = (
        "import django, logging; django.setup()\n"
        "from portal.logs import current_request_id\n"
        "logging.getLogger('portal.worker').warning('Worker %s started', 'w1')\n"
        "current_request_id.set('r-1')\n"
        "logging.getLogger('portal.requests').info('GET / 200', "
        "extra={'method': 'GET', 'path': '/', 'status': 200, 'duration_ms': 1.5})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_log_format_json_writes_one_json_object_per_line():
    run = log_from_the_settings(LOG_FORMAT="json")

    assert run.returncode == 0, run.stderr
    worker, request = (json.loads(line) for line in run.stderr.splitlines())
    assert worker["message"] == "Worker w1 started"
    assert worker["logger"] == "portal.worker"
    assert worker["level"] == "WARNING"
    assert worker["request_id"] is None
    assert request["request_id"] == "r-1"
    assert (request["method"], request["path"], request["status"]) == ("GET", "/", 200)


def test_plain_text_stays_the_default_without_a_line_per_request():
    run = log_from_the_settings()

    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == ["Worker w1 started"]


def test_an_unknown_log_format_stops_the_start_with_a_clear_message():
    run = log_from_the_settings(LOG_FORMAT="xml")

    assert run.returncode != 0
    assert "LOG_FORMAT must be text or json" in run.stderr
