"""`make bench`: speed and memory figures, one `name: value` line each on stdout (progress goes
to stderr). Figures are printed, never asserted: targets are for people to read, not timed tests.

The bench makes its own database (a temporary SQLite file, or `<name>_bench` on the PostgreSQL
server that DATABASE_URL names), migrates it and fills it with `generate_data`, then measures:

- pages built through the full Django stack in this process (the test client), median and
  p95, with the public-page cache off so every request renders from the database;
- requests per second under gunicorn (2 sync workers, persistent connections) with `wrk`, for
  the stories list and for a bare one-query list of the same rows (tests/bench_urls.py), whose
  ratio says how much the page costs beyond fetching its rows: once as served to signed-out
  visitors (pages kept for PUBLIC_PAGE_CACHE_SECONDS), and once `_uncached`.

Then the careers pages (tests/bench_careers.py): a role's page and the comparison of three
role levels, once the generated career steps are linked to the framework's role levels.

Then, among 10,000 generated mentors, the suggestions (tests/bench_mentoring.py) and the
signed-in dashboard and mentorship pages (median and p95), and matching rounds
(tests/bench_rounds.py), and one run of
housekeeping over 10,000 active mentorships (tests/bench_housekeeping.py).

Before the stories are generated: the capability framework import, full file into empty tables
and again unchanged (tests/bench_framework.py).

The database is dropped at the end. Exits non-zero when a page does not answer 200.
"""

import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "tests.bench_settings"
LEADERS = 10_000
QUOTES_PER_LEADER = 5
SEARCHES = ["nurse", "cyber security", "banking", "electronic patient records", "Okafor"]
WORKERS = 2
WRK_CONNECTIONS = 8
WRK_SECONDS = 10
# Rounds alternate between the two targets and each keeps its best: other work on the machine
# then lowers one round, not one target.
WRK_ROUNDS = 2


class PageFailed(Exception):
    pass


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name: str, value: float) -> None:
    print(f"{name}: {value:.2f}", flush=True)


