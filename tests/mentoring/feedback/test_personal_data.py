"""A person's ratings and pulse answers are in "download my data"; deleting the account
removes their notes and keeps the scores (without words) and the other person's notes."""

import json

import pytest
from django.urls import reverse

from mentoring.feedback.models import Pulse, SessionRating
from tests.factories import PASSWORD

from .conftest import NOW, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(pair):
    session = held(pair)
    for role, note in (("mentee", "MENTEE-NOTE"), ("mentor", "MENTOR-NOTE")):
        SessionRating.objects.create(session=session, role=role, rating=3, note=note, given_at=NOW)
        Pulse.objects.create(
            mentorship=pair, role=role, how_it_is_going=4, recommend=9, note=note, given_at=NOW
        )
    return pair


def test_my_data_holds_my_answers_and_not_the_other_persons(client, answered):
    client.force_login(answered.mentee.user)

    data = json.loads(client.get(reverse("portal:my-data")).content)["mentoring"]

    assert [r["note"] for r in data["session_ratings_given"]] == ["MENTEE-NOTE"]
    assert [(p["recommend"], p["note"]) for p in data["pulses_given"]] == [(9, "MENTEE-NOTE")]
    assert "MENTOR-NOTE" not in json.dumps(data)


def test_deleting_an_account_removes_its_notes_and_keeps_the_scores(client, answered):
    mentee = answered.mentee.user
    mentee.set_password(PASSWORD)
    mentee.save()
    client.force_login(mentee)

    response = client.post(reverse("portal:delete-account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert sorted(SessionRating.objects.values_list("note", "rating")) == [
        ("", 3),
        ("MENTOR-NOTE", 3),
    ]
    assert sorted(Pulse.objects.values_list("note", "recommend")) == [("", 9), ("MENTOR-NOTE", 9)]
