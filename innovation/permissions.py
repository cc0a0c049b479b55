"""What each role may do with the innovation records (rows are scoped separately, through enterprises.scoping).

Enterprises file their demands and renovation projects; counties confirm them (change), import their area's and
follow the matches of their area; the bureau keeps the achievement catalogue and makes and moves the matches (十三's 市科技局、市教育局
work through the bureau's accounts)."""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

ADD_CHANGE_VIEW = ("add", "change", "view")

ROLE_PERMISSIONS = {
    Role.ENTERPRISE: {
        "innovation.techdemand": ADD_CHANGE_VIEW,
        "innovation.renovationproject": ADD_CHANGE_VIEW,
    },
    Role.COUNTY: {
        "innovation.techdemand": ADD_CHANGE_VIEW,
        "innovation.renovationproject": ADD_CHANGE_VIEW,
        "innovation.techachievement": VIEW,
        "innovation.match": VIEW,
    },
    Role.LIAISON: {  # an officer follows the demands and projects of the enterprises assigned to it
        "innovation.techdemand": VIEW,
        "innovation.renovationproject": VIEW,
        "innovation.techachievement": VIEW,
    },
    Role.REVIEWER: {
        "innovation.techdemand": ADD_CHANGE_VIEW,
        "innovation.renovationproject": ADD_CHANGE_VIEW,
        "innovation.techachievement": ADD_CHANGE_VIEW,
        "innovation.match": ADD_CHANGE_VIEW,
    },
    Role.ADMIN: {
        "innovation.techdemand": ALL_ACTIONS,
        "innovation.renovationproject": ALL_ACTIONS,
        "innovation.techachievement": ALL_ACTIONS,
        "innovation.match": ALL_ACTIONS,
    },
}
