"""The emulator's state holder: database, clock and start-up settings, plus reset/seed."""
from __future__ import annotations

import os
import tempfile

from emulator.clock import Clock
from emulator.config import Settings
from emulator.db import Database


class Emulator:
    def __init__(self, settings: Settings):
        from emulator import domain, events  # noqa: F401  (events registers its outbox table)

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
        fresh = not self._initialised()
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
        with self.db.transaction():
            clock = self.db.get_setting("clock") if keep_clock and self._has_settings() else None
            self.db.clear_all()
            if clock:
                self.db.set_setting("clock", clock)
            self.db.set_setting("random_seed", random_seed)
            seeds.run(self, seed, random_seed)
            self.db.set_setting("seeded", {"seed": seed, "random_seed": random_seed})

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
