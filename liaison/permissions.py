"""What each role may do with the liaison models (rows are scoped separately, through enterprises.scoping).

"liaison.firmfile" is the one-firm-one-file page: a permission without a model of its own (LiaisonAssignment.Meta).
"""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

ADD_CHANGE_VIEW = ("add", "change", "view")

ROLE_PERMISSIONS = {
    Role.ENTERPRISE: {
        "liaison.firmfile": VIEW,
        "liaison.difficulty": ("add", "view"),
    },
    Role.COUNTY: {
        "liaison.firmfile": VIEW,
        "liaison.liaisonassignment": ADD_CHANGE_VIEW,
        "liaison.unassignedenterprise": VIEW,
        "liaison.visit": VIEW,
        "liaison.difficulty": ADD_CHANGE_VIEW,
        "liaison.supportplan": ADD_CHANGE_VIEW,
        "liaison.supportplanitem": ALL_ACTIONS,
        "liaison.dutyoutcome": VIEW,
        "liaison.trainingevent": VIEW,
        "liaison.trainingattendance": VIEW,
        "liaison.servicerecord": ADD_CHANGE_VIEW,
    },
    Role.LIAISON: {
        "liaison.firmfile": VIEW,
        "liaison.liaisonassignment": VIEW,
        "liaison.visit": ADD_CHANGE_VIEW,
        "liaison.difficulty": ADD_CHANGE_VIEW,
        "liaison.supportplan": ADD_CHANGE_VIEW,
        "liaison.supportplanitem": ALL_ACTIONS,
        "liaison.trainingattendance": VIEW,
        "liaison.servicerecord": ADD_CHANGE_VIEW,
    },
    Role.REVIEWER: {
        "liaison.firmfile": VIEW,
        "liaison.liaisonassignment": VIEW,
        "liaison.unassignedenterprise": VIEW,
        "liaison.visit": VIEW,
        "liaison.difficulty": ADD_CHANGE_VIEW,
        "liaison.supportplan": VIEW,
        "liaison.supportplanitem": VIEW,
        "liaison.dutyoutcome": ("change", "view"),
        "liaison.trainingevent": ALL_ACTIONS,
        "liaison.trainingattendance": ALL_ACTIONS,
        "liaison.servicerecord": ALL_ACTIONS,
    },
    Role.ADMIN: {
        "liaison.firmfile": VIEW,
        "liaison.liaisonassignment": ALL_ACTIONS,
        "liaison.unassignedenterprise": VIEW,
        "liaison.visit": ALL_ACTIONS,
        "liaison.difficulty": ALL_ACTIONS,
        "liaison.supportplan": ALL_ACTIONS,
        "liaison.supportplanitem": ALL_ACTIONS,
        "liaison.dutyoutcome": ("change", "view"),
        "liaison.trainingevent": ALL_ACTIONS,
        "liaison.trainingattendance": ALL_ACTIONS,
        "liaison.servicerecord": ALL_ACTIONS,
    },
}
