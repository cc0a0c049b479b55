"""Pure rules of the chain records: reading the spreadsheet words, grouping links into chains, the gap reasons."""

from dataclasses import dataclass, field
from decimal import Decimal

from enterprises.cells import CellError, money, text

from .models import MemberRole, Position

YES_NO = {"是": True, "否": False}
POSITIONS = {label: value for value, label in Position.choices}
ROLES = {label: value for value, label in MemberRole.choices}
WEAK_REASON = "薄弱环节"
NO_SRDI_REASON = "无本地专精特新企业"


def position(value):
    found = POSITIONS.get(text(value))
    if found is None:
        raise CellError(f"环节位置“{text(value)}”无效，应为以下之一：{'、'.join(POSITIONS)}")
    return found


def yes_no(value):
    found = YES_NO.get(text(value))
    if found is None:
        raise CellError(f"“{text(value)}”无效，应填“是”或“否”")
    return found


def member_role(value):
    found = ROLES.get(text(value))
    if found is None:
        raise CellError(f"角色“{text(value)}”无效，应为以下之一：{'、'.join(ROLES)}")
    return found


def percentage(value):
    """A share in percent, 0 to 100 with at most two decimals (`35`, `35.5`, an Excel number)."""
    try:
        share = money(value)
    except CellError:
        raise CellError(f"国内市场占有率“{text(value)}”应为 0 到 100 之间的数字（单位：%）") from None
    if share > Decimal("100"):
        raise CellError(f"国内市场占有率“{text(value)}”超过 100%")
    return share


@dataclass
class LinkView:
    """One link on the chain map: the link and its members (each with `.tier` and `.tier_name`), best tier first."""

    link: object
    members: list = field(default_factory=list)
    srdi_count: int = 0

    @property
    def gap_reasons(self):
        reasons = [WEAK_REASON] if self.link.weak else []
        if not self.srdi_count:
            reasons.append(NO_SRDI_REASON)
        return reasons


@dataclass
class ChainView:
    name: str
    links: list = field(default_factory=list)  # LinkView, upstream to downstream


def group_chains(links, members_by_link):
    """[ChainView] from links ordered by chain then position, and {link id: [member]}: links in the given order."""
    chains = {}
    for link in links:
        chain = chains.setdefault(link.chain, ChainView(link.chain))
        members = members_by_link.get(link.pk, [])
        chain.links.append(LinkView(link, members, sum(1 for m in members if m.srdi)))
    return list(chains.values())
