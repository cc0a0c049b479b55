"""What each role may do with the markets records (rows are scoped separately, through enterprises.scoping).
Enterprises file their honours, fairs and online sales themselves; the county confirms them (change) and may import
its own area's; logistics support (六) is the bureau's import only."""

from enterprises.roles import ALL_ACTIONS, VIEW, Role

ADD_CHANGE_VIEW = ("add", "change", "view")
FILED = ("markets.honour", "markets.fairparticipation", "markets.onlinesales")
ALL = ("markets.logisticssupport", *FILED)

ROLE_PERMISSIONS = {
    Role.ENTERPRISE: {model: ADD_CHANGE_VIEW for model in FILED},
    Role.COUNTY: {"markets.logisticssupport": VIEW, **{model: ADD_CHANGE_VIEW for model in FILED}},
    Role.LIAISON: {model: VIEW for model in ALL},
    Role.REVIEWER: {model: ALL_ACTIONS for model in ALL},
    Role.ADMIN: {model: ALL_ACTIONS for model in ALL},
}
