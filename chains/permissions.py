"""Who does what with the chain records. The bureau (市工信局) keeps the chain list, the purchase plans and the
recommendations; a county views its own area's members, products and plans and confirms the products its
enterprises file (rows are scoped separately, enterprises.scoping). Enterprises file products from their portal
through the filing services, not the admin."""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

_BUREAU = {
    "chains.chainlink": ("add", "change", "view"),
    "chains.chainmember": ALL_ACTIONS,
    "chains.product": ("add", "change", "view"),
    "chains.procurement": ("add", "change", "view"),
    "chains.procurementrecommendation": ("add", "change", "view"),
}

ROLE_PERMISSIONS = {
    Role.COUNTY: {
        "chains.chainlink": VIEW,
        "chains.chainmember": VIEW,
        "chains.product": ("add", "change", "view"),  # its own enterprises; change = confirm or return filings
        "chains.procurement": VIEW,
        "chains.procurementrecommendation": VIEW,
    },
    Role.REVIEWER: dict(_BUREAU),
    Role.ADMIN: dict(_BUREAU),
}
