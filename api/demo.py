"""Demo institutions of the open interfaces: the bank and the power supplier the finance demo pushes lists to, and
the tax office and the statistics bureau that report figures. Seeded before the finance demo, so its pushes go to
registered institutions. No token is made: a token is shown once, by manage.py create_api_token. A second run adds
nothing."""

from . import services
from .models import Institution

INSTITUTIONS = (
    ("桂林银行股份有限公司", Institution.Kind.BANK, "", ""),
    ("广西电网有限责任公司桂林供电局", Institution.Kind.SUPPLIER, Institution.Supplies.POWER, ""),
    ("国家税务总局桂林市税务局", Institution.Kind.DEPARTMENT, "", "tax"),
    ("桂林市统计局", Institution.Kind.DEPARTMENT, "", "statistics"),
)


def seed(*, actor, rng):
    before = Institution.objects.count()
    for name, kind, supplies, source in INSTITUTIONS:
        services.register_institution(actor=actor, name=name, kind=kind, supplies=supplies, figure_source=source)
    created = Institution.objects.count() - before
    return f"接口机构：新建 {created} 家（令牌请用 manage.py create_api_token 签发，只显示一次）"
