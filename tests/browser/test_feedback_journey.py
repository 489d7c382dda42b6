"""Given anyone on any page, when they follow the beta banner's "Tell us what you think", then
they reach a page that says where to send feedback, with no accessibility violations."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_beta_banner_leads_to_the_feedback_page(site):
    site.visit("/accessibility/")

    site.page.get_by_role("region", name="Service status").get_by_role(
        "link", name="Tell us what you think"
    ).click()

    expect(site.page).to_have_title("Give feedback – Pathways – NHS")
    site.check()
    link = site.page.get_by_role("link", name=settings.FEEDBACK_EMAIL)
    expect(link).to_have_attribute(
        "href", f"mailto:{settings.FEEDBACK_EMAIL}?subject=Pathways%20feedback"
    )
