#!/usr/bin/env python
"""The yardstick of bench/pipeline.py: the (四) growth-award list of one year computed by a plain Python script.

    python bench/pipeline_plain.py --year 2024 --policy EDITION.toml [--policy ...] \
        ENTERPRISES.csv DESIGNATIONS.csv FIGURES.csv OUTPUT.csv

It reads the three import files (the formats of `manage.py import_data`, README → Registry and imports) and the
policy editions as `manage.py export_policy` writes them, applies the rule of awards/rules.py `growth_award` (the
edition overlapping the year, a municipal/regional/little-giant title valid in the year, the output band, output
and tax growth, rate × output increase capped) and writes one row per enterprise the rule concerns:
统一社会信用代码, 所属区域, 年度, 结果, 金额（元）. No Django, no database: the standard library only.
"""

import argparse
import csv
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
GROWTH_LEVELS = {"市级专精特新中小企业", "自治区级专精特新中小企业", "国家级专精特新小巨人企业",
                 "municipal", "regional", "little_giant"}
ELIGIBLE, INELIGIBLE, OTHER_POLICY, NEEDS_REVIEW = "符合", "不符合", "适用其他政策", "需人工复核"
HEADERS = ("统一社会信用代码", "所属区域", "年度", "结果", "金额（元）")


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        for row in reader:
            yield dict(zip(header, row, strict=False))


def amount(text):
    return Decimal(text.replace(",", "").strip())


def edition_for_year(editions, year):
    first, last = date(year, 1, 1), date(year, 12, 31)
    matching = [e for e in editions if e["effective_from"] <= last and e["effective_until"] >= first]
    return max(matching, key=lambda e: e["effective_from"]) if matching else None


def growth_list(year, editions, enterprises_file, designations_file, figures_file):
    policy = edition_for_year(editions, year)
    if policy is None:
        return []
    growth = {key: Decimal(value) for key, value in policy["growth"].items()}
    low, high = growth["output_min"], growth["output_max"]
    output_min, tax_min = growth["output_growth_min"], growth["tax_growth_min"]
    rate, cap = growth["rate"], growth["cap"]

    areas = {row["统一社会信用代码"]: row["所属区域"] for row in read_rows(enterprises_file)}
    first, last = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    held = set()
    for row in read_rows(designations_file):
        if row["认定层级"] in GROWTH_LEVELS and row["认定日期"] <= last and row["有效期至"] >= first:
            held.add(row["统一社会信用代码"])
    wanted = {str(year): 0, str(year - 1): 1}
    figures = {}
    for row in read_rows(figures_file):
        slot = wanted.get(row["年度"])
        if slot is not None and row["统一社会信用代码"] in held:
            figures.setdefault(row["统一社会信用代码"], [None, None])[slot] = (
                amount(row["工业总产值（元）"]), amount(row["纳税总额（元）"]))

    results = []
    for code in sorted(held):
        current, previous = figures.get(code, (None, None))
        outcome, award = NEEDS_REVIEW, Decimal("0.00")
        if current is not None:
            output, tax = current
            if output >= high:
                outcome = OTHER_POLICY
            elif output < low:
                outcome = INELIGIBLE
            elif previous is not None and previous[0] != 0 and previous[1] != 0:
                prior_output, prior_tax = previous
                if output >= prior_output * (1 + output_min) and tax >= prior_tax * (1 + tax_min):
                    outcome = ELIGIBLE
                    award = min(max(rate * (output - prior_output), Decimal(0)), cap).quantize(
                        CENT, rounding=ROUND_HALF_UP)
                else:
                    outcome = INELIGIBLE
        results.append((code, areas.get(code, ""), str(year), outcome, str(award)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--policy", action="append", required=True, help="an edition as export_policy writes it")
    parser.add_argument("files", nargs=4, metavar="FILE", help="enterprises, designations, figures, output")
    args = parser.parse_args()
    editions = []
    for path in args.policy:
        with open(path, "rb") as stream:
            editions.append(tomllib.load(stream))
    enterprises_file, designations_file, figures_file, output = args.files
    results = growth_list(args.year, editions, enterprises_file, designations_file, figures_file)
    with open(output, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(results)


if __name__ == "__main__":
    main()
