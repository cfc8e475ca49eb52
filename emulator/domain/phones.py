"""Phone numbers: parsing any common US format to E.164, US/Canadian validation, display forms."""
from __future__ import annotations

import re

import phonenumbers

from emulator.errors import bad_request


def parse(value, parameter: str, us_or_canada: bool = True) -> str:
    """E.164 (`+14045551234`) from `404-555-1234`, `(404) 555-1234`, `14045551234`, `+1…`;
    a 400 naming the parameter otherwise. "Must be a valid 10 digit US or Canadian number"."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        number = None
    valid = number is not None and phonenumbers.is_possible_number(number) and (
        not us_or_canada or number.country_code == 1) and len(str(number.national_number)) == 10
    if not valid:
        raise bad_request(parameter, f"{parameter} must be a valid 10 digit US or Canadian phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def maybe(value) -> str | None:
    """E.164 when the value is a usable US/Canadian number, else None (for free text)."""
    try:
        return parse(value, "phone")
    except Exception:
        return None


def formatted(e164: str | None) -> str | None:
    """`+14045551234` -> `404-555-1234`: the `formatted_*` phone form of every example in the doc
    (calls payload line 6496, forms 2555, texts 4541)."""
    if not e164:
        return None
    digits = e164[-10:]
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def area_code(e164: str) -> str:
    return e164[-10:-7]


PHONE_TERM = re.compile(r"^\+?[\d\s().-]*\d[\d\s().-]*$")


def search_args(args):
    """A `search` term written as a phone number ("(303) 623-1131", "303-623") matches stored
    E.164 numbers: its punctuation is dropped (docs/BEHAVIOUR.md). Other terms are unchanged."""
    term = args.get("search")
    if not isinstance(term, str) or not PHONE_TERM.match(term.strip()):
        return args
    digits = re.sub(r"\D", "", term)
    if digits == term.strip():
        return args
    args = args.copy() if hasattr(args, "copy") else dict(args)
    args["search"] = digits
    return args
