"""bench/pipeline.py's yardstick: the plain script's (四) list is the portal's, row by row, on the files the
benchmark generates (imported, recomputed and exported here as the benchmark does, on a few dozen firms)."""

import importlib.util
import random
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _bench(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_plain_script_lists_what_the_portal_exports(tmp_path):
    from enterprises.models import Area
    from policy import edition_file
    from policy.models import PolicyRecord

    pipeline, plain = _bench("pipeline"), _bench("pipeline_plain")
    areas = list(Area.objects.order_by("pk").values_list("name", "code"))
    paths, counts = pipeline.generate(tmp_path, 120, 2024, areas, random.Random(15))
    assert counts["designations"] > 0 and counts["figures"] > counts["enterprises"]
    for kind in ("enterprises", "designations", "figures"):
        call_command("import_data", kind, str(paths[kind]), stdout=StringIO())
    call_command("recompute_eligibility", "--year", "2024", stdout=StringIO())
    export = tmp_path / "awards.csv"
    call_command("export_awards", "--year", "2024", "--output", str(export), stdout=StringIO())

    editions = [tomllib.loads(edition_file.write_edition(record)) for record in PolicyRecord.objects.all()]
    listed = plain.growth_list(2024, editions, paths["enterprises"], paths["designations"], paths["figures"])
    plain_rows = {code: (area, year, outcome, amount) for code, area, year, outcome, amount in listed}
    portal_rows = pipeline.portal_rows(export, 2024)

    assert pipeline.disagreements(portal_rows, plain_rows) == []
    assert len(plain_rows) == len(portal_rows) > 40
    outcomes = {row[2] for row in plain_rows.values()}
    assert {"符合", "不符合", "适用其他政策"} <= outcomes  # the rule's branches are all met, not only one
    assert any(row[3] != "0.00" for row in plain_rows.values())
