"""Every link on every admin page an editor or a coordinator may open leads somewhere they may
go: no link answers 403, 404 or a server error to the person who clicks it."""

from urllib.parse import urljoin, urlsplit

import pytest

from tests.admin_pages import ROLES, admin_pages, load_demo_data, staff_member
from tests.html import parse

pytestmark = pytest.mark.django_db

BROKEN = {403, 404, 500}


def links_on(page: str, content: bytes) -> set[str]:
    found = set()
    for tag, attrs in parse(content).elements:
        href = attrs.get("href", "") if tag == "a" else ""
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        target = urlsplit(urljoin("http://testserver" + page, href))
        if target.netloc != "testserver":
            continue
        found.add(target.path + (f"?{target.query}" if target.query else ""))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_admin_pages_of_a_role_opens_for_them(client, role):
    load_demo_data()
    client.force_login(staff_member(role))

    pages = admin_pages(staff_member(role))
    links: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in links_on(page, response.content):
            links.setdefault(link, page)

    broken = {}
    for link, page in sorted(links.items()):
        response = client.get(link, follow=True)
        if response.status_code in BROKEN:
            broken[link] = (response.status_code, page)
    assert len(links) > len(pages)
    assert broken == {}, f"{len(broken)} of {len(links)} links lead nowhere: {broken}"
