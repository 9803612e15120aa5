"""The search engine of the database in use: SQLite FTS5 (embedded) or PostgreSQL full text (scale-out)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection

from nqi.search.backends.base import Backend, Count, EngineQuery
from nqi.search.backends.postgresql import PostgresBackend
from nqi.search.backends.sqlite import SqliteBackend

__all__ = ["Backend", "Count", "EngineQuery", "backend"]

_ENGINES = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def backend(connection=None) -> Backend:
    """The engine for `connection` (Django's default connection unless given), chosen by its vendor."""
    connection = connection or default_connection
    try:
        return _ENGINES[connection.vendor](connection)
    except KeyError:
        raise ImproperlyConfigured(f"no search engine for database vendor {connection.vendor!r}") from None
