"""Who may do what with awards. Model permissions feed the role groups; the predicates guard the services.

reviewer (市工业和信息化局审核): the whole city — recompute, notify, approve/reject, public notice, archive.
finance (市财政局): the whole city — view, record payments.
county (县（市、区）工信部门): its own area, read-only (rows scoped by enterprises.scoping).
admin (系统管理员): everything, including the policy records.

The predicates take a user or an audit.SystemActor (beat, demo, command): a system actor is active, authenticated
and a superuser with no role, so it passes every predicate, as the bureau would.
"""

from django.core.exceptions import PermissionDenied

from enterprises.roles import ALL_ACTIONS, VIEW, Role

ROLE_PERMISSIONS = {
    Role.COUNTY: {"awards.award": VIEW, "policy.policyrecord": VIEW},
    Role.REVIEWER: {
        "policy.policyrecord": VIEW,
        "awards.award": ("view", "change"),
        "awards.recomputerun": ("add", "view"),
        "awards.awardobjection": ("view", "change"),
        "awards.paymentbatch": VIEW,
        "awards.awardrecovery": VIEW,
        "awards.awardbudget": ALL_ACTIONS,
    },
    Role.FINANCE: {"policy.policyrecord": VIEW, "awards.award": ("view", "change"), "awards.recomputerun": VIEW,
                   "awards.paymentbatch": ("add", "view", "change"), "awards.awardrecovery": ("view", "change"), "awards.awardbudget": VIEW},
    Role.ADMIN: {"policy.policyrecord": ALL_ACTIONS, "awards.award": ("view", "change"),
                 "awards.recomputerun": ("add", "view"), "awards.awardobjection": ("view", "change"),
                 "awards.paymentbatch": ("add", "view", "change"), "awards.awardrecovery": ("view", "change"),
                 "awards.awardbudget": ALL_ACTIONS},
}

REVIEW_ROLES = (Role.REVIEWER, Role.ADMIN)
PAY_ROLES = (Role.FINANCE, Role.ADMIN)


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def can_review(user):
    return _active(user) and (user.is_superuser or user.role in REVIEW_ROLES)


def can_pay(user):
    return _active(user) and (user.is_superuser or user.role in PAY_ROLES)


def sees_full_account(user, award):
    """Who pays sees the account it pays to (财政局, admins); the enterprise sees its own; everyone else the mask."""
    return can_pay(user) or _active(user) and user.role == Role.ENTERPRISE and user.enterprise_id == award.enterprise_id


def can_recompute(user):
    return can_review(user)


def can_confirm(user, award):
    """The enterprise itself; or a bureau reviewer entering a confirmation the enterprise gave on paper (代录)."""
    if not _active(user):
        return False
    return user.role == Role.ENTERPRISE and user.enterprise_id == award.enterprise_id or can_review(user)


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)
