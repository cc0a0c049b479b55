"""What each role may do with the finance models. Rows are scoped separately (enterprises.scoping): a county
official sees its own area's loans and reserve entries, read-only; push records are city-wide and shown only to
the financial-services office, the bureau reviewers and admins."""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

# Stage history and push rows are written by services only; pushes are never edited once recorded.
_WORKING = {
    "finance.listingreserveentry": ("add", "change", "view"),  # leaving the pool is a stage, never a delete
    "finance.listingstagechange": VIEW,
    "finance.loansupport": ALL_ACTIONS,
    "finance.listpush": ("add", "view"),
    "finance.listpushrow": VIEW,
    "finance.financesupport": ALL_ACTIONS,  # (九) financial support records, imported or entered
}

ROLE_PERMISSIONS = {
    Role.FINANCIAL_SERVICES: dict(_WORKING),
    Role.COUNTY: {
        "finance.listingreserveentry": VIEW,
        "finance.listingstagechange": VIEW,
        "finance.loansupport": VIEW,
        "finance.financesupport": VIEW,
    },
    # The bureau reads the finance records and keeps the financial support records with the financial office (九).
    Role.REVIEWER: {**{model: VIEW for model in _WORKING}, "finance.financesupport": ALL_ACTIONS},
    # The finance bureau co-answers for loan interest subsidies (九).
    Role.FINANCE: {"finance.loansupport": VIEW, "finance.financesupport": VIEW},
    Role.ADMIN: dict(_WORKING),
}
