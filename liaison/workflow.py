"""The difficulty (困难诉求) flow: its states and the one table of allowed transitions."""

from django.db import models


class DifficultyStatus(models.TextChoices):
    OPEN = "open", "待受理"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已解决"
    ESCALATED = "escalated", "已提级协调"


# open → in progress → resolved / escalated; an escalated case comes back to be worked on or is resolved upstream.
TRANSITIONS = {
    DifficultyStatus.OPEN: (DifficultyStatus.IN_PROGRESS, DifficultyStatus.RESOLVED, DifficultyStatus.ESCALATED),
    DifficultyStatus.IN_PROGRESS: (DifficultyStatus.RESOLVED, DifficultyStatus.ESCALATED),
    DifficultyStatus.ESCALATED: (DifficultyStatus.IN_PROGRESS, DifficultyStatus.RESOLVED),
    DifficultyStatus.RESOLVED: (),
}

# The button a user presses to move a case into each state.
ACTION_LABELS = {
    DifficultyStatus.IN_PROGRESS: "受理办理",
    DifficultyStatus.RESOLVED: "办结（已解决）",
    DifficultyStatus.ESCALATED: "提级协调",
}


def allowed_transitions(status):
    return TRANSITIONS[DifficultyStatus(status)]


def can_transition(from_status, to_status):
    return DifficultyStatus(to_status) in allowed_transitions(from_status)


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    DROPPED = "dropped", "已取消"
