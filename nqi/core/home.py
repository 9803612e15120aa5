"""The home-page card registry: each app contributes cards for the roles that need them.

A card is a template plus a function computing its context for the signed-in user; the home page shows
the cards visible to the user in order, so every role gets its own work-bench without the core app
knowing any domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeCard:
    key: str
    template: str
    context: Callable  # (request) -> dict
    visible: Callable  # (user) -> bool
    order: int = 100
    width: int = 12  # Bootstrap columns on large screens


_cards: dict[str, HomeCard] = {}


def register(card: HomeCard) -> None:
    _cards[card.key] = card


def cards_for(request) -> list[dict]:
    result = []
    for card in sorted(_cards.values(), key=lambda c: c.order):
        if card.visible(request.user):
            result.append({"card": card, "context": card.context(request)})
    return result
