"""Demo chain data (十一, 十二): two chains with weak links, SRDI members (a chain leader each), a dozen products,
four purchase plans and recommendations in every outcome. Everything goes through the services; a second run
creates nothing."""

from datetime import timedelta
from decimal import Decimal

from enterprises.selectors import today, white_list
from vocabulary.models import Category, Term

from . import selectors, services
from .models import (
    ChainLink,
    ChainMember,
    MemberRole,
    Outcome,
    Position,
    Procurement,
    ProcurementRecommendation,
    Product,
)

ELECTRONICS, EQUIPMENT = "桂林电子信息产业链", "先进装备制造产业链"
LINKS = [
    (ELECTRONICS, "电子元器件", Position.UPSTREAM, False, ""),
    (ELECTRONICS, "光通信器件", Position.MIDSTREAM, True, "高速光芯片、光模块核心器件依赖外地配套"),
    (ELECTRONICS, "智能终端", Position.DOWNSTREAM, False, ""),
    (EQUIPMENT, "数控机床功能部件", Position.UPSTREAM, False, ""),
    (EQUIPMENT, "汽车零部件", Position.MIDSTREAM, True, "制动、转向等关键总成本地配套率低"),
    (EQUIPMENT, "工程机械整机", Position.DOWNSTREAM, False, ""),
]
# (firm index among the white list, chain, link, role)
MEMBERS = [
    (0, ELECTRONICS, "智能终端", MemberRole.LEADER),
    (1, EQUIPMENT, "工程机械整机", MemberRole.LEADER),
    (2, ELECTRONICS, "电子元器件", MemberRole.SUPPLIER),
    (3, ELECTRONICS, "电子元器件", MemberRole.SUPPLIER),
    (4, ELECTRONICS, "光通信器件", MemberRole.SUPPLIER),
    (5, EQUIPMENT, "数控机床功能部件", MemberRole.SUPPLIER),
    (6, EQUIPMENT, "数控机床功能部件", MemberRole.SUPPLIER),
    (7, ELECTRONICS, "智能终端", MemberRole.SUPPLIER),
]
# (firm index, product, category, segment, domestic share %)
PRODUCTS = [
    (2, "片式多层陶瓷电容器", "电子元器件", "消费电子", "18.00"),
    (3, "精密薄膜电阻", "电子元器件", "工业控制", "9.50"),
    (3, "压敏电阻", "电子元器件", "", None),
    (4, "光纤连接器", "光通信器件", "数据中心光互连", "6.00"),
    (4, "平面光波导分路器", "光通信器件", "光纤接入", "4.20"),
    (7, "加固型工业平板", "智能终端", "工业移动终端", None),
    (5, "数控回转工作台", "数控机床及功能部件", "五轴加工中心", "12.00"),
    (6, "高速电主轴", "数控机床及功能部件", "", "7.80"),
    (6, "斗笠式刀库", "数控机床及功能部件", "", None),
    (8, "盘式制动卡钳", "汽车零部件", "商用车", "3.10"),
    (9, "液压减振器", "汽车零部件", "", "2.50"),
    (8, "工程机械液压油缸", "工程机械及零部件", "挖掘机", "5.00"),
]
# (purchaser index, plan, category, amount 万元, days to deadline, outcomes of the top candidates)
PLANS = [
    (0, "智能终端主板元器件年度采购", "电子元器件", "1200", 120, [(Outcome.SIGNED, "已签订年度框架协议"),
                                                           (Outcome.IN_CONTACT, "")]),
    (0, "光模块配套器件采购", "光通信器件", "450", 90, [(Outcome.FAILED, "技术指标未达到采购要求")]),
    (1, "整机用数控功能部件采购", "数控机床及功能部件", "800", 150, [(Outcome.SIGNED, "首批订单已交付"),
                                                               (Outcome.IN_CONTACT, "样品测试中")]),
    (1, "底盘制动部件采购", "汽车零部件", "300", 60, [(Outcome.IN_CONTACT, "")]),
]


def seed(*, actor, rng):
    # The firms are picked from today's white list, which later demos (renewals) change: once the demo chains are
    # there, a second run leaves them as they are rather than picking other firms.
    if ChainLink.objects.filter(chain__in=(ELECTRONICS, EQUIPMENT)).exists():
        return "产业链演示数据已存在：新建 0 条"
    firms = list(white_list(on=today()).order_by("pk")[:10])
    if len(firms) < 2:
        return "白名单企业不足，跳过产业链演示数据"
    created = {"links": 0, "members": 0, "products": 0, "plans": 0, "recommendations": 0}
    links = {}
    for chain, name, position, weak, note in LINKS:
        link = ChainLink.objects.filter(chain=chain, name=name).first()
        if link is None:
            link = services.save_link(actor=actor, link=ChainLink(chain=chain, name=name, position=position,
                                                                  weak=weak, gap_note=note))
            created["links"] += 1
        links[(chain, name)] = link

    def firm(index):
        return firms[index % len(firms)]

    for index, chain, name, role in MEMBERS:
        enterprise, link = firm(index), links[(chain, name)]
        if not ChainMember.objects.filter(enterprise=enterprise, link=link).exists():
            services.save_member(actor=actor, member=ChainMember(enterprise=enterprise, link=link, role=role))
            created["members"] += 1
    categories = {t.name: t for t in Term.objects.filter(category=Category.PRODUCT_CATEGORY)}
    for index, name, category, segment, share in PRODUCTS:
        enterprise = firm(index)
        if not Product.objects.filter(enterprise=enterprise, name=name).exists():
            services.save_product(actor=actor, product=Product(
                enterprise=enterprise, name=name, category=categories[category], segment=segment,
                domestic_share=Decimal(share) if share else None,
            ))
            created["products"] += 1
    for index, title, category, amount, days, outcomes in PLANS:
        purchaser = firm(index)
        plan = Procurement.objects.filter(enterprise=purchaser, title=title).first()
        if plan is None:
            plan = services.save_procurement(actor=actor, plan=Procurement(
                enterprise=purchaser, title=title, category=categories[category], amount_wan=Decimal(amount),
                deadline=today() + timedelta(days=days),
            ))
            created["plans"] += 1
        for candidate, (outcome, note) in zip(selectors.recommend(plan), outcomes, strict=False):
            if candidate.recommendation is not None:
                continue
            sent = services.recommend(actor=actor, plan=plan, enterprise=candidate, note="按梯度与市场占有率推荐")
            if outcome != Outcome.IN_CONTACT or note:
                services.record_outcome(actor=actor, recommendation=sent, outcome=outcome, note=note)
            created["recommendations"] += 1
    return (f"产业链环节 新建 {created['links']} 条，链上企业 新建 {created['members']} 条，"
            f"产品 新建 {created['products']} 条，采购计划 新建 {created['plans']} 条，"
            f"对接推荐 新建 {created['recommendations']} 条（共 {ProcurementRecommendation.objects.count()} 条）")
