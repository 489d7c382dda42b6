"""`make scale-check`: Pathways as a trust runs it, on this machine, checked for what sharing
state across servers could break. Figures on stdout (`name: value`), progress on stderr.

Against one PostgreSQL database (`pw_scale`, made afresh on the server DATABASE_URL names) and
one Redis (REDIS_URL), with production settings (DEBUG off, the Redis cache, the database queue,
real SMTP to a local aiosmtpd server), it starts:

- two gunicorn servers of one worker process each, on two ports (A and B), and a third of two
  worker processes (C), for the comparison below;
- two background workers (`manage.py db_worker`), and one housekeeping run
  (`sweep_email_outbox`, `mentoring_housekeeping`) while they work.

Then, through A and B in turn, request by request, while readers load both servers:

- mentees of the same mentor race to book the same slots (each slot may be booked once);
- mentees ask mentors to mentor them, and people ask for password resets (each sends an email
  through the outbox, the queue and a worker);
- failed sign-ins for one account, spread over both servers, lock it on both (django-axes keeps
  the count in the database).

It checks that nothing was double-sent (every email the outbox recorded reached the SMTP server
once), double-booked (no slot has two bookings; every booking answered as made is there) or
lost (every password reset asked for was sent; every task ran once and succeeded), and that no
request failed. Figures:

- `scale_two_servers_rps`: requests per second for a mix of public pages, through A and B at
  once (two gunicorn worker processes in all), and `scale_one_server_rps` through C alone (two
  worker processes too), in the same run, alternating, best of each;
- `scale_errors`: requests that did not answer as expected, and failed checks (0 when all is
  well). Exits non-zero when it is not 0.
"""

import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

from tests.bench import bench_database, free_port, manage, progress, status_of
from tests.portal.smtp import MailServer
from tests.redis_server import REDIS_URL, reachable

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "pw_scale"
PASSWORD = "a-long-scale-check-password-73"
# The load
BOOKING_MENTORS, MENTEES_PER_MENTOR, SLOTS_PER_MENTOR = 4, 3, 6
ASKING_MENTEES, ASKED_MENTORS = 12, 4
PASSWORD_RESETS = 20
WRK_CONNECTIONS, WRK_SECONDS, WRK_ROUNDS = 8, 10, 2


