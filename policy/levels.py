"""The tier ladder (clause 一): the five levels, their rank, and which count as SRDI / white list."""

from django.db import models


class Level(models.TextChoices):
    INNOVATIVE = "innovative", "创新型中小企业"
    MUNICIPAL = "municipal", "市级专精特新中小企业"
    REGIONAL = "regional", "自治区级专精特新中小企业"
    LITTLE_GIANT = "little_giant", "国家级专精特新小巨人企业"
    SINGLE_CHAMPION = "single_champion", "国家级制造业单项冠军企业"


# Higher is further up the ladder; "current tier" is the highest-ranked valid designation.
RANK = {
    Level.INNOVATIVE: 1,
    Level.MUNICIPAL: 2,
    Level.REGIONAL: 3,
    Level.LITTLE_GIANT: 4,
    Level.SINGLE_CHAMPION: 5,
}

# Municipal or higher: the SRDI enterprises of clause 一's white list.
WHITE_LIST_LEVELS = (Level.MUNICIPAL, Level.REGIONAL, Level.LITTLE_GIANT, Level.SINGLE_CHAMPION)
# Regional or higher: an earlier one of these bars the one-time recognition award (三).
REGIONAL_OR_HIGHER = (Level.REGIONAL, Level.LITTLE_GIANT, Level.SINGLE_CHAMPION)


def level_from_label(text):
    """Map an import/form label (Chinese name, quotes optional) or a code to a Level, or None."""
    cleaned = (text or "").strip().replace('"', "").replace("“", "").replace("”", "")
    for level in Level:
        if cleaned in (level.label, level.value):
            return level
    return None
