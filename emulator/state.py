"""The emulator's state holder: database, clock and start-up settings, plus reset/seed."""
from __future__ import annotations

import os
import tempfile
from collections import OrderedDict

from emulator.clock import Clock, real_now
from emulator.config import Settings
from emulator.db import Database


SNAPSHOTS_KEPT = 3
SNAPSHOT_LIMIT_BYTES = 64 * 1024 * 1024


class SchemaMismatch(RuntimeError):
    pass


class Emulator:
    def __init__(self, settings: Settings):
        # Every module that registers tables, so the schema (and its fingerprint) is whole.
        from emulator import domain, events, traffic  # noqa: F401
        from emulator.webhooks import dispatcher  # noqa: F401

        domain.load_all()
        self.settings = settings
        path = settings.db
        if path is None:
            handle, path = tempfile.mkstemp(prefix="callrail-emulator-", suffix=".db")
            os.close(handle)
            self.temporary = path
        else:
            self.temporary = None
        self.db = Database(path)
        self.clock = Clock(self.db)
        self._snapshots: OrderedDict = OrderedDict()
        fresh = not self._initialised()
        if not fresh and self.db.get_setting("schema") != self.db.schema_fingerprint():
            raise SchemaMismatch(
                f"{path} was created by another version of callrail-emulator, whose tables differ "
                "from this one's (there are no migrations). Start with a new --db path.")
        self.db.create_schema()
        if fresh:
            self.reset(settings.seed, settings.random_seed)

    def _initialised(self) -> bool:
        row = self.db.conn().execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").fetchone()
        return bool(row) and self.db.get_setting("seeded") is not None

    def reset(self, seed: str | None = None, random_seed: int | None = None,
              keep_clock: bool = False) -> None:
        """Wipe everything (the clock too, unless kept) and seed again, in one transaction.
        Seeded records are placed relative to the clock's current day."""
        from emulator import seeds

        seed = seed or self.settings.seed
        random_seed = self.settings.random_seed if random_seed is None else random_seed
        clock = self.db.get_setting("clock") if keep_clock and self._has_settings() else None
        # Seeds are placed relative to the clock's current day, so that day is part of what
        # makes two seedings identical.
        day = (self.clock.now() if clock else real_now()).date().isoformat()
        key = (seed, random_seed, day)
        if key in self._snapshots:
            self._snapshots.move_to_end(key)
            with self.db.transaction():
                self.db.clear_all()
                self.db.load_tables(self._snapshots[key])
                self._restore_clock(clock)
            return
        with self.db.transaction():
            self.db.clear_all()
            self._restore_clock(clock)
            self.db.set_setting("random_seed", random_seed)
            seeds.run(self, seed, random_seed)
            self.db.set_setting("seeded", {"seed": seed, "random_seed": random_seed})
            self.db.set_setting("schema", self.db.schema_fingerprint())
        self._remember(key)

    def _restore_clock(self, clock) -> None:
        if clock:
            self.db.set_setting("clock", clock)
        else:
            self.db.conn().execute("DELETE FROM settings WHERE key='clock'")

    def _remember(self, key) -> None:
        """Keep the rows of a fresh seeding in memory, so the next reset to the same seed is a
        bulk insert (tens of milliseconds) instead of a reseed (seconds for demo). Large
        databases (--scale) are not kept. Restoring is an ordinary write transaction, so it is
        safe while other threads hold connections."""
        conn = self.db.conn()
        size = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        if size > SNAPSHOT_LIMIT_BYTES:
            return
        self._snapshots[key] = self.db.dump_tables()
        while len(self._snapshots) > SNAPSHOTS_KEPT:
            self._snapshots.popitem(last=False)

    def _has_settings(self) -> bool:
        return bool(self.db.conn().execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").fetchone())

    def close(self) -> None:
        self.db.close()
        if self.temporary and os.path.exists(self.temporary):
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.remove(self.temporary + suffix)
                except OSError:
                    pass
