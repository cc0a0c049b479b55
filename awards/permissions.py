from enterprises.roles import ALL_ACTIONS, VIEW, Role

ROLE_PERMISSIONS = {
    Role.REVIEWER: {"awards.policyrecord": VIEW},
    Role.FINANCE: {"awards.policyrecord": VIEW},
    Role.ADMIN: {"awards.policyrecord": ALL_ACTIONS},
}
