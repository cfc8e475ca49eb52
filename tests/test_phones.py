"""domain/phones.py: US/Canadian numbers in any common form to E.164, and display forms."""
import pytest

from emulator.domain import phones
from emulator.errors import ApiError


@pytest.mark.parametrize("raw", ["404-555-1234", "(404) 555-1234", "4045551234", "14045551234", "+14045551234",
                                 "+1 404 555 1234", 4045551234, "404.555.1234"])
def test_parse_common_forms(raw):
    assert phones.parse(raw, "number") == "+14045551234"


def test_canada_is_accepted():
    assert phones.parse("+1 416 555 0199", "number") == "+14165550199"


@pytest.mark.parametrize("raw", ["555-1234", "+44 20 7946 0958", "not a number", "", None, True, 12.5, ["4045551234"]])
def test_parse_rejects_naming_the_parameter(raw):
    with pytest.raises(ApiError) as caught:
        phones.parse(raw, "customer_phone_number")
    assert (caught.value.status, caught.value.parameter) == (400, "customer_phone_number")


def test_maybe_formatted_and_area_code():
    assert phones.maybe("(404) 555-1234") == "+14045551234" and phones.maybe("call me") is None
    assert phones.formatted("+14045551234") == "404-555-1234" and phones.formatted(None) is None
    assert phones.area_code("+14045551234") == "404"
