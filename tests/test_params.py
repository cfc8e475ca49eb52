"""engine/params.py: typed query parameters, every failure a 400 naming the parameter."""
import pytest
from werkzeug.datastructures import MultiDict

from emulator.engine import params
from emulator.errors import ApiError


def fails(fn, *args, **kwargs):
    with pytest.raises(ApiError) as caught:
        fn(*args, **kwargs)
    assert caught.value.status == 400
    return caught.value


def test_text():
    assert params.text({"a": "x"}, "a") == "x"
    assert params.text({"a": ""}, "a", "d") == "d" and params.text({}, "a") is None
    assert fails(params.text, {"a": ["x"]}, "a").parameter == "a"


@pytest.mark.parametrize("raw,value", [("1", 1), ("250", 250), (7, 7), ("", None), (None, None)])
def test_integer(raw, value):
    assert params.integer({"n": raw}, "n") == value


@pytest.mark.parametrize("raw", ["x", "1.5", "1e3", True, [1], "0x10"])
def test_integer_rejects(raw):
    assert fails(params.integer, {"n": raw}, "n").parameter == "n"


def test_integer_bounds():
    assert params.integer({"n": "5"}, "n", minimum=5, maximum=5) == 5
    assert "at least 1" in fails(params.integer, {"n": "0"}, "n", minimum=1).message
    assert "at most 250" in fails(params.integer, {"n": "251"}, "n", maximum=250).message


@pytest.mark.parametrize("raw,value", [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("false", False),
                                       ("0", False), ("no", False), (True, True), (False, False), ("", None)])
def test_boolean(raw, value):
    assert params.boolean({"b": raw}, "b") is value


def test_boolean_rejects():
    assert fails(params.boolean, {"b": "maybe"}, "b").parameter == "b"


def test_choice():
    assert params.choice({"o": "asc"}, "o", ("asc", "desc")) == "asc"
    assert params.choice({}, "o", ("asc", "desc"), "desc") == "desc"
    assert "asc, desc" in fails(params.choice, {"o": "up"}, "o", ("asc", "desc")).message


def test_many_reads_both_array_forms_and_commas():
    args = MultiDict([("tags", "A"), ("tags[]", "B"), ("tags[]", "C,D")])
    assert params.many(args, "tags") == ["A", "B", "C,D"]
    assert params.many(args, "tags", split_commas=True) == ["A", "B", "C", "D"]
    assert params.many({"tags": ["A", " B "]}, "tags") == ["A", "B"]
    assert params.many({}, "tags") == []
    assert fails(params.many, {"tags": [{"a": 1}]}, "tags").parameter == "tags"
