from django.apps import AppConfig

from enterprises.roles import Role
from enterprises.scoping import register_role_scope

from .scoping import officer_enterprises_q


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = "联络员服务"

    def ready(self):
        register_role_scope(Role.LIAISON, officer_enterprises_q)
        # the models (through the importer) cannot be imported while the app registry is loading
        from enterprises.importing import register_import_kind

        from .importers import ServiceProviderImporter
        from .resources import ServiceProviderResource

        register_import_kind(ServiceProviderResource, ServiceProviderImporter)
