"""Background job for the whole-city regrade (django-tasks; the database worker runs it off-request).

The jobs app (`nqi.jobs`) may wrap this later with its own progress pages; the body is the service.
"""

import datetime as dt

from django_tasks import task

from nqi.accounts.services import system_actor


@task()
def regrade_city(as_of: str | None = None, reason: str = "") -> int:
    """Regrade the city as of `as_of` (ISO date) as the system actor; returns the run id."""
    from nqi.supervision import services

    day = dt.date.fromisoformat(as_of) if as_of else None
    return services.city_regrade(actor=system_actor(), as_of=day, reason=reason).pk
