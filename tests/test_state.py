"""Reset: a second reset to the same seed on the same day restores the remembered seeding, which
must be exactly what seeding again would give."""
import pytest

from emulator.config import Settings
from emulator.state import Emulator


@pytest.fixture
def emulator():
    emu = Emulator(Settings(seed="docs"))
    yield emu
    emu.close()


def rows(emu):
    return {name: sorted(map(tuple, table_rows)) for name, (_, table_rows) in emu.db.dump_tables().items()}


def test_a_remembered_reset_equals_a_fresh_seeding(emulator):
    emulator.reset("demo")                      # seeds, and remembers
    fresh = rows(emulator)
    emulator.db.conn().execute("UPDATE companies SET name = 'changed'")
    emulator.reset("demo")                      # restored from memory
    assert rows(emulator) == fresh
    emulator._snapshots.clear()
    emulator.reset("demo")                      # seeded again
    assert rows(emulator) == fresh


def test_reset_forgets_the_clock_unless_kept_and_seeds_relative_to_it(emulator):
    from datetime import datetime, timezone

    emulator.clock.freeze_at(datetime(2025, 3, 10, 12, tzinfo=timezone.utc))
    emulator.reset("demo", keep_clock=True)
    assert emulator.clock.frozen()
    latest = emulator.db.conn().execute("SELECT MAX(start_time) FROM calls").fetchone()[0]
    assert latest.startswith("2025-03-")
    emulator.reset("demo")
    assert not emulator.clock.frozen()
    latest = emulator.db.conn().execute("SELECT MAX(start_time) FROM calls").fetchone()[0]
    assert not latest.startswith("2025-03-")


def test_a_database_from_another_version_is_refused_clearly(tmp_path):
    from emulator.state import SchemaMismatch

    path = str(tmp_path / "old.db")
    emu = Emulator(Settings(seed="empty", db=path))
    emu.db.set_setting("schema", "made-by-another-version")
    emu.close()
    with pytest.raises(SchemaMismatch, match="new --db path"):
        Emulator(Settings(seed="empty", db=path))
    emu = Emulator(Settings(seed="empty", db=str(tmp_path / "new.db")))   # a new path is fine
    emu.close()


def test_a_database_from_this_version_opens_with_its_records(tmp_path):
    path = str(tmp_path / "same.db")
    emu = Emulator(Settings(seed="docs", db=path))
    count = emu.db.conn().execute("SELECT COUNT(*) FROM companies").fetchone()[0]
    emu.close()
    again = Emulator(Settings(seed="docs", db=path))
    assert again.db.conn().execute("SELECT COUNT(*) FROM companies").fetchone()[0] == count
    again.close()
