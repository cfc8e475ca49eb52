"""Seeds: `empty`, `docs` and `demo`. Each resource's seed module registers steps with
`@step(seed, order)`; `run` calls them in order inside the reset transaction."""
from __future__ import annotations

import importlib
import json
import pkgutil
import random
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources

from faker import Faker

_STEPS: list[tuple[int, str, object]] = []


def step(seed: str, order: int):
    def register(fn):
        _STEPS.append((order, seed, fn))
        return fn
    return register


@dataclass
class SeedContext:
    emulator: object
    seed: str
    random_seed: int
    now: datetime                 # the anchor: the clock's current day at midnight UTC
    faker: Faker
    rng: random.Random
    notes: dict = field(default_factory=dict)   # what earlier steps made, for later ones

    @property
    def db(self):
        return self.emulator.db

    @property
    def conn(self):
        return self.emulator.db.conn()

    @property
    def settings(self):
        return self.emulator.settings


def fixture(name: str) -> dict:
    return json.loads(resources.files("emulator.fixtures").joinpath(name).read_text())


def run(emulator, seed: str, random_seed: int) -> None:
    faker = Faker("en_US")
    faker.seed_instance(random_seed)
    now = emulator.clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    ctx = SeedContext(emulator, seed, random_seed, now, faker, random.Random(random_seed))
    for _, name, fn in sorted(_STEPS, key=lambda s: s[0]):
        if name == seed:
            fn(ctx)


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
