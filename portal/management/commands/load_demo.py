from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demo accounts and each app's demo content (its `demo.load()`). Idempotent: "
        "running it again changes nothing. Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo loader creates accounts with a published password, so it runs only "
                "with DEBUG=1, never in production."
            )
        # Apps contribute demo content without the portal importing them: each app whose
        # AppConfig names a `demo_module` is loaded in INSTALLED_APPS order (portal, stories,
        # mentoring), so what an app's demo data refers to already exists.
        for app_config in apps.get_app_configs():
            module_name = getattr(app_config, "demo_module", None)
            if module_name is None:
                continue
            import_module(module_name).load()
            self.stdout.write(f"Loaded demo data for {app_config.verbose_name}.")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {DEMO_PASSWORD}):"))
        for email, *_ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email}")
