"""Given the capability framework imported and an editor signed in, when they set the bands of
a framework role level and add an NHS role with a level, then both are saved, and no page on
the way has an axe-core violation (WCAG 2.2 AA, target size included) or breaks the CSP."""

import pytest
from playwright.sync_api import expect

from portal.roles import EDITORS
from stories.careers.importer import import_capability_framework
from stories.careers.models import Role, RoleLevel, Source
from tests.admin_pages import restore_staff_roles
from tests.browser.test_admin_pages import sign_in_by_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def checked(site) -> None:
    site.page.wait_for_load_state("load")
    assert site.violations(wcag22=True) == []
    assert site.csp_violations == []


def test_an_editor_sets_bands_and_adds_an_nhs_role(site):
    restore_staff_roles()
    import_capability_framework(path="tests/stories/careers/fixtures/framework-v1.csv")
    sign_in_by_session(site, UserFactory(groups=[EDITORS], is_staff=True))
    page = site.page
    level = RoleLevel.objects.get(name="Senior data analyst")

    site.visit(f"/admin/stories/rolelevel/{level.pk}/change/")
    checked(site)
    expect(page.get_by_text("You can:")).to_have_count(2)
    page.get_by_label("Lowest band").select_option("7")
    page.get_by_label("Highest band").select_option("8a")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("was changed successfully")).to_be_visible()
    checked(site)
    assert RoleLevel.objects.get(pk=level.pk).bands == "Band 7 to 8a"

    site.visit(f"/admin/stories/role/{level.role.pk}/change/")
    checked(site)

    site.visit("/admin/stories/role/add/")
    checked(site)
    page.get_by_role("combobox", name="Family").click()
    page.get_by_role("searchbox", name="Family").fill("Dat")
    page.get_by_role("option", name="Data", exact=True).click()
    page.locator("#id_name").fill("Clinical safety officer")
    page.locator("#id_levels-0-name").fill("Clinical safety officer")
    page.locator("#id_levels-0-lowest_band").select_option("7")
    page.locator("#id_levels-0-highest_band").select_option("8a")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("was added successfully")).to_be_visible()
    checked(site)
    role = Role.objects.get(name="Clinical safety officer")
    assert (role.source, role.family.name) == (Source.NHS, "Data")
    assert role.levels.get().bands == "Band 7 to 8a"
