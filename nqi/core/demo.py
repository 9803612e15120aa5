"""The demo-city registry: each app contributes a deterministic builder in its own `demo.py`.

Builders run in `order` (lower first, following the app dependency order), each with the shared
`DemoContext` carrying the seeded random generator and what earlier builders made.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    actor: object
    seed: int = 20261125
    scale: float = 1.0
    made: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # (role label, username, password, note)
    log: Callable = print

    def rng(self, name: str) -> random.Random:
        """A generator per builder, so adding one builder never changes another's output."""
        return random.Random(f"{self.seed}:{name}")


@dataclass(frozen=True)
class DemoBuilder:
    key: str
    order: int
    build: Callable[[DemoContext], None]


_builders: dict[str, DemoBuilder] = {}


def register(key: str, order: int):
    def decorate(fn):
        _builders[key] = DemoBuilder(key, order, fn)
        return fn

    return decorate


def builders() -> list[DemoBuilder]:
    return sorted(_builders.values(), key=lambda b: b.order)
