from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """The lowest floor: editions of the measures and of the national criteria, and the tier names they use."""

    name = "policy"
    verbose_name = "政策与认定条件"
