"""The demo accounts, for trying the portal locally. Never created in production."""

from django.contrib.auth.models import Group
from django.db import transaction

from portal.models import User
from portal.roles import COORDINATORS, EDITORS

DEMO_PASSWORD = "pathways-demo"
# The local test identity provider of `make run-sso` (Makefile): demo accounts bound to its
# people, as an administrator binds staff accounts, so its one-click sign-ins reach them
# and their demo password keeps working too.
DEMO_SSO_ISSUER = "http://127.0.0.1:9400"
DEMO_SSO_SUBJECTS = {
    "mentee@example.com": "priya",
    "mentor@example.com": "tom",
    "coordinator@example.com": "coordinator",
}

# email, first name, last name, staff group, superuser
DEMO_ACCOUNTS = [
    ("mentee@example.com", "Priya", "Shah", None, False),
    ("mentor@example.com", "Tom", "Reid", None, False),
    ("editor@example.com", "Elena", "Fraser", EDITORS, False),
    ("coordinator@example.com", "Chris", "Obi", COORDINATORS, False),
    ("admin@example.com", "Alex", "Morgan", None, True),
]


@transaction.atomic
def load() -> list[User]:
    """Create the demo accounts that are missing; leave existing ones exactly as they are."""
    users = []
    for email, first_name, last_name, group, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                is_staff=bool(group) or superuser,
                is_superuser=superuser,
                sso_issuer=DEMO_SSO_ISSUER if email in DEMO_SSO_SUBJECTS else "",
                sso_subject=DEMO_SSO_SUBJECTS.get(email, ""),
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return users
