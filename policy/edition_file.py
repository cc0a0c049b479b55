"""An edition of the measures as a TOML file: the keys, reading one (stdlib tomllib) and writing one back.

The file describes the whole edition: a key left out takes the model's default, not the stored value, so importing
the same file twice gives the same edition. Amounts and rates are TOML strings (exact decimals, never floats),
dates are TOML dates (unquoted), counts are integers. Unknown keys are refused, so a typo never passes silently.
The keys are listed in `KEYS` and documented in policy/management/commands/import_policy.py and the README."""

import datetime
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models

from .models import PolicyRecord


@dataclass(frozen=True)
class Key:
    table: str | None  # None: a top-level key
    key: str
    field: str  # PolicyRecord field
    required: bool = False

    @property
    def path(self):
        return f"{self.table}.{self.key}" if self.table else self.key


KEYS = (
    Key(None, "name", "name", True),
    Key(None, "document_number", "document_number", True),
    Key(None, "effective_from", "effective_from", True),
    Key(None, "effective_until", "effective_until", True),
    Key(None, "issued_on", "issued_on"),
    Key(None, "term_years", "term_years"),
    Key("recognition", "amount", "recognition_award_amount", True),
    Key("growth", "output_min", "growth_output_min", True),
    Key("growth", "output_max", "growth_output_max", True),
    Key("growth", "output_growth_min", "growth_output_rate_min", True),
    Key("growth", "tax_growth_min", "growth_tax_rate_min", True),
    Key("growth", "rate", "growth_award_rate", True),
    Key("growth", "cap", "growth_award_cap", True),
    Key("notice", "days", "public_notice_days", True),
    Key("notice", "objection_contact", "objection_contact"),
    Key("notice", "objection_phone", "objection_phone"),
    Key("notice", "objection_address", "objection_address"),
    Key("validity", "innovative", "validity_innovative_years"),
    Key("validity", "municipal", "validity_municipal_years"),
    Key("validity", "regional", "validity_regional_years"),
    Key("validity", "little_giant", "validity_little_giant_years"),
    Key("validity", "single_champion", "validity_single_champion_years"),
    Key("validity", "expiry_warning_days", "expiry_warning_days"),
    Key("targets", "new_municipal_per_year", "new_municipal_per_year"),
    Key("targets", "baseline_date", "baseline_date"),
    Key("targets", "baseline_srdi_count", "baseline_srdi_count"),
    Key("targets", "baseline_output_value", "baseline_output_value"),
    Key("targets", "count_doubling_years", "count_doubling_years"),
    Key("targets", "output_doubling_years", "output_doubling_years"),
    Key("liaison", "resolved_per_year", "liaison_resolved_per_year"),
    Key("listing", "pool_min", "listing_pool_min"),
    Key("listing", "goal", "listing_goal"),
    Key("listing", "goal_year", "listing_goal_year"),
    Key("training", "managers_per_year", "training_managers_per_year"),
)
TABLES = tuple(dict.fromkeys(k.table for k in KEYS if k.table))


def _field(key):
    return PolicyRecord._meta.get_field(key.field)


def _value(key, raw):
    """The field value of one key, or a ValidationError saying what the key should look like."""
    field = _field(key)
    where = f"{key.path}（{field.verbose_name}）"
    if isinstance(field, models.DecimalField):
        if isinstance(raw, float):
            raise ValidationError(f"{where} 应写成带引号的字符串，如 \"{raw}\"，以免小数失真")
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise ValidationError(f"{where} 应为带引号的数字字符串，如 \"100000\"")
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError(f"{where} “{raw}”不是数字") from None
        if not value.is_finite():
            raise ValidationError(f"{where} “{raw}”不是数字")
        return value
    if isinstance(field, models.DateField):
        if isinstance(raw, datetime.datetime) or not isinstance(raw, datetime.date):
            raise ValidationError(f"{where} 应为不带引号的 TOML 日期，如 2023-01-01")
        return raw
    if isinstance(field, models.IntegerField):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValidationError(f"{where} 应为整数，如 7")
        return raw
    if not isinstance(raw, str) or not (raw.strip() or field.blank):
        raise ValidationError(f"{where} 应为{'字符串' if field.blank else '非空字符串'}")
    return raw.strip()


