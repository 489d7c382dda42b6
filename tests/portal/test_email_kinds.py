"""Every email template has a kind, so people's choices cover every email Pathways sends."""

from pathlib import Path

from django.conf import settings

from portal.email_kinds import CHOOSABLE, KINDS, TEMPLATE_KINDS, Delivery, Kind, kind_of

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "email"


def test_every_email_template_has_a_kind():
    folders = {path.name for path in EMAIL_TEMPLATES.iterdir() if path.is_dir()}

    assert folders - TEMPLATE_KINDS.keys() == set(), "give these templates a kind"
    assert TEMPLATE_KINDS.keys() - folders == set(), "these kinds name no template"


def test_every_kind_is_described_once():
    assert set(KINDS) == set(Kind)
    assert set(TEMPLATE_KINDS.values()) <= set(Kind)


def test_account_security_always_comes_straight_away():
    assert kind_of("password_reset") == Kind.ESSENTIAL
    assert Kind.ESSENTIAL not in CHOOSABLE
    assert KINDS[Kind.ESSENTIAL].choices == [Delivery.IMMEDIATELY]


def test_emails_that_need_an_answer_can_move_to_the_digest_but_not_be_switched_off():
    for kind in (Kind.REQUESTS, Kind.ROUNDS):
        assert KINDS[kind].choices == [Delivery.IMMEDIATELY, Delivery.DIGEST]
    for kind in (Kind.REMINDERS, Kind.FEEDBACK, Kind.PROGRAMME):
        assert KINDS[kind].choices == list(Delivery)


def test_an_unknown_template_is_treated_as_essential_so_it_is_never_dropped():
    assert kind_of("not_a_template") == Kind.ESSENTIAL
