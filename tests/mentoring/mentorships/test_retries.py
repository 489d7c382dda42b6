"""A change that PostgreSQL refuses because of another at the same moment (a deadlock or a
serialisation failure) is run again, whole; if it keeps colliding, the person is asked to try
again, never shown an error page. Housekeeping carries on past an item that fails.

The failures here are real database errors, raised by a trigger on chosen rows with the error
code PostgreSQL gives a deadlock (or, on SQLite, an abort), so they travel the same way through
the driver and Django as the real ones.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.models import Agreement, Mentorship
from tests.factories import MenteeProfileFactory, MentorProfileFactory
from tests.races import ON_POSTGRESQL

Status = Mentorship.Status
TABLE = Mentorship._meta.db_table


def ask(mentee=None, mentor=None) -> Mentorship:
    return services.request_mentor(
        mentee=mentee or MenteeProfileFactory(),
        mentor=mentor or MentorProfileFactory(),
        message="Hello",
        goals="Grow",
    )


class fail_updates:
    """While in use, the first `times` updates of the mentorship fail as a deadlock would."""

    def __init__(self, mentorship: Mentorship, *, times: int) -> None:
        self.pk, self.times = mentorship.pk, times

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("CREATE SEQUENCE test_collisions")
                cursor.execute(
                    "CREATE FUNCTION test_collide() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN IF nextval('test_collisions') <= {self.times} THEN "
                    "RAISE EXCEPTION 'deadlock (made by a test)' "
                    "USING ERRCODE = 'deadlock_detected'; END IF; RETURN NEW; END $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER test_collide BEFORE UPDATE ON {TABLE} FOR EACH ROW "
                    f"WHEN (OLD.id = {self.pk}) EXECUTE FUNCTION test_collide()"
                )
            else:
                assert self.times > 100, "SQLite's trigger fails every time"
                cursor.execute(
                    f"CREATE TRIGGER test_collide BEFORE UPDATE ON {TABLE} "
                    f"WHEN OLD.id = {self.pk} BEGIN SELECT RAISE(ABORT, 'made by a test'); END"
                )
        return self

    def __exit__(self, *exc) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER test_collide ON {TABLE}")
                cursor.execute("DROP FUNCTION test_collide()")
                cursor.execute("DROP SEQUENCE test_collisions")
            else:
                cursor.execute("DROP TRIGGER test_collide")


# Through the pages, on PostgreSQL, outside any test transaction (as in production) -----------


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_an_acceptance_that_collides_twice_goes_through_on_a_later_attempt(client, mailoutbox):
    request = ask()
    client.force_login(request.mentor.user)

    with fail_updates(request, times=2):
        response = client.post(reverse("mentoring:accept", args=[request.pk]), follow=True)

    assert response.status_code == 200
    assert "You are now mentoring" in unescape(response.content.decode())
    assert Mentorship.objects.get(pk=request.pk).status == Status.ACTIVE
    assert request.changes.count() == 2  # requested, then active once: nothing left twice
    # The request, then the acceptance and both asks to agree the terms, once each.
    assert len(mailoutbox) == 4
    assert Agreement.objects.filter(mentorship=request).count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_an_acceptance_that_keeps_colliding_asks_the_mentor_to_try_again(client, mailoutbox):
    request = ask()
    client.force_login(request.mentor.user)

    with fail_updates(request, times=1000):
        response = client.post(reverse("mentoring:accept", args=[request.pk]), follow=True)

    assert response.status_code == 200
    assert "Someone else changed this at the same moment: try again." in unescape(
        response.content.decode()
    )
    assert Mentorship.objects.get(pk=request.pk).status == Status.REQUESTED
    assert request.changes.count() == 1
    assert len(mailoutbox) == 1  # the request only


# Housekeeping, on both databases -----------------------------------------------------------


@pytest.mark.django_db
def test_housekeeping_carries_on_past_a_request_that_fails_and_leaves_it_for_next_time(
    caplog, mailoutbox
):
    mentee = MenteeProfileFactory()
    first, failing, last = [ask(mentee=mentee) for _ in range(3)]
    overdue = timezone.now() + timedelta(days=15)

    with fail_updates(failing, times=1000):
        report = services.housekeeping(now=overdue)

    assert report.expired == 2
    statuses = dict(Mentorship.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "expired", failing.pk: "requested", last.pk: "expired"}
    assert f"Could not expire the request {failing.pk}" in caplog.text

    # The next run, without the fault, expires it.
    assert services.housekeeping(now=overdue).expired == 1
    assert Mentorship.objects.get(pk=failing.pk).status == Status.EXPIRED
