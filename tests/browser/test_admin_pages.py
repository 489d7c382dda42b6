"""Given the demo data, when an editor or a coordinator visits every admin page of theirs (found
from the admin site's registry, so a page added later is visited too), then no page has an
axe-core violation or breaks a Content Security Policy rule, and autocomplete fields, once
JavaScript has turned them into comboboxes, still carry the name of their field."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from portal.roles import EDITORS
from tests.admin_pages import ROLES, admin_pages, load_demo_data, staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_by_session(site, member) -> None:
    client = Client()
    client.force_login(member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    site.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.base_url}]
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_of_a_role_passes_axe(site, role):
    load_demo_data()
    member = staff_member(role)
    sign_in_by_session(site, member)

    found = {}
    pages = admin_pages(member)
    for path in pages:
        response = site.page.goto(site.base_url + path)
        assert response.status == 200, path
        violations = [
            f"{v['id']} ({v['count']}): {', '.join(v['nodes'][:3])}"
            for v in site.violations(wcag22=True)
        ]
        if violations or site.csp_violations:
            found[path] = violations + site.csp_violations
            site.csp_violations.clear()

    assert len(pages) > 20
    assert found == {}, f"{len(found)} of {len(pages)} admin pages fail: {found}"


def test_an_autocomplete_field_is_named_after_its_label(site):
    load_demo_data()
    sign_in_by_session(site, staff_member(EDITORS))

    site.visit("/admin/stories/quote/add/")

    leader = site.page.get_by_role("combobox", name="Leader")
    expect(leader).to_be_visible()
    leader.click()
    expect(site.page.get_by_role("searchbox", name="Leader")).to_be_focused()
    site.check()
