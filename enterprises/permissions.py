"""What each role may do with the registry's models (rows are scoped separately)."""

from .roles import ALL_ACTIONS, VIEW, Role

ROLE_PERMISSIONS = {
    Role.COUNTY: {
        "enterprises.area": VIEW,
        "enterprises.enterprise": ("add", "change", "view"),
        "enterprises.designation": VIEW,
        "enterprises.annualfigures": VIEW,
        "enterprises.creditentry": VIEW,
        "enterprises.cultivationpoolentry": ALL_ACTIONS,
        "enterprises.areatarget": VIEW,
        "enterprises.figurereport": VIEW,  # the sources of its firms' figures, and where they disagree
    },
    Role.LIAISON: {
        "enterprises.enterprise": VIEW,
        "enterprises.designation": VIEW,
        "enterprises.annualfigures": VIEW,
    },
    Role.REVIEWER: {
        "enterprises.area": VIEW,
        "enterprises.enterprise": ALL_ACTIONS,
        "enterprises.designation": ALL_ACTIONS,
        "enterprises.annualfigures": ALL_ACTIONS,
        "enterprises.creditentry": ALL_ACTIONS,
        "enterprises.cultivationpoolentry": VIEW,
        "enterprises.areatarget": ALL_ACTIONS,
        "enterprises.figurereport": VIEW,
        "enterprises.sourceprecedence": ("change", "view"),
    },
    Role.FINANCE: {
        "enterprises.enterprise": VIEW,
        "enterprises.designation": VIEW,
        "enterprises.annualfigures": VIEW,
        "enterprises.creditentry": VIEW,  # 信用审查 before a payment
    },
    Role.FINANCIAL_SERVICES: {
        "enterprises.enterprise": VIEW,
        "enterprises.designation": VIEW,
        "enterprises.annualfigures": VIEW,
    },
    Role.ADMIN: {
        "enterprises.area": ALL_ACTIONS,
        "enterprises.user": ALL_ACTIONS,
        "enterprises.enterprise": ALL_ACTIONS,
        "enterprises.designation": ALL_ACTIONS,
        "enterprises.annualfigures": ALL_ACTIONS,
        "enterprises.creditentry": ALL_ACTIONS,
        "enterprises.cultivationpoolentry": ALL_ACTIONS,
        "enterprises.areatarget": ALL_ACTIONS,
        "enterprises.figurereport": VIEW,
        "enterprises.sourceprecedence": ("change", "view"),
    },
}
