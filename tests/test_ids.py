"""Identifiers: CallRail's forms, deterministic per random seed, safe parsing of client ids."""
import re

import pytest

from emulator import ids
from emulator.db import Database


def make(tmp_path, name, seed):
    db = Database(str(tmp_path / name))
    db.create_schema()
    db.set_setting("random_seed", seed)
    return db


def test_forms(tmp_path):
    db = make(tmp_path, "a.db", 1)
    assert re.fullmatch(r"COM[0-9a-f]{32}", ids.prefixed(db, "COM"))
    assert 100_000_000 <= ids.numeric(db, "company", "counters", "value") <= 999_999_999
    assert re.fullmatch(r"[0-9a-f]{32}", ids.api_key(db))


def test_same_seed_same_sequence_other_seed_other_ids(tmp_path):
    one, two, other = make(tmp_path, "1.db", 7), make(tmp_path, "2.db", 7), make(tmp_path, "3.db", 8)
    first = [ids.prefixed(one, "USR") for _ in range(3)]
    assert first == [ids.prefixed(two, "USR") for _ in range(3)]
    assert len(set(first)) == 3
    assert first[0] != ids.prefixed(other, "USR")


@pytest.mark.parametrize("value,expected", [(5, 5), ("183570817", 183570817), (183570817.0, 183570817),
                                            ("x", None), (None, None), (True, None), (1.5, None),
                                            ("9" * 30, None), (10 ** 30, None), ([1], None)])
def test_as_int(value, expected):
    assert ids.as_int(value) == expected


def test_a_numeric_id_already_taken_is_drawn_again(tmp_path, monkeypatch):
    from emulator import domain

    domain.load_all()
    db = make(tmp_path, "n.db", 3)
    db.create_schema()
    first = ids.numeric(db, "account", "accounts")
    db.conn().execute("INSERT INTO accounts(id, numeric_id, name, created_at) VALUES ('ACC1', ?, 'a', 'x')", (first,))
    db.conn().execute("DELETE FROM counters")          # the same draw would come first again
    second = ids.numeric(db, "account", "accounts")
    assert second != first and 100_000_000 <= second <= 999_999_999

