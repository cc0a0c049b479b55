from django.apps import AppConfig

from enterprises.notices import register_notifier


class DeclarationsConfig(AppConfig):
    """Declarations enterprises file and their two-level review (app label `declarations`)."""

    name = "declarations"
    label = "declarations"
    verbose_name = "申报与审核"

    def ready(self):
        # enterprises.notices cannot import the message box above it: it calls the sender registered here.
        from .notifications import notify_enterprise

        register_notifier(notify_enterprise)
