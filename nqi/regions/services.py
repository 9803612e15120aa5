"""Loading the region tree. Reference data is written only by the system actor, via `nqi load_reference`."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from nqi.core import auditing
from nqi.core.permissions import authorize
from nqi.regions import reference
from nqi.regions.models import Region


def _with_paths(rows: list[tuple]) -> list[Region]:
    by_code = {r[0]: r for r in rows}
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        if code in paths:
            return paths[code]
        parent = by_code[code][3]
        prefix = path_of(parent) if parent in by_code else "/"
        paths[code] = f"{prefix}{code}/"
        return paths[code]

    regions = []
    for code, name, level, parent, source, official in rows:
        regions.append(
            Region(
                code=code,
                name=name,
                level=level,
                parent_id=parent if parent in by_code else None,
                path=path_of(code),
                is_official=official,
                source=source,
            )
        )
    return regions


def region_load_reference(*, actor, streets_path: Path | None = None) -> int:
    """Insert or refresh the whole tree: China's county level, Jiaxing's townships, management areas.

    Idempotent: existing codes are updated in place, nothing is deleted (historic records keep their
    region even when MCA retires a code).
    """
    authorize(actor, "regions.load_region")
    rows = list(reference.county_level_rows())
    rows += list(reference.management_area_rows())
    rows += list(reference.township_rows())
    if streets_path:
        rows += list(reference.township_rows(Path(streets_path)))
    regions = sorted(_with_paths(rows), key=lambda r: r.depth)
    with transaction.atomic():
        Region.objects.bulk_create(
            regions,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "path", "is_official", "source"],
        )
        auditing.record(
            actor=actor,
            event_type="regions.reference_loaded",
            summary=f"{len(regions)} regions loaded",
            data={"count": len(regions), "streets_file": str(streets_path or "")},
        )
    return len(regions)
