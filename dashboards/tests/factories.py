"""Registry data for the dashboards, set up through the registry's own services."""

from datetime import date

from enterprises import services
from enterprises.models import AreaTarget
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate, figures
from policy.levels import Level
from policy.models import PolicyRecord


def srdi_firm(area, *, level=Level.MUNICIPAL, granted_on=date(2024, 3, 1), output=None, year=2024):
    enterprise = EnterpriseFactory(area=area)
    designate(enterprise, level, granted_on)
    if output is not None:
        figures(enterprise, year, output, 100_000)
    return enterprise


def target(area, year, n):
    return services.save_area_target(actor=SETUP, target=AreaTarget(area=area, year=year, new_municipal_target=n))


def set_baseline(*, baseline_date, count, output, count_years=2, output_years=3):
    PolicyRecord.objects.update(
        baseline_date=baseline_date, baseline_srdi_count=count, baseline_output_value=output,
        count_doubling_years=count_years, output_doubling_years=output_years,
    )
