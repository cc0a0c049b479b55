from enterprises.roles import ALL_ACTIONS, VIEW, Role

ROLE_PERMISSIONS = {
    Role.COUNTY: {"liaison.liaisonassignment": ("add", "change", "view")},
    Role.LIAISON: {"liaison.liaisonassignment": VIEW},
    Role.REVIEWER: {"liaison.liaisonassignment": VIEW},
    Role.ADMIN: {"liaison.liaisonassignment": ALL_ACTIONS},
}
