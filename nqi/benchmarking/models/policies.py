"""Versioned, effective-dated rules of the benchmarking app (house rule: business-tunable numbers).

`level_rule` holds the overall-level rule (`engine.levels`), `ranking` the forerunner banding
(`engine.ranking`). The row with the latest `effective_from` on or before a day governs; with no row
the shipped default (version 0) applies. Every comparison result and ranking list stores the version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.choices import PolicyDomain
from nqi.core.models import TimeStampedModel


class BenchmarkPolicy(TimeStampedModel):
    domain = models.CharField(_("规则类别"), max_length=12, choices=PolicyDomain.choices)
    version = models.PositiveIntegerField(_("版本号"))
    effective_from = models.DateField(_("生效日期"))
    params = models.JSONField(_("参数"))
    basis = models.TextField(_("依据"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("对标规则")
        verbose_name_plural = _("对标规则")
        ordering = ["domain", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "version"], name="benchmarkpolicy_domain_version_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} v{self.version}"
