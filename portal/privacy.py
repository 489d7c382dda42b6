"""A person's own data: download all of it, or delete the account.

Apps hold data of their own; each names a `personal_data_module` on its AppConfig with
`export(user) -> dict` and `erase(user)`, so the portal gathers it without importing the apps.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from portal.models import PrivateDataAccess


def _personal_data_modules() -> list[tuple[str, ModuleType]]:
    return [
        (config.label, import_module(config.personal_data_module))
        for config in apps.get_app_configs()
        if getattr(config, "personal_data_module", None)
    ]


def export_personal_data(user: AbstractBaseUser) -> dict:
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email": {
            "choices": dict(user.email_preferences.values_list("kind", "delivery")),
            "held_for_digest_or_off": [
                {
                    "subject": held.subject,
                    "kind": held.kind,
                    "delivery": held.delivery,
                    "at": held.created_at.isoformat(),
                    "in_digest": held.digest_id is not None,
                }
                for held in user.held_emails.all()
            ],
        },
    }
    data["who_has_looked_at_your_information"] = [
        {"who": a.viewer_name, "what": a.what, "when": a.at.isoformat(), "why": a.reason}
        for a in PrivateDataAccess.objects.filter(subject=user)
    ]
    for label, module in _personal_data_modules():
        data[label] = module.export(user)
    return data


@transaction.atomic
def delete_account(*, user: AbstractBaseUser) -> None:
    """Everything the person holds goes. The records of who opened their private material stay
    for the audit period, no longer linked to them (`PrivateDataAccess.subject` is set null)."""
    for _label, module in _personal_data_modules():
        module.erase(user)
    user.delete()
