from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "chains"
    verbose_name = "产业链与融通对接"

    def ready(self):
        # Models cannot be imported before the registry is ready: the import kinds are registered here.
        from enterprises.importing import register_import_kind

        from .importers import ChainLinkImporter, ChainMemberImporter, ProcurementImporter, ProductImporter
        from .resources import ChainLinkResource, ChainMemberResource, ProcurementResource, ProductResource

        register_import_kind(ChainLinkResource, ChainLinkImporter)
        register_import_kind(ChainMemberResource, ChainMemberImporter)
        register_import_kind(ProductResource, ProductImporter)
        register_import_kind(ProcurementResource, ProcurementImporter)
