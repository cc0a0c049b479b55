"""Demo financial support (九): about 60 records for white-list enterprises in 2025 and 2026, across the seven kinds
and a handful of banks and insurers. Through the service; a second run creates nothing."""

from datetime import date, timedelta
from decimal import Decimal

from enterprises.models import User
from enterprises.selectors import today, white_list

from . import services
from .models import FinanceSupport

K = FinanceSupport.Kind
INSTITUTIONS = {
    K.INTEREST_SUBSIDY: ["桂林银行", "中国工商银行桂林分行", "广西农信"],
    K.RELENDING: ["桂林银行", "广西农信", "中国农业银行桂林分行"],
    K.GUARANTEE_COMPENSATION: ["桂林市融资担保有限公司", "桂林银行", "中国工商银行桂林分行"],
    K.LOAN_COMPENSATION: ["桂林银行", "中国工商银行桂林分行", "广西农信", "中国建设银行桂林分行"],
    K.INSURANCE: ["中国人民财产保险桂林市分公司", "中国太平洋财产保险桂林中心支公司"],
    K.RECEIVABLES: ["中国工商银行桂林分行", "桂林银行"],
    K.SUPPLY_CHAIN: ["桂林银行", "中国建设银行桂林分行"],
}
# (low, high) in 万元
AMOUNTS = {
    K.INTEREST_SUBSIDY: (3, 60), K.RELENDING: (200, 2000), K.GUARANTEE_COMPENSATION: (100, 1000),
    K.LOAN_COMPENSATION: (100, 1500), K.INSURANCE: (1, 30), K.RECEIVABLES: (100, 800), K.SUPPLY_CHAIN: (200, 1200),
}
NOTES = {K.INTEREST_SUBSIDY: "“桂惠贷”贴息", K.RELENDING: "支小再贷款专项计划", K.INSURANCE: "知识产权保险"}
PLAN = ((2025, 28), (2026, 32))


def seed(*, actor, rng):
    if FinanceSupport.objects.exists():
        return "金融支持演示数据已存在，新建 0 条"
    officer = User.objects.filter(username="jinrong").first() or actor
    now, created, seen = today(), 0, set()
    kinds = list(K)
    for year, count in PLAN:
        last = min(date(year, 12, 31), now)
        firms = list(white_list(on=date(year, 6, 30)).order_by("pk"))
        if not firms or last < date(year, 1, 1):
            continue
        for index in range(count):
            enterprise = firms[rng.randrange(len(firms))]
            kind = kinds[index % len(kinds)]
            institution = rng.choice(INSTITUTIONS[kind])
            granted_on = date(year, 1, 1) + timedelta(days=rng.randrange((last - date(year, 1, 1)).days + 1))
            key = (enterprise.pk, kind, institution, granted_on)
            if key in seen:
                continue
            seen.add(key)
            low, high = AMOUNTS[kind]
            services.record_finance_support(
                actor=officer, enterprise=enterprise, kind=kind, institution=institution,
                amount_wan=Decimal(rng.randrange(low * 100, high * 100)) / 100, granted_on=granted_on,
                note=NOTES.get(kind, ""),
            )
            created += 1
    return f"金融支持新建 {created} 条"
