"""Bookkeeping of the search indexes (the documents themselves live in per-index engine tables)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexState(models.Model):
    """When an index was last rebuilt, from how many records, and with which declaration and analyzer.

    A changed `signature` (fields, weights, keywords or analyzer code) means the stored terms no longer
    match what queries look for: the index must be rebuilt (`nqi reindex <key>`).
    """

    key = models.CharField(_("索引"), max_length=100, primary_key=True)
    signature = models.CharField(_("结构签名"), max_length=64)
    documents = models.PositiveIntegerField(_("文档数"), default=0)
    built_at = models.DateTimeField(_("重建时间"))
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("搜索索引状态")
        verbose_name_plural = _("搜索索引状态")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} ({self.documents})"
