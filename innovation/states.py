"""(十三) The states of a 揭榜 match and the only ways it moves: one table, read by the services and the pages."""

from django.db import models


class MatchState(models.TextChoices):
    RECOMMENDED = "recommended", "推荐"
    NEGOTIATING = "negotiating", "对接中"
    SIGNED = "signed", "已签约"
    TRANSFERRED = "transferred", "已转化"
    FAILED = "failed", "未成"


# state -> the states it may move to. 未成 always needs a reason; 已转化 and 未成 are final.
TRANSITIONS = {
    MatchState.RECOMMENDED: (MatchState.NEGOTIATING, MatchState.FAILED),
    MatchState.NEGOTIATING: (MatchState.SIGNED, MatchState.FAILED),
    MatchState.SIGNED: (MatchState.TRANSFERRED, MatchState.FAILED),
    MatchState.TRANSFERRED: (),
    MatchState.FAILED: (),
}
# A demand counts as answered (获得对接) once one of its matches has gone beyond 推荐 into these.
ANSWERED_STATES = (MatchState.NEGOTIATING, MatchState.SIGNED, MatchState.TRANSFERRED)


def allowed_moves(state):
    return TRANSITIONS[MatchState(state)]


class Maturity(models.TextChoices):
    LAB = "lab", "实验室"
    PILOT_SMALL = "pilot_small", "小试"
    PILOT = "pilot", "中试"
    INDUSTRIAL = "industrial", "产业化"


class TransferMode(models.TextChoices):
    ASSIGNMENT = "assignment", "转让"
    LICENCE = "licence", "许可"
    EQUITY = "equity", "作价入股"
    JOINT = "joint", "合作开发"


class RenovationKind(models.TextChoices):
    # (十四) 新设备、新工艺、新材料、新产品、新模式
    EQUIPMENT = "equipment", "新设备"
    PROCESS = "process", "新工艺"
    MATERIAL = "material", "新材料"
    PRODUCT = "product", "新产品"
    MODEL = "model", "新模式"
