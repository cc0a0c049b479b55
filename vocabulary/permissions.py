"""Who keeps the vocabularies: the bureau; counties view them (they confirm the records that name them)."""

from enterprises.roles import VIEW, Role

ADD_CHANGE_VIEW = ("add", "change", "view")

ROLE_PERMISSIONS = {
    Role.COUNTY: {"vocabulary.term": VIEW},
    Role.REVIEWER: {"vocabulary.term": ADD_CHANGE_VIEW},
    Role.ADMIN: {"vocabulary.term": ADD_CHANGE_VIEW},
}
