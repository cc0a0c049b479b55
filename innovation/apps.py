from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "innovation"
    verbose_name = "产学研对接与技术改造"

    def ready(self):
        # Models cannot be imported before the registry is ready: the import kinds are registered here.
        from enterprises.importing import register_import_kind

        from .importers import AchievementImporter, DemandImporter, RenovationImporter
        from .resources import AchievementResource, DemandResource, RenovationResource

        register_import_kind(DemandResource, DemandImporter)
        register_import_kind(AchievementResource, AchievementImporter)
        register_import_kind(RenovationResource, RenovationImporter)
