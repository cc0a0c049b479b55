"""What each role may do with the talent models (rows are scoped separately, through enterprises.scoping).

(十七) talents are personal data: only the system administrators hold any permission on them; the enterprise sees
its own through its portal page, everyone else counts by 人才层次 (talent.selectors)."""

from enterprises.roles import ALL_ACTIONS, Role

ROLE_PERMISSIONS = {
    # Counties confirm or return what their enterprises filed (change) and import their area's survey (add);
    # "directory" is the 急需紧缺人才需求目录 page (the permission talent.directory_talentneed).
    Role.COUNTY: {"talent.talentneed": ("add", "change", "view", "directory")},
    Role.REVIEWER: {"talent.talentneed": (*ALL_ACTIONS, "directory")},
    Role.ADMIN: {
        "talent.talentneed": (*ALL_ACTIONS, "directory"),
        "talent.talent": ALL_ACTIONS,
    },
}
