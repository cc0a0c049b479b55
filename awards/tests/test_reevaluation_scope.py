"""What one registry write re-evaluates: a write of annual figures only judges the growth results those figures feed
((四) for year Y reads the figures of Y and Y - 1) and never the recognition result ((三) reads designations only);
a designation write re-evaluates everything. Each stored result's fingerprint is spoilt first, so that a result the
write re-evaluated has its fingerprint back and one it left alone still reads "stale"."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from audit import BEAT
from awards import tasks
from awards.models import Award, AwardEvent
from awards.recompute import reevaluate_enterprises
from awards.states import AwardKind
from enterprises import services
from enterprises.models import AnnualFigures
from enterprises.tests.factories import designate, figures
from enterprises.tests.files import FIGURES_HEADERS, write_file
from policy.levels import Level

from .factories import growing_firm

pytestmark = pytest.mark.django_db

STALE = "stale"
RECOGNITION, GROWTH_2023, GROWTH_2024 = (AwardKind.RECOGNITION, 2023), (AwardKind.GROWTH, 2023), (AwardKind.GROWTH, 2024)


@pytest.fixture
def firm():
    """Recognized in 2023, figures of 2022 to 2024, every result stored (the seeded edition covers 2023 and 2024)."""
    firm = growing_firm()
    figures(firm, 2022, "40000000", "900000")
    reevaluate_enterprises(enterprise_ids=[firm.pk], actor=BEAT)
    assert set(Award.objects.filter(enterprise=firm).values_list("kind", "year")) == {
        RECOGNITION, GROWTH_2023, GROWTH_2024}
    return firm


def spoil(firm):
    Award.objects.filter(enterprise=firm).update(fingerprint=STALE)


def judged(firm):
    """The results the last write re-evaluated."""
    return {(kind, year) for kind, year, fingerprint in Award.objects.filter(enterprise=firm).values_list(
        "kind", "year", "fingerprint") if fingerprint != STALE}


@pytest.mark.parametrize(("year", "expected"), [
    (2022, {GROWTH_2023}),  # 2022 is covered by no edition; its figures feed 2023's growth only
    (2023, {GROWTH_2023, GROWTH_2024}),
    (2024, {GROWTH_2024}),
])
def test_a_figures_save_re_evaluates_the_growth_its_year_feeds_only(firm, year, expected,
                                                                     django_capture_on_commit_callbacks):
    spoil(firm)
    row = AnnualFigures.objects.get(enterprise=firm, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        figures(firm, year, row.output_value + 1, row.tax_paid)
    assert judged(firm) == expected


def test_a_figures_import_re_evaluates_the_growth_of_its_years_only(firm, tmp_path,
                                                                    django_capture_on_commit_callbacks):
    spoil(firm)
    events = AwardEvent.objects.count()
    path = write_file(tmp_path, "csv", FIGURES_HEADERS[:4], [[firm.credit_code, 2024, "60000000", "1150000"]])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", "figures", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert judged(firm) == {GROWTH_2024}
    growth = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)
    assert growth.amount == 0 and "低于" in growth.reasons  # 20% output growth now, below the 35% asked
    assert list(AwardEvent.objects.order_by("pk")[events:].values_list("award_id", "action")) == [
        (growth.pk, "unmatch")]


def test_deleting_figures_re_evaluates_the_growth_their_year_feeds_only(firm, django_capture_on_commit_callbacks):
    spoil(firm)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_record(actor=BEAT, record=AnnualFigures.objects.get(enterprise=firm, year=2024))
    assert judged(firm) == {GROWTH_2024}


def test_a_designation_write_re_evaluates_everything(firm, django_capture_on_commit_callbacks):
    spoil(firm)
    with django_capture_on_commit_callbacks(execute=True):
        designate(firm, Level.INNOVATIVE, date(2022, 3, 1))
    assert judged(firm) == {RECOGNITION, GROWTH_2023, GROWTH_2024}


def test_a_message_queued_before_years_were_named_re_evaluates_everything(firm):
    spoil(firm)
    tasks.reevaluate_enterprises_task.apply(args=[[firm.pk]], kwargs={"system_actor": BEAT.name}).get()
    assert judged(firm) == {RECOGNITION, GROWTH_2023, GROWTH_2024}
    spoil(firm)
    tasks.reevaluate_enterprises_task.apply(args=[[firm.pk]], kwargs={"system_actor": BEAT.name,
                                                                      "figure_years": [2024]}).get()
    assert judged(firm) == {GROWTH_2024}
