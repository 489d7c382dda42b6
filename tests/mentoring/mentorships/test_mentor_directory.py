import pytest
from django.urls import reverse

from stories.models import Status
from tests import html
from tests.factories import LeaderFactory, MentorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("mentoring:mentors")


def mentor(first_name: str, last_name: str, **kwargs):
    return MentorProfileFactory(
        user=UserFactory(first_name=first_name, last_name=last_name), **kwargs
    )


def names_listed(response) -> str:
    return html.text(response.content)


class TestFindingAMentorByName:
    def test_a_first_or_last_name_finds_the_mentor_whatever_the_case(self, signed_in_client):
        mentor("Asha", "Patel")
        mentor("Ben", "Jones")

        by_last = signed_in_client.get(DIRECTORY_URL, {"name": "PATEL"})
        by_first = signed_in_client.get(DIRECTORY_URL, {"name": "asha"})

        for response in (by_last, by_first):
            text = names_listed(response)
            assert "Asha Patel" in text
            assert "Ben Jones" not in text
            assert "1 mentor" in text

    def test_both_names_narrow_to_the_person(self, signed_in_client):
        mentor("Asha", "Patel")
        mentor("Asha", "Jones")

        text = names_listed(signed_in_client.get(DIRECTORY_URL, {"name": "asha patel"}))

        assert "Asha Patel" in text
        assert "Asha Jones" not in text

    def test_the_name_on_their_published_story_finds_them(self, signed_in_client):
        mentor("Ash", "P", leader=LeaderFactory(name="Asha Rowena Patel"))
        mentor("Cara", "Long", leader=LeaderFactory(name="Cara Rowena Long", status=Status.DRAFT))

        text = names_listed(signed_in_client.get(DIRECTORY_URL, {"name": "rowena"}))

        assert "Ash P" in text
        assert "Cara Long" not in text

    def test_the_box_keeps_what_was_typed_and_combines_with_other_filters(self, signed_in_client):
        mentor("Asha", "Patel", formats=["phone"])
        mentor("Asha", "Jones", formats=["video"])

        response = signed_in_client.get(DIRECTORY_URL, {"name": "Asha", "format": "video"})

        (field,) = html.elements(response.content, "input", id="id_name")
        assert field["value"] == "Asha"
        assert html.elements(response.content, "label", **{"for": "id_name"})
        text = names_listed(response)
        assert "Asha Jones" in text
        assert "Asha Patel" not in text

    def test_no_match_says_so(self, signed_in_client):
        mentor("Asha", "Patel")

        response = signed_in_client.get(DIRECTORY_URL, {"name": "xylophone"})

        assert response.status_code == 200
        assert "No mentors match these filters" in names_listed(response)
