"""The clock: frozen, advanced, unfrozen; stored in the database; formatting helpers."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from emulator import clock
from emulator.clock import Clock, iso_offset, iso_z, parse_stored
from emulator.db import Database


def make(tmp_path) -> Clock:
    db = Database(str(tmp_path / "clock.db"))
    db.create_schema()
    return Clock(db)


def test_runs_with_real_time_by_default(tmp_path, monkeypatch):
    fixed = datetime(2024, 1, 1, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "real_now", lambda: fixed)
    c = make(tmp_path)
    assert c.now() == fixed and not c.frozen()


def test_freeze_advance_unfreeze(tmp_path, monkeypatch):
    real = [datetime(2030, 6, 1, tzinfo=timezone.utc)]
    monkeypatch.setattr(clock, "real_now", lambda: real[0])
    c = make(tmp_path)
    c.freeze_at(datetime(2024, 2, 29, 23, 0, tzinfo=ZoneInfo("America/New_York")))
    assert c.now() == datetime(2024, 3, 1, 4, 0, tzinfo=timezone.utc) and c.frozen()
    real[0] += timedelta(hours=5)
    assert c.now() == datetime(2024, 3, 1, 4, 0, tzinfo=timezone.utc)   # frozen means frozen
    c.advance(90)
    assert c.now() == datetime(2024, 3, 1, 4, 1, 30, tzinfo=timezone.utc)
    c.unfreeze()
    assert not c.frozen() and c.now() == datetime(2024, 3, 1, 4, 1, 30, tzinfo=timezone.utc)
    real[0] += timedelta(seconds=10)
    assert c.now() == datetime(2024, 3, 1, 4, 1, 40, tzinfo=timezone.utc)  # runs on from there
    c.advance(20)
    assert c.now() == datetime(2024, 3, 1, 4, 2, 0, tzinfo=timezone.utc)


def test_the_setting_lives_in_the_database(tmp_path):
    c = make(tmp_path)
    c.freeze_at(datetime(2022, 5, 5, tzinfo=timezone.utc))
    other = Clock(Database(c.db.path))   # another worker over the same file
    assert other.now() == datetime(2022, 5, 5, tzinfo=timezone.utc)
    assert other.as_json() == {"now": "2022-05-05T00:00:00.000Z", "frozen": True}


def test_formats():
    moment = datetime(2017, 7, 24, 15, 13, 47, 366000, tzinfo=timezone.utc)
    assert iso_z(moment) == "2017-07-24T15:13:47.366Z"
    assert iso_offset(moment, ZoneInfo("America/New_York")) == "2017-07-24T11:13:47.366-04:00"
    assert iso_offset(moment, ZoneInfo("Asia/Kolkata")) == "2017-07-24T20:43:47.366+05:30"
    assert parse_stored("2017-07-24T15:13:47.366Z") == moment and parse_stored(None) is None
    assert iso_z(moment) < iso_z(moment + timedelta(milliseconds=1))   # stored text sorts in time order


def test_an_advanced_clock_keeps_running_with_real_time(tmp_path):
    """With the system time under freezegun's control, the emulator clock is real time plus
    the stored offset: advancing it moves every later reading by the same amount."""
    from freezegun import freeze_time

    with freeze_time("2026-01-15T10:00:00Z") as real:
        c = make(tmp_path)
        c.advance(3600)
        assert c.now() == datetime(2026, 1, 15, 11, 0, tzinfo=timezone.utc)
        real.tick(timedelta(minutes=30))
        assert c.now() == datetime(2026, 1, 15, 11, 30, tzinfo=timezone.utc)
        c.freeze_at(c.now())
        real.tick(timedelta(hours=2))
        c.unfreeze()                            # runs on from where it stood
        assert c.now() == datetime(2026, 1, 15, 11, 30, tzinfo=timezone.utc)