class Errors:
    """What went wrong, counted; each also said on stderr."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        with self.lock:
            self.messages.append(message)
        progress(f"ERROR: {message}")

    def __len__(self) -> int:
        return len(self.messages)


# Processes -------------------------------------------------------------------------------------


@contextlib.contextmanager
def process(command: list[str], environment: dict[str, str], log: Path) -> Iterator[int]:
    with log.open("w") as output:
        started = subprocess.Popen(
            command, cwd=BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield started.pid
    finally:
        started.terminate()
        try:
            started.wait(timeout=30)
        except subprocess.TimeoutExpired:
            started.kill()
            started.wait()


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], log: Path, *, workers: int) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--no-control-socket",
    ]
    with process(command, environment, log):
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if status_of(f"{base}/healthz") == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer /healthz in 60 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield base


# A person using the portal through the two servers in turn --------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    """A browser with its own cookies, sending each request to the next server in turn: a
    session begun on one server carries on on the other."""

    def __init__(self, servers: list[str]) -> None:
        self.servers = servers
        self.turn = random.randrange(len(servers))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects
        )

    def next_server(self) -> str:
        self.turn += 1
        return self.servers[self.turn % len(self.servers)]

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.next_server() + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def submit(self, path: str, data: dict[str, str]) -> int:
        """GET the form (from one server), POST it (to the other) with its CSRF token."""
        status, page = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            return status if status != 200 else 0
        return self.request(path, {**data, "csrfmiddlewaretoken": token.group(1)})[0]

    def sign_in(self, email: str, errors: Errors) -> bool:
        status = self.submit("/account/sign-in/", {"username": email, "password": PASSWORD})
        if status != 302:
            errors.add(f"sign in as {email}: {status}, not 302")
        return status == 302


# The data --------------------------------------------------------------------------------------


def seed() -> dict:
    """People, mentorships and slots for the load, and published stories to read."""
    from django.contrib.auth.hashers import make_password

    from mentoring.models import Mentorship
    from portal.models import User
    from tests.factories import (
        MenteeProfileFactory,
        MentorProfileFactory,
        MentorshipFactory,
        SlotFactory,
        UserFactory,
    )

    def person(email: str) -> User:
        return UserFactory(email=email, password="!")

    booking = []
    for m in range(BOOKING_MENTORS):
        mentor = MentorProfileFactory(user=person(f"booked-mentor-{m}@nhs.net"), capacity=10)
        slots = [SlotFactory(mentor=mentor).pk for _ in range(SLOTS_PER_MENTOR)]
        mentees = [
            MentorshipFactory(
                mentor=mentor,
                mentee=MenteeProfileFactory(user=person(f"mentee-{m}-{n}@nhs.net")),
                status=Mentorship.Status.ACTIVE,
            ).mentee.user.email
            for n in range(MENTEES_PER_MENTOR)
        ]
        booking.append({"mentees": mentees, "slots": slots})
    asked = [
        MentorProfileFactory(user=person(f"asked-mentor-{m}@nhs.net"), capacity=10).pk
        for m in range(ASKED_MENTORS)
    ]
    asking = [
        MenteeProfileFactory(user=person(f"asking-{n}@nhs.net")).user.email
        for n in range(ASKING_MENTEES)
    ]
    resetting = [person(f"forgot-{n}@nhs.net").email for n in range(PASSWORD_RESETS)]
    locked = person("locked@nhs.net").email
    User.objects.update(password=make_password(PASSWORD))  # one slow hash, not one each
    return {
        "booking": booking,
        "asked": asked,
        "asking": asking,
        "resetting": resetting,
        "locked": locked,
    }


def read_paths() -> list[str]:
    from stories.models import Leader

    slugs = list(Leader.objects.published().order_by("id").values_list("slug", flat=True)[:40])
    return ["/", "/stories/", "/themes/", "/healthz", *[f"/stories/{slug}/" for slug in slugs]]


# The load --------------------------------------------------------------------------------------


def book_slots(servers, mentee: str, slots: list[int], errors: Errors) -> list[int]:
    """Try to book every slot of the mentor, in a random order; the slots booked."""
    person = Person(servers)
    if not person.sign_in(mentee, errors):
        return []
    booked = []
    for slot in random.sample(slots, len(slots)):
        status = person.submit(f"/mentoring/slots/{slot}/book/", {"agenda": "Interview practice"})
        if status == 302:
            booked.append(slot)
        elif status != 409:  # 409: someone else booked it first, and was told so
            errors.add(f"{mentee} booking slot {slot}: {status}")
    return booked


def ask_for_mentoring(servers, mentee: str, mentor: int, errors: Errors) -> bool:
    person = Person(servers)
    if not person.sign_in(mentee, errors):
        return False
    status = person.submit(
        f"/mentoring/mentors/{mentor}/request/",
        {"message": "Would you mentor me?", "goals": "Lead a service desk team."},
    )
    if status != 302:
        errors.add(f"{mentee} asking mentor {mentor}: {status}")
    return status == 302


def reset_password(servers, email: str, errors: Errors) -> None:
    status = Person(servers).submit("/account/password/reset/", {"email": email})
    if status != 302:
        errors.add(f"password reset for {email}: {status}")


def lock_out_across_servers(servers, email: str, errors: Errors) -> None:
    """Failures spread over both servers add up to one lockout, seen by both."""
    from django.conf import settings

    for attempt in range(settings.SIGN_IN_FAILURE_LIMIT):
        person = Person(servers[attempt % 2 :] + servers[: attempt % 2])
        person.submit("/account/sign-in/", {"username": email, "password": "wrong-guess"})
    for server in servers:
        person = Person([server])
        status = person.submit("/account/sign-in/", {"username": email, "password": PASSWORD})
        if status != 429:
            errors.add(f"{email} after failures on both servers, on {server}: {status}, not 429")


def read(servers, paths: list[str], stop: threading.Event, errors: Errors) -> int:
    person, done = Person(servers), 0
    while not stop.is_set():
        path = random.choice(paths)
        status, _ = person.request(path)
        if status != 200:
            errors.add(f"GET {path}: {status}")
        done += 1
    return done


def wait_until_quiet(errors: Errors, seconds: float = 240) -> None:
    """Until no email waits or is being sent and no task waits or runs."""
    from django_tasks_db.models import DBTaskResult

    from portal.models import OutgoingEmail

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        busy = OutgoingEmail.objects.filter(status__in=["waiting", "sending"]).count()
        queued = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not busy and not queued:
            return
        progress(f"Waiting for the workers: {busy} emails, {queued} tasks to go")
        time.sleep(2)
    errors.add(f"emails or tasks still waiting after {seconds} s")


# The checks ------------------------------------------------------------------------------------


def one_line(subject: str) -> str:
    """A subject as written, whether or not the mail system folded it over lines."""
    return " ".join(subject.split())


def check(data: dict, booked: list[int], asked: int, received, errors: Errors) -> None:
    from django.db.models import Count, Q
    from django_tasks_db.models import DBTaskResult

    from mentoring.models import Booking, Mentorship
    from portal.models import OutgoingEmail

    # Double-booked: a slot with two bookings; lost: a booking answered as made but missing.
    twice = (
        Booking.objects.exclude(status="cancelled")
        .values("slot")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if twice.exists():
        errors.add(f"slots booked twice: {list(twice)}")
    if sorted(booked) != sorted(Booking.objects.values_list("slot_id", flat=True)):
        errors.add("the bookings made are not the bookings answered as made")
    all_slots = sum(len(group["slots"]) for group in data["booking"])
    if len(booked) != all_slots:
        errors.add(f"{len(booked)} of {all_slots} contested slots were booked")
    requested = Mentorship.objects.filter(status=Mentorship.Status.REQUESTED).count()
    if requested != asked:
        errors.add(f"{asked} mentoring requests answered as sent, {requested} recorded")

    # Double-sent or lost: what reached the SMTP server is what the outbox recorded, once each.
    emails = list(OutgoingEmail.objects.values_list("to", "subject", "status"))
    if unsent := [email for email in emails if email[2] != "sent"]:
        errors.add(f"{len(unsent)} emails not sent: {unsent[:3]}")
    recorded = Counter((tuple(sorted(to)), one_line(subject)) for to, subject, _ in emails)
    arrived = Counter(
        (
            tuple(sorted(address.strip() for address in message["To"].split(","))),
            one_line(str(message["Subject"])),
        )
        for message in received
    )
    if recorded != arrived:
        errors.add(
            f"emails recorded and received differ: {(recorded - arrived) + (arrived - recorded)}"
        )
    to_each = Counter(to[0] for to, _, _ in emails if len(to) == 1)
    if lost := [email for email in data["resetting"] if to_each[email] != 1]:
        errors.add(f"password reset emails not sent exactly once to {lost}")
    expected = len(booked) + asked + len(data["resetting"])
    if len(emails) != expected:
        errors.add(
            f"{len(emails)} emails for {len(booked)} bookings, {asked} mentoring requests and "
            f"{len(data['resetting'])} password resets: {expected} expected, one each"
        )

    # Every task ran once, on one worker, and succeeded.
    tasks = DBTaskResult.objects.aggregate(
        all=Count("id"), successful=Count("id", filter=Q(status="SUCCESSFUL"))
    )
    if tasks["all"] != tasks["successful"]:
        errors.add(f"tasks: {tasks['successful']} of {tasks['all']} succeeded")
    claimed_twice = [t.pk for t in DBTaskResult.objects.all() if len(t.worker_ids) != 1]
    if claimed_twice:
        errors.add(f"tasks claimed more than once: {claimed_twice[:5]}")
    progress(
        f"Checked: {len(booked)} bookings of {all_slots} slots, {asked} requests, "
        f"{len(emails)} emails, {tasks['all']} tasks"
    )


def mixed_load(servers, environment, data, errors: Errors, logs: Path, received) -> None:
    paths = read_paths()
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=4) as readers_pool:
        readers = [readers_pool.submit(read, servers, paths, stop, errors) for _ in range(4)]
        with ThreadPoolExecutor(max_workers=12) as pool:
            bookings = [
                pool.submit(book_slots, servers, mentee, group["slots"], errors)
                for group in data["booking"]
                for mentee in group["mentees"]
            ]
            requests = [
                pool.submit(
                    ask_for_mentoring, servers, mentee, data["asked"][n % ASKED_MENTORS], errors
                )
                for n, mentee in enumerate(data["asking"])
            ]
            resets = [pool.submit(reset_password, servers, e, errors) for e in data["resetting"]]
            lockout = pool.submit(lock_out_across_servers, servers, data["locked"], errors)
            # One housekeeping run while the servers and workers are busy.
            for command in ("sweep_email_outbox", "mentoring_housekeeping"):
                with (logs / f"{command}.log").open("w") as log:
                    run = subprocess.run(
                        [sys.executable, "manage.py", command],
                        cwd=BASE_DIR,
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                if run.returncode:
                    errors.add(f"{command} exited {run.returncode}: {(logs / command).name}")
            booked = [slot for future in bookings for slot in future.result()]
            asked = sum(future.result() for future in requests)
            for future in [*resets, lockout]:
                future.result()
        stop.set()
        reads = sum(future.result() for future in readers)
    progress(f"Mixed load done: {reads} page reads beside the writes")
    wait_until_quiet(errors)
    check(data, booked, asked, received, errors)


# The figures -----------------------------------------------------------------------------------


def wrk(urls_and_connections: list[tuple[str, int]], script: Path, errors: Errors) -> float:
    """Run one wrk per server at once; the requests per second of all of them."""
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{WRK_SECONDS}s",
                "--timeout=30s",
                "-s",
                str(script),
                url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for url, connections in urls_and_connections
    ]
    total = 0.0
    for run in runs:
        output = run.communicate()[0]
        if failed := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
            errors.add(f"wrk: {failed.group(1)} requests did not answer 200")
        socket_errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        if socket_errors and any(int(n) for n in socket_errors.groups()):
            errors.add(f"wrk: {socket_errors.group(0)}")
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        if rate is None:
            errors.add(f"wrk gave no figure:\n{output}")
            continue
        total += float(rate.group(1))
    return total


def throughput(two: list[str], one: str, paths: list[str], errors: Errors) -> dict[str, float]:
    script = Path(tempfile.mkstemp(prefix="pathways-scale-", suffix=".lua")[1])
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n"
    )
    best = {"scale_two_servers_rps": 0.0, "scale_one_server_rps": 0.0}
    try:
        # The same two load generators in both cases, half the connections each: one per
        # server, or both on the one server.
        half = WRK_CONNECTIONS // 2
        spread, together = [(two[0], half), (two[1], half)], [(one, half), (one, half)]
        wrk(spread, script, errors)  # warm-up, not counted
        wrk(together, script, errors)
        for round_number in range(1, WRK_ROUNDS + 1):
            progress(f"Load test {round_number}/{WRK_ROUNDS}: two servers of 1, then one of 2")
            rate = wrk(spread, script, errors)
            best["scale_two_servers_rps"] = max(best["scale_two_servers_rps"], rate)
            rate = wrk(together, script, errors)
            best["scale_one_server_rps"] = max(best["scale_one_server_rps"], rate)
    finally:
        script.unlink(missing_ok=True)
    return best


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("make scale-check needs wrk (Debian: apt-get install wrk).")
    if problem := reachable(REDIS_URL):
        raise SystemExit(f"make scale-check needs Redis: {problem}.")
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make scale-check needs PostgreSQL: set DATABASE_URL to its server.")
    errors = Errors()
    mail = MailServer()
    mail.start()
    logs = Path(tempfile.mkdtemp(prefix="pathways-scale-"))
    with bench_database(server, name=DATABASE_NAME) as database_url:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "SECURE_", "PUBLIC_PAGE", "LOG_"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="",
            SECRET_KEY="scale-check-only-not-secret-" + "k3" * 20,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=database_url,
            DATABASE_CONN_MAX_AGE="600",
            CACHE_URL=REDIS_URL,
            CACHE_KEY_PREFIX=f"pathways-scale-{os.getpid()}",
            PUBLIC_PAGE_CACHE_SECONDS="60",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail.port),
            EMAIL_USE_TLS="false",
            LOG_LEVEL="WARNING",
        )
        progress(f"Scale check database: {database_url}; logs in {logs}")
        # What `make build-production` does, for this database.
        manage(environment, "collectstatic", "--no-input", "--clear", "-v0")
        manage(environment, "migrate", "--no-input", "-v0")
        manage(environment, "generate_data", "--leaders=300", "--quotes-per-leader=3", "--seed=1")
        os.environ.update(environment)
        import django

        django.setup()
        data = seed()
        worker = [sys.executable, "manage.py", "db_worker", "--no-startup-delay"]
        with (
            gunicorn(environment, logs / "server-a.log", workers=1) as server_a,
            gunicorn(environment, logs / "server-b.log", workers=1) as server_b,
            gunicorn(environment, logs / "server-c.log", workers=2) as server_c,
            process(worker, environment, logs / "worker-1.log"),
            process(worker, environment, logs / "worker-2.log"),
        ):
            progress(f"Servers: A {server_a}, B {server_b} (1 process each), C {server_c} (2)")
            mixed_load([server_a, server_b], environment, data, errors, logs, mail.received)
            figures = throughput([server_a, server_b], server_c, read_paths(), errors)
        flush_cache_keys(environment["CACHE_KEY_PREFIX"])
    mail.stop()
    for name, value in figures.items():
        print(f"{name}: {value:.2f}", flush=True)
    print(f"scale_errors: {len(errors)}", flush=True)
    if errors:
        progress(f"Logs of the servers and workers: {logs}")
        return 1
    shutil.rmtree(logs, ignore_errors=True)
    return 0


def flush_cache_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


if __name__ == "__main__":
    sys.exit(main())
