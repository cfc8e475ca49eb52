"""Monetary values of calls and form submissions ("value": `"$1.00"` and `"1.00"` are both
acceptable, doc 1455, 3250): one parser and one display form for every record that has a value."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from marshmallow import ValidationError

LIMIT = 10 ** 12
MESSAGE = "must be an amount such as \"$1.00\" or \"1.00\" (a number, with or without a dollar sign)"


def _decimal(value) -> Decimal | None:
    """The amount `value` names, or None when it names none (bool, list, text that is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip().replace(",", "")
    text = text[1:].strip() if text.startswith("$") else text
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def validate(value) -> None:
    """Marshmallow validator: null and "" pass (they clear the value); anything else must be a
    finite, non-negative amount below a trillion."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    amount = _decimal(value)
    if amount is None or not amount.is_finite():
        raise ValidationError(MESSAGE)
    if amount < 0 or amount >= LIMIT:
        raise ValidationError("must be a non-negative amount below 1,000,000,000,000")


def parse(value) -> float | None:
    """A validated value as dollars rounded to cents; None for null or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return float(round(_decimal(value), 2))


def formatted(value) -> str:
    """`$1,250.00`, or `--` when unset (formatted_value, 6496)."""
    return "--" if value is None else f"${value:,.2f}"
