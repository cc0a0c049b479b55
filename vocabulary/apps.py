from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "vocabulary"
    verbose_name = "词表"

    def ready(self):
        # Models cannot be imported before the registry is ready: the import kind is registered here.
        from enterprises.importing import register_import_kind

        from .importers import TermImporter
        from .resources import TermResource

        register_import_kind(TermResource, TermImporter)