def read_edition(text):
    """{field: value} for every field of an edition from the TOML `text`, absent optional keys at the model's
    default. Raises one ValidationError listing every problem (syntax, unknown or missing keys, bad values,
    and the model's own checks such as the period's order)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"TOML 格式错误：{error}") from None
    errors = []
    known = {(k.table, k.key) for k in KEYS}
    for name, item in data.items():
        if isinstance(item, dict):
            if name not in TABLES:
                errors.append(f"未知的表 [{name}]（可用：{'、'.join(f'[{t}]' for t in TABLES)}）")
                continue
            errors.extend(f"未知的键 {name}.{key}" for key in item if (name, key) not in known)
        elif (None, name) not in known:
            errors.append(f"未知的键 {name}" + (f"（应在表 [{name}] 中）" if name in TABLES else ""))
    values = {}
    for key in KEYS:
        holder = data.get(key.table, {}) if key.table else data
        if not isinstance(holder, dict):
            continue  # reported above as an unknown key
        if key.key not in holder:
            if key.required:
                errors.append(f"缺少必填项 {key.path}（{_field(key).verbose_name}）")
            else:
                values[key.field] = _field(key).get_default()
            continue
        try:
            values[key.field] = _value(key, holder[key.key])
        except ValidationError as error:
            errors.extend(error.messages)
    if not errors:
        if values["effective_until"] < values["effective_from"]:
            errors.append("effective_until（有效期截止日）不能早于 effective_from（施行起始日）")
        if values["growth_output_max"] <= values["growth_output_min"]:
            errors.append("growth.output_max（成长奖励产值上限）须大于 growth.output_min（成长奖励产值下限）")
    if errors:
        raise ValidationError(errors)
    return values


def unsaved_edition(text):
    """The edition in the TOML `text` as an unsaved PolicyRecord — for a what-if, which must write nothing (not
    even read the stored editions): `read_edition`'s checks, then each field's own (digits, lengths). Raises one
    ValidationError whose lines name the file's keys."""
    record = PolicyRecord(**read_edition(text))
    try:
        record.clean_fields()
    except ValidationError as error:
        raise ValidationError(describe_error(error)) from None
    return record


def describe_error(error):
    """The lines of a ValidationError (a service's or the model's), each named by the key of the file it concerns."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    by_field = {k.field: k for k in KEYS}
    lines = []
    for name, messages in error.message_dict.items():
        key = by_field.get(name)
        where = f"{key.path}（{_field(key).verbose_name}）：" if key else ""
        lines.extend(f"{where}{message}" for message in messages)
    return lines


def _toml(value, field):
    if isinstance(value, Decimal):
        value = value.normalize()
        if field.decimal_places > 2 and value.as_tuple().exponent > -2:
            value = value.quantize(Decimal("0.01"))  # a rate as the measures write it: "0.10", "0.35"
        return _string(format(value, "f"))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return _string(value)


def _string(text):
    """A TOML basic string."""
    escaped = []
    for char in str(text):
        if char in '"\\':
            escaped.append("\\" + char)
        elif char in "\n\t\r\b\f":
            escaped.append({"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def write_edition(record):
    """The TOML text of `record`, every key written (a date left empty is left out: TOML has no null)."""
    lines = []
    current = None
    for key in KEYS:
        value = getattr(record, key.field)
        if key.table != current:
            current = key.table
            lines.append("")
            lines.append(f"[{current}]")
        if value is None:
            continue
        lines.append(f"{key.key} = {_toml(value, _field(key))}")
    return "\n".join(lines).lstrip("\n") + "\n"
