"""Mark late SLA clocks breached and escalate them (run every 15 minutes from cron or the task worker)."""

from django.core.management.base import BaseCommand

from nqi.accounts.services import system_actor
from nqi.servicedesk.services.clocks import slaclock_check_all


class Command(BaseCommand):
    help = "Check running SLA clocks: breach and escalate late ones (provider → platform manager → bureau)."

    def handle(self, *args, **options):
        counts = slaclock_check_all(actor=system_actor())
        self.stdout.write(
            f"checked {counts['checked']} clocks, {counts['breached']} newly breached, {counts['notices']} notices"
        )
