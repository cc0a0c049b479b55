from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: pages that gather from every capability (the enterprise home, one firm one file) and the demo."""

    name = "portal"
    verbose_name = "门户"
