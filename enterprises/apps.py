from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .roles import sync_role_groups


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "企业库"

    def ready(self):
        # Groups and their permissions follow roles.ROLE_PERMISSIONS after every migrate.
        post_migrate.connect(sync_role_groups, dispatch_uid="enterprises.sync_role_groups")
