"""The listing reserve workflow (clause 十) in one place: boards, stages and the allowed transitions."""

from django.db import models


class Board(models.TextChoices):
    BSE = "bse", "北交所"
    STAR = "star", "科创板"
    CHINEXT = "chinext", "创业板"
    NEEQ = "neeq", "新三板"


class ListingStage(models.TextChoices):
    IN_POOL = "in_pool", "入库培育"
    TUTORING = "tutoring", "辅导备案"
    ACCEPTED = "accepted", "申报受理"
    APPROVED = "approved", "审核通过/注册"
    LISTED = "listed", "上市/挂牌"
    WITHDRAWN = "withdrawn", "退出后备库"


# Every allowed move. Forward one step at a time; an application stopped or refused (终止审核) goes back to
# tutoring; any firm not yet listed may leave the pool, and a firm that left may re-enter (SRDI checked again).
TRANSITIONS = {
    ListingStage.IN_POOL: (ListingStage.TUTORING, ListingStage.WITHDRAWN),
    ListingStage.TUTORING: (ListingStage.ACCEPTED, ListingStage.WITHDRAWN),
    ListingStage.ACCEPTED: (ListingStage.APPROVED, ListingStage.TUTORING, ListingStage.WITHDRAWN),
    ListingStage.APPROVED: (ListingStage.LISTED, ListingStage.TUTORING, ListingStage.WITHDRAWN),
    ListingStage.LISTED: (),
    ListingStage.WITHDRAWN: (ListingStage.IN_POOL,),
}

# The reserve proper: firms being prepared. Listed firms have graduated; withdrawn firms have left.
ACTIVE_STAGES = (ListingStage.IN_POOL, ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED)


def allowed_next(stage):
    return TRANSITIONS[ListingStage(stage)]


def can_move(from_stage, to_stage):
    return ListingStage(to_stage) in allowed_next(from_stage)
