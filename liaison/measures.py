"""The eighteen numbered measures of the policy text, as a support-plan item cites them (一企一策)."""

from django.db import models


class Measure(models.IntegerChoices):
    GRADED_CULTIVATION = 1, "（一）明确优质企业梯队培育机制"
    DOUBLING_PLAN = 2, "（二）推进“专精特新”中小企业倍增计划"
    UPGRADE = 3, "（三）支持企业优化升级"
    FAST_GROWTH = 4, "（四）激励企业快速增长"
    ENERGY = 5, "（五）优先保障用能需求"
    LOGISTICS = 6, "（六）支持企业降低物流成本"
    SERVICE_PLATFORMS = 7, "（七）提升基地、平台载体发展能级"
    PRECISE_SERVICE = 8, "（八）推动精准服务"
    CREDIT = 9, "（九）完善信贷支持政策"
    LISTING = 10, "（十）畅通市场化融资渠道"
    INDUSTRY_CHAIN = 11, "（十一）强化产业链保障"
    LARGE_SMALL_SYNERGY = 12, "（十二）推动大中小企业融通发展"
    INDUSTRY_ACADEMIA = 13, "（十三）推动产学研协同创新"
    TECH_RENOVATION = 14, "（十四）加快技术改造提升"
    QUALITY_BRAND = 15, "（十五）推进质量品牌提升"
    TALENT_TRAINING = 16, "（十六）优化企业人才培训模式"
    HIGH_END_TALENT = 17, "（十七）激励高端人才落户桂林"
    MARKETS = 18, "（十八）鼓励企业拓展市场"
