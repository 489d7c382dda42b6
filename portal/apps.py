from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Accounts and site"
    demo_module = "portal.demo"

    def ready(self) -> None:
        from portal import checks  # noqa: F401  (registers the start-up checks)
