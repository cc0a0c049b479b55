from django.apps import AppConfig

from enterprises.changes import register_listener
from policy.decisions import register_decision_counter


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "奖励兑现"

    def ready(self):
        # The floors below cannot call the awards: they tell the listeners registered here. Imported in ready(),
        # the first moment Django lets an app import its models (services and selectors do).
        from . import selectors, services

        register_listener(services.queue_reevaluation)
        register_decision_counter(selectors.decisions_by_edition)
