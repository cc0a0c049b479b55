"""Institutions and tokens are kept by the system administrators; the call log is read-only for everyone."""

from enterprises.roles import VIEW, Role

ROLE_PERMISSIONS = {
    Role.ADMIN: {
        "api.institution": ("add", "change", "view"),
        "api.apitoken": ("change", "view"),  # tokens are created by the command (shown once), revoked, never deleted
        "api.apicall": VIEW,
    },
    # The financial-services office sees which banks and suppliers are connected and what they fetched.
    Role.FINANCIAL_SERVICES: {"api.institution": VIEW, "api.apicall": VIEW},
}
