"""What each role may do with the liaison models (rows are scoped separately, through enterprises.scoping).

"liaison.firmfile" is the one-firm-one-file page: a permission without a model of its own (LiaisonAssignment.Meta).
"""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

ADD_CHANGE_VIEW = ("add", "change", "view")
# (七) providers and service packages are kept by the bureau (市工业和信息化局) for the whole city; counties read them.
SERVICE_CATALOGUE_VIEW = {
    "liaison.serviceprovider": VIEW,
    "liaison.servicepackage": VIEW,
    "liaison.servicepackageitem": VIEW,
}
SERVICE_CATALOGUE_EDIT = {
    "liaison.serviceprovider": ALL_ACTIONS,
    "liaison.servicepackage": ALL_ACTIONS,
    "liaison.servicepackageitem": ALL_ACTIONS,
}

ROLE_PERMISSIONS = {
    Role.ENTERPRISE: {
        "liaison.firmfile": VIEW,
        "liaison.difficulty": ("add", "view"),
        "liaison.servicepackage": VIEW,  # (七) the packages offered to it (its own page, not the admin)
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
        **SERVICE_CATALOGUE_VIEW,
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
        "liaison.serviceprovider": VIEW,
        "liaison.servicepackage": VIEW,
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
        **SERVICE_CATALOGUE_EDIT,
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
        **SERVICE_CATALOGUE_EDIT,
    },
}
