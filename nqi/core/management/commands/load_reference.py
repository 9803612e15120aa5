"""Load the reference registries: GB/T 2260 regions, GB/T 4754-2017 industries, featured industries."""

from django.core.management.base import BaseCommand

from nqi.accounts.services import system_actor
from nqi.industries.services import featuredindustry_load_reference, industry_load_reference
from nqi.regions.services import region_load_reference


class Command(BaseCommand):
    help = "Load regions, industries and featured industries from the shipped data files (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--streets", help="optional NBS stats20xx_streets.csv for every township in China"
        )
        parser.add_argument("--industries", help="optional GB/T 4754 CSV instead of the shipped one")

    def handle(self, *args, **options):
        actor = system_actor()
        n = region_load_reference(actor=actor, streets_path=options.get("streets"))
        self.stdout.write(f"regions: {n}")
        n = industry_load_reference(actor=actor, path=options.get("industries"))
        self.stdout.write(f"industries: {n}")
        n = featuredindustry_load_reference(actor=actor)
        self.stdout.write(f"featured industries: {n}")