@contextlib.contextmanager
def bench_database(database_url: str, *, name: str | None = None) -> Iterator[str]:
    """A fresh, empty database for the run, removed afterwards whatever happens: `name`, or
    the one DATABASE_URL names with `_bench` after it."""
    if not database_url or database_url.startswith("sqlite"):
        directory = tempfile.mkdtemp(prefix="pathways-bench-")
        try:
            yield f"sqlite:///{directory}/bench.sqlite3"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench runs on SQLite or PostgreSQL only.")
    import psycopg2

    parts = urlsplit(database_url)
    name = name or f"{parts.path.lstrip('/') or 'pathways'}_bench"

    def on_server(statement: str) -> None:
        # The maintenance database, since the one DATABASE_URL names need not exist yet.
        connection = psycopg2.connect(
            dbname="postgres",
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    on_server(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        stdout=sys.stderr,
        check=True,
    )


def timings_ms(call: Callable[[], object], *, repeat: int = 200, warmup: int = 10) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    figure(f"{name}_median_ms", statistics.median(ordered))
    figure(f"{name}_p95_ms", ordered[int(len(ordered) * 0.95) - 1])


def pages(client, paths: list[str]) -> Callable[[], object]:
    """Each call gets the next of `paths`, so a figure covers many rows, not one cached page."""
    next_path = cycle(paths).__next__

    def get() -> object:
        path = next_path()
        response = client.get(path)
        if response.status_code != 200:
            raise PageFailed(f"GET {path} answered {response.status_code}")
        return response

    return get


def in_process_figures(failures: list[str]) -> None:
    from django.test import Client

    from stories.models import Leader, Theme

    slugs = list(Leader.objects.published().order_by("id").values_list("slug", flat=True))
    leader_pages = [f"/stories/{slug}/" for slug in slugs[:: len(slugs) // 200 or 1]]
    themes = list(Theme.objects.order_by("name").values_list("slug", flat=True))
    client = Client()
    measured = [
        ("portal_home", ["/"], 200),
        ("portal_healthz", ["/healthz"], 200),
        ("stories_leaders_list", ["/stories/"], 200),
        ("stories_leaders_filtered", ["/stories/?background=clinical&page=3"], 200),
        ("stories_leader_page", leader_pages, 200),
        ("stories_theme_page", [f"/themes/{slug}/" for slug in themes], 100),
        ("stories_search", [f"/search/?q={query.replace(' ', '+')}" for query in SEARCHES], 100),
    ]
    for name, paths, repeat in measured:
        progress(f"Measuring {name} ({repeat} requests)")
        try:
            report(name, timings_ms(pages(client, paths), repeat=repeat))
        except Exception as error:  # one broken page must not hide the others' figures
            failures.append(f"{name}: {error!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=log_file,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise PageFailed(f"gunicorn stopped at start:\n{log.read_text()}")
            with contextlib.suppress(OSError):
                if status_of(f"{base}/healthz") == 200:
                    break
            if time.monotonic() > deadline:
                raise PageFailed(f"gunicorn did not answer /healthz in 30 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wrk(url: str, seconds: int) -> float:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if failed:
        raise PageFailed(f"{failed.group(1)} requests to {url} did not answer 200")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def worker_rss_mb(server_pid: int) -> float:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return max(sizes)


def load_figures(environment: dict[str, str], failures: list[str], *, kept: bool) -> None:
    """Requests per second for the leaders list beside the bare view, under gunicorn.

    `kept`: as served to signed-out visitors, with the public-page cache on; otherwise with
    it off, so every request renders the page from the database.
    """
    if shutil.which("wrk") is None:
        progress(
            "wrk is not installed, so the requests-per-second figures are skipped. Install it "
            "(Debian: apt-get install wrk) and run make bench again."
        )
        return
    from tests.bench_urls import BARE_LIST_PATH

    suffix = "" if kept else "_uncached"
    environment = {**environment, "PUBLIC_PAGE_CACHE_SECONDS": "60" if kept else "0"}
    targets = [
        (f"stories_leaders_list{suffix}_rps", "/stories/"),
        (f"bare_list{suffix}_rps", f"/{BARE_LIST_PATH}"),
    ]
    log = Path(tempfile.mkstemp(prefix="pathways-bench-gunicorn-", suffix=".log")[1])
    rps = {}
    try:
        with gunicorn(environment, log) as (base, server_pid):
            for _name, path in targets:
                if (status := status_of(base + path)) != 200:
                    raise PageFailed(f"GET {path} under gunicorn answered {status}")
                progress(f"Warming up {path} under gunicorn")
                wrk(base + path, 3)
            for round_number in range(1, WRK_ROUNDS + 1):
                for name, path in targets:
                    progress(
                        f"Load test {round_number}/{WRK_ROUNDS}: {path}, "
                        f"{WRK_CONNECTIONS} connections, {WRK_SECONDS} s"
                    )
                    rps[name] = max(rps.get(name, 0.0), wrk(base + path, WRK_SECONDS))
            for name, _path in targets:
                figure(name, rps[name])
            figure(
                f"stories_leaders_list{suffix}_rps_ratio", rps[targets[0][0]] / rps[targets[1][0]]
            )
            with contextlib.suppress(OSError, ValueError, AttributeError):
                figure(f"gunicorn_worker{suffix}_rss_mb", worker_rss_mb(server_pid))
    except (PageFailed, subprocess.CalledProcessError) as error:
        failures.append(f"load test: {error}")
        if log.exists() and log.read_text().strip():
            progress(f"gunicorn's log:\n{log.read_text()}")
    finally:
        log.unlink(missing_ok=True)


def main() -> int:
    failures: list[str] = []
    with bench_database(os.environ.get("DATABASE_URL", "")) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
        }
        progress(f"Bench database: {database_url}")
        manage(environment, "migrate", "--no-input", "-v0")
        # First, while the framework's tables are empty.
        from tests.bench_framework import import_figures

        import_figures(environment, failures)
        started = time.perf_counter()
        manage(
            environment,
            "generate_data",
            f"--leaders={LEADERS}",
            f"--quotes-per-leader={QUOTES_PER_LEADER}",
            "--seed=1",
        )
        figure("stories_generate_data_s", time.perf_counter() - started)

        # In-process figures time the page being built: no kept pages for visitors here.
        os.environ.update({**environment, "PUBLIC_PAGE_CACHE_SECONDS": "0"})
        import django

        django.setup()
        in_process_figures(failures)
        load_figures(environment, failures, kept=True)
        load_figures(environment, failures, kept=False)
        try:
            from tests.bench_careers import careers_figures
        except ImportError as error:
            failures.append(f"careers figures: {error!r}")
        else:
            careers_figures(failures)
        # Last, because it adds mentors and mentees to the database the figures above read.
        try:
            from tests.bench_mentoring import page_figures, suggestion_figures
        except ImportError as error:
            failures.append(f"mentoring figures: {error!r}")
        else:
            suggestion_figures(failures)
            page_figures(failures)
        try:
            from tests.bench_rounds import round_figures
        except ImportError as error:
            failures.append(f"round figures: {error!r}")
        else:
            round_figures(failures)
        try:
            from tests.bench_housekeeping import housekeeping_figures
        except ImportError as error:
            failures.append(f"housekeeping figures: {error!r}")
        else:
            housekeeping_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
