"""Demo data for (十三) and (十四): ten technology demands of Guilin firms, fifteen achievements of the city's
universities, matches in every state (one the enterprise asked for), and eight renovation projects. Everything
goes through the services as the actor seed_demo names; a second run creates nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from enterprises.models import Enterprise
from enterprises.selectors import with_current_tier
from policy.levels import Level
from vocabulary.models import Category, Term

from . import services
from .models import Match, RenovationProject, TechAchievement, TechDemand
from .states import MatchState, Maturity, RenovationKind, TransferMode

# (name, 技术领域, description, 拟投入（万元）, days to the deadline from today — negative: already past, the trade of
# the firm that files it; the first and the fourth are the demo enterprise user's own)
DEMANDS = [
    ("高精度光纤连接器自动化组装", "光电子与光通信", "光纤连接器插芯与尾柄的自动化组装，要求同轴度控制在 1 微米以内，替代人工装配。", "300", 120, "精密机械"),
    ("橡胶制品低碳硫化工艺", "橡胶与高分子材料", "现有轮胎及橡胶密封件硫化能耗高，寻求低温连续硫化等低碳工艺，降低能耗三成。", "500", 200, "橡胶制品"),
    ("罗汉果甜苷高效提取", "中药民族药", "提高罗汉果甜苷提取收率和纯度，减少有机溶剂用量，适配规模化生产。", "200", -30, "中药科技"),
    ("数控机床主轴热变形补偿", "数控机床", "高速加工中心主轴温升导致加工精度漂移，需要热变形建模与实时补偿算法。", "150", 90, "精密机械"),
    ("工业设备预测性维护平台", "工业互联网", "基于振动与电流数据的设备故障预警，接入现有 MES 系统。", "120", -10, "智能装备"),
    ("电子元器件外观缺陷智能检测", "人工智能", "贴片元器件外观缺陷的机器视觉检测，漏检率低于万分之一。", "180", 60, "电子科技"),
    ("医用导管表面亲水涂层", "医疗器械", "医用导管亲水润滑涂层的配方与涂覆工艺，满足生物相容性要求。", "260", 150, "生物医药"),
    ("锂电池极片激光切割", "新能源", "锂电池极片激光模切毛刺控制与切割速度提升。", None, -45, "汽车零部件"),
    ("桂林米粉保鲜与防断条", "生态食品", "鲜湿米粉常温保鲜期短、易断条，寻求保鲜与改良工艺。", "80", 100, "食品科技"),
    ("电线电缆低烟无卤护套料", "新材料", "低烟无卤阻燃护套料的配方开发，兼顾阻燃与机械性能。", "220", 180, "电气"),
]
# (name, 完成单位, 技术领域, summary, maturity, transfer mode)
ACHIEVEMENTS = [
    ("光纤连接器自动化装配视觉定位系统", "桂林电子科技大学", "光电子与光通信", "基于机器视觉的光纤插芯自动化装配与同轴度在线检测。",
     Maturity.PILOT, TransferMode.LICENCE),
    ("高速光模块自动耦合封装工艺", "桂林电子科技大学", "光电子与光通信", "光模块自动耦合与封装，良率提升至 98%。",
     Maturity.INDUSTRIAL, TransferMode.JOINT),
    ("电子元器件缺陷深度学习检测算法", "桂林电子科技大学", "人工智能", "面向贴片元器件外观缺陷的深度学习机器视觉检测。",
     Maturity.PILOT, TransferMode.LICENCE),
    ("设备振动信号故障预警模型", "桂林电子科技大学", "工业互联网", "基于振动与电流信号的设备故障预警与预测性维护。",
     Maturity.PILOT_SMALL, TransferMode.JOINT),
    ("橡胶低温连续硫化成套工艺", "桂林理工大学", "橡胶与高分子材料", "低碳节能的橡胶低温连续硫化工艺，硫化能耗降低约 30%。",
     Maturity.PILOT, TransferMode.ASSIGNMENT),
    ("高分子阻燃低烟无卤复合材料", "桂林理工大学", "新材料", "低烟无卤阻燃护套料配方，氧指数高、力学性能好。",
     Maturity.INDUSTRIAL, TransferMode.ASSIGNMENT),
    ("机床主轴热误差建模与补偿技术", "桂林理工大学", "数控机床", "主轴热变形建模与实时补偿，加工精度提升 40%。",
     Maturity.PILOT_SMALL, TransferMode.LICENCE),
    ("锂电池极片超快激光切割技术", "桂林理工大学", "新能源", "超快激光切割锂电池极片，毛刺小于 10 微米。",
     Maturity.LAB, TransferMode.JOINT),
    ("罗汉果甜苷膜分离提取技术", "广西师范大学", "中药民族药", "罗汉果甜苷膜分离与大孔树脂纯化，提取收率高、溶剂用量少。",
     Maturity.INDUSTRIAL, TransferMode.EQUITY),
    ("罗汉果黄酮综合利用工艺", "广西师范大学", "中药民族药", "罗汉果果渣中黄酮的提取与综合利用。",
     Maturity.PILOT_SMALL, TransferMode.ASSIGNMENT),
    ("鲜湿米粉生物保鲜技术", "广西师范大学", "生态食品", "鲜湿米粉天然生物保鲜，常温保鲜期延长至 7 天，减少断条。",
     Maturity.PILOT, TransferMode.LICENCE),
    ("医用导管亲水润滑涂层", "桂林医学院", "医疗器械", "医用导管表面亲水润滑涂层，生物相容性好、摩擦系数低。",
     Maturity.PILOT, TransferMode.JOINT),
    ("可降解医用高分子材料", "桂林医学院", "医疗器械", "可降解医用高分子材料的合成与加工。",
     Maturity.LAB, TransferMode.JOINT),
    ("中药民族药质量标准研究平台", "桂林医学院", "中药民族药", "中药民族药有效成分检测与质量标准研究。",
     Maturity.INDUSTRIAL, TransferMode.JOINT),
    ("智能制造产线数字孪生系统", "桂林电子科技大学", "智能制造", "产线数字孪生与生产过程仿真优化。",
     Maturity.PILOT_SMALL, TransferMode.LICENCE),
]
# (demand index, achievement index, final state, reason if 未成, the enterprise asked for it)
MATCHES = [
    (0, 0, MatchState.TRANSFERRED, "", False),
    (1, 4, MatchState.SIGNED, "", False),
    (2, 8, MatchState.NEGOTIATING, "", True),
    (3, 6, MatchState.RECOMMENDED, "", True),
    (4, 3, MatchState.FAILED, "企业已选用设备厂商自带的监测方案", False),
    (5, 2, MatchState.NEGOTIATING, "", False),
    (6, 11, MatchState.RECOMMENDED, "", False),
    (9, 5, MatchState.SIGNED, "", False),
]
ROUTE = [MatchState.NEGOTIATING, MatchState.SIGNED, MatchState.TRANSFERRED]
# (name, kind, 总投资（万元）, months before today it started, the firm's trade, the tier it should hold today): every
# tier appears, so the list shows SRDI firms first whatever their investment.
PROJECTS = [
    ("光纤连接器智能装配线改造", RenovationKind.EQUIPMENT, "1200", 2, "光电科技", Level.LITTLE_GIANT),
    ("橡胶制品绿色硫化工艺改造", RenovationKind.PROCESS, "860", 3, "橡胶制品", Level.MUNICIPAL),
    ("罗汉果甜苷提取车间数字化改造", RenovationKind.MODEL, "650", 4, "中药科技", Level.REGIONAL),
    ("高性能阻燃电缆料产线", RenovationKind.MATERIAL, "1500", 5, "新材料科技", Level.INNOVATIVE),
    ("精密数控加工中心更新", RenovationKind.EQUIPMENT, "420", 1, "精密机械", Level.MUNICIPAL),
    ("新一代光模块产品产业化", RenovationKind.PRODUCT, "2300", 6, "电子科技", None),
    ("米粉生产线自动化改造", RenovationKind.EQUIPMENT, "380", 2, "食品科技", Level.LITTLE_GIANT),
    ("医用导管涂层新工艺应用", RenovationKind.PROCESS, "510", 8, "生物医药", Level.MUNICIPAL),
]
DEMO_FIRM_DEMANDS = (0, 3)


def _firms():
    """Every enterprise with its tier today, and the demo enterprise user's firm (the first municipal one, as
    seed_demo binds it)."""
    firms = list(with_current_tier(Enterprise.objects.select_related("area")).order_by("pk"))
    demo_firm = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    return firms, demo_firm


def _pick(firms, trade, tier, used):
    """A firm of `trade` (in its name) holding `tier` today (None: no valid title), one not used yet if there is one;
    failing that, any firm of the trade."""
    of_trade = [f for f in firms if trade in f.name] or firms
    wanted = [f for f in of_trade if f.current_tier == tier] or of_trade
    return next((f for f in wanted if f.pk not in used), wanted[0])


def seed(*, actor, rng):
    firms, demo_firm = _firms()
    if not firms:
        return "企业库为空，跳过产学研对接与技术改造演示数据"
    today = timezone.localdate()
    fields = {t.name: t for t in Term.objects.filter(category=Category.TECH_FIELD)}
    demands, new_demands, used = [], 0, set()
    for index, (name, field, description, budget, days, trade) in enumerate(DEMANDS):
        existing = TechDemand.objects.filter(name=name).select_related("enterprise").first()
        if existing:
            demands.append(existing)
            continue
        if index in DEMO_FIRM_DEMANDS and demo_firm:
            firm = demo_firm
        else:
            firm = _pick(firms, trade, Level.MUNICIPAL, used)
            used.add(firm.pk)
        demands.append(services.save_record_as_staff(actor=actor, record=TechDemand(
            enterprise=firm, name=name, field=fields[field], description=description,
            budget_wan=Decimal(budget) if budget else None, deadline=today + timedelta(days=days),
        )))
        new_demands += 1
    achievements, new_achievements = [], 0
    for name, institution, field, summary, maturity, mode in ACHIEVEMENTS:
        found = TechAchievement.objects.filter(name=name, institution=institution).first()
        if found is None:
            found = services.save_achievement(actor=actor, achievement=TechAchievement(
                name=name, institution=institution, field=fields[field], summary=summary, maturity=maturity,
                transfer_mode=mode,
            ))
            new_achievements += 1
        achievements.append(found)
    new_matches = 0
    for demand_index, achievement_index, state, reason, interested in MATCHES:
        demand, achievement = demands[demand_index], achievements[achievement_index]
        if Match.objects.filter(demand=demand, achievement=achievement).exists():
            continue
        match = services.recommend(actor=actor, demand=demand, achievement=achievement, similarity="0.3")
        if interested:  # the demo stands in for the enterprise's “有意向” click (its user is bound after the seeds)
            Match.objects.filter(pk=match.pk).update(enterprise_interested=True, interested_at=timezone.now())
        for step in ROUTE if state != MatchState.FAILED else ROUTE[:1]:
            if state == MatchState.RECOMMENDED:
                break
            match = services.move_match(actor=actor, match=match, to_state=step)
            if step == state:
                break
        if state == MatchState.FAILED:
            services.move_match(actor=actor, match=match, to_state=MatchState.FAILED, reason=reason)
        new_matches += 1
    new_projects = 0
    for name, kind, investment, months, trade, tier in PROJECTS:
        if RenovationProject.objects.filter(name=name).exists():
            continue
        firm = _pick(firms, trade, tier, used)
        used.add(firm.pk)
        services.save_record_as_staff(actor=actor, record=RenovationProject(
            enterprise=firm, name=name, kind=kind, investment_wan=Decimal(investment),
            started_on=max(today.replace(month=1, day=1), today - timedelta(days=30 * months)),
        ))
        new_projects += 1
    return (f"技术需求新建 {new_demands} 条，技术成果新建 {new_achievements} 条，揭榜对接新建 {new_matches} 条，"
            f"技术改造项目新建 {new_projects} 条")
