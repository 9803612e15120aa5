"""System checks for what the platform needs of its runtime beyond the packages it installs.

Run by every management command and by the server at start: a missing capability is reported when the
platform is deployed, not as a failed import later.
"""

from __future__ import annotations

import sqlite3

from django.core.checks import Error, Tags, register


def sqlite_images_supported() -> bool:
    """Whether Python's sqlite3 can serialize and deserialize a database (SQLite built with its
    serialize API, the default since 3.36): catalog imports hand their rows over as database images
    on SQLite and PostgreSQL alike (`nqi.core.staging`)."""
    try:
        db = sqlite3.connect(":memory:")
        try:
            db.execute("CREATE TABLE probe (x)")
            db.deserialize(db.serialize())
        finally:
            db.close()
    except (AttributeError, sqlite3.Error):
        return False
    return True


@register(Tags.compatibility)
def check_sqlite_images(app_configs=None, **kwargs) -> list[Error]:
    if sqlite_images_supported():
        return []
    return [
        Error(
            f"Python's sqlite3 module (SQLite {sqlite3.sqlite_version}) cannot serialize databases.",
            hint="Use Python 3.11+ built against SQLite 3.36 or newer: catalog imports need it.",
            id="nqi.core.E001",
        )
    ]
