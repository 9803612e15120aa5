"""The hash chain over audit events: how a link is computed and how the whole chain is checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "organization_id",
    "event_type",
    "target_type",
    "target_id",
    "target_label",
    "summary",
    "before",
    "after",
    "data",
    "request_id",
    "ip",
)


def _canonical(value):
    """Aware datetimes in UTC, as the database returns them, whatever zone the writer used."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def link_hash(prev_hash: str, fields: dict) -> str:
    """SHA-256 over the previous link and this event's content in a canonical JSON form."""
    body = {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


@dataclass
class VerifyResult:
    checked: int
    broken_event_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_event_id is None and not self.reason


def verify_rows(rows, head) -> VerifyResult:
    """Walk events in id order; report the first whose link or content does not match."""
    prev = GENESIS
    count = 0
    last_id = 0
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            return VerifyResult(
                count, row["id"], "prev_hash does not match the preceding event (row removed or inserted)"
            )
        if link_hash(prev, row) != row["hash"]:
            return VerifyResult(count, row["id"], "content does not match its hash (row edited)")
        prev = row["hash"]
        last_id = row["id"]
    if head is not None and (head.last_hash != prev or head.last_event_id != last_id):
        return VerifyResult(
            count, head.last_event_id, "chain head does not match the newest event (tail removed)"
        )
    return VerifyResult(count)
