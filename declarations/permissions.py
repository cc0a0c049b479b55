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
        # objections carry the objector's name and phone: the bureau only, never the county
        "declarations.recognitionobjection": REVIEW,
        "declarations.attachment": VIEW,
        "declarations.reviewstep": VIEW,
        "policy.criteriaedition": ("add", "change", "view"),
    },
    Role.ADMIN: {
        "declarations.declaration": REVIEW,
        "declarations.recognitionobjection": REVIEW,
        "declarations.attachment": VIEW,
        "declarations.reviewstep": VIEW,
        "policy.criteriaedition": ALL_ACTIONS,
        "declarations.portalmessage": VIEW,
    },
}


def is_enterprise_user(user):
    """An enterprise's own account (not a superuser acting as one): it declares, and sees its home page."""
    return user.role == Role.ENTERPRISE and bool(user.enterprise_id) and not user.is_superuser


def reviews_declarations(user):
    """Staff who review declarations in the portal: county officials (初审), the bureau (复审) and admins."""
    return user.is_superuser or user.role in (Role.COUNTY, Role.REVIEWER, Role.ADMIN)
