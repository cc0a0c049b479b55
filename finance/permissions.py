from enterprises.roles import Role

ROLE_PERMISSIONS = {Role.FINANCIAL_SERVICES: {}}
