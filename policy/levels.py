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


def _bare(text):
    return (text or "").strip().replace('"', "").replace("“", "").replace("”", "")


class LevelNames:
    """What each level is called on a day. The national criteria editions name the first tier (创新型中小企业 under
    工信部企业〔2022〕63号, 科技和创新型中小企业 under 〔2026〕2号 from 2026-04-01); a title keeps the name in force on
    its grant date. Built from (effective_from, first_tier_name) pairs, so that a page naming many designations
    reads the editions once (policy.selectors.level_names)."""

    def __init__(self, first_tier_names):
        self._first_tier = sorted((start, name) for start, name in first_tier_names if name)

    def name(self, level, on):
        """The level's name on `on`: the edition that started last on or before it (before the first edition, the
        first), as policy.selectors.criteria_for picks it."""
        level = Level(level)
        if level != Level.INNOVATIVE or not self._first_tier:
            return level.label
        started = [name for start, name in self._first_tier if start <= on]
        return started[-1] if started else self._first_tier[0][1]

    def names(self, level):
        """Every name the level has had, its own label first (for messages listing what a file may say)."""
        level = Level(level)
        found = [level.label]
        if level == Level.INNOVATIVE:
            found += [name for _, name in self._first_tier if name not in found]
        return found

    def level_of(self, text):
        """The Level a file or form names — its label or code, or any edition's name for it — or None."""
        level = level_from_label(text)
        if level is not None:
            return level
        cleaned = _bare(text)
        return Level.INNOVATIVE if any(cleaned == _bare(name) for _, name in self._first_tier) else None


# The ladder an enterprise climbs one step at a time (clause 一): the tier check-up looks at the next step.
TIER_LADDER = (Level.INNOVATIVE, Level.MUNICIPAL, Level.REGIONAL, Level.LITTLE_GIANT)


def next_tier(current):
    """The next step up the ladder from `current` (a Level or None for no valid title), or None at the top
    (小巨人 or 单项冠军)."""
    if current is None:
        return TIER_LADDER[0]
    rank = RANK[Level(current)]
    return next((level for level in TIER_LADDER if RANK[level] > rank), None)
