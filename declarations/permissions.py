"""What each role may do with the declarations models in the admin (rows are scoped by enterprises.scoping).

Transitions are further limited by role in states.TRANSITIONS: a county official recommends, a reviewer approves."""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

REVIEW = ("change", "view")

ROLE_PERMISSIONS = {
    Role.COUNTY: {
        "declarations.declaration": REVIEW,
        "declarations.attachment": VIEW,
        "declarations.reviewstep": VIEW,
        "policy.criteriaedition": VIEW,
    },
    Role.REVIEWER: {
        "declarations.declaration": REVIEW,
        "declarations.attachment": VIEW,
        "declarations.reviewstep": VIEW,
        "policy.criteriaedition": ("add", "change", "view"),
    },
    Role.ADMIN: {
        "declarations.declaration": REVIEW,
        "declarations.attachment": VIEW,
        "declarations.reviewstep": VIEW,
        "policy.criteriaedition": ALL_ACTIONS,
        "declarations.portalmessage": VIEW,
    },
}
