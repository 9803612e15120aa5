"""Write the API's OpenAPI document to docs/openapi.json (the committed contract snapshot, house rule 7)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def current_schema() -> dict:
    from config.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write docs/openapi.json from the live API (review the diff: only additive changes within v1)."

    def handle(self, *args, **options):
        SNAPSHOT.write_text(render(current_schema()), encoding="utf-8")
        self.stdout.write(f"wrote {SNAPSHOT}")
