"""Demo city: build every search index after the other builders made their records (order 90).

Indexes whose app indexes its own records in its demo builder (`reindex_in_demo = False`, e.g. the
200,000-record standards catalog) are left alone. Budget: ≤ 10 s for 3,200 enterprises and their products.
"""

from __future__ import annotations

import time

from nqi.core.demo import DemoContext, register
from nqi.search import registry, services


@register("search", order=90)
def build(context: DemoContext) -> None:
    for index in registry.indexes():
        if not index.reindex_in_demo:
            continue
        started = time.monotonic()
        done = services.index_rebuild(index)
        context.log(f"    search index {index.key}: {done:,} documents in {time.monotonic() - started:.1f}s")
