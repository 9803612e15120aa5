"""Administrative divisions (glossary: region) per GB/T 2260 and the NBS township codes.

The tree is stored with a materialised `path` ("/330000/330400/330402/") so that "everything in a
district sub-bureau's jurisdiction" is one indexed prefix query on any database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.regions.choices import RegionLevel


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("级别"), max_length=20, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=120, db_index=True)
    is_official = models.BooleanField(
        _("国标代码"),
        default=True,
        help_text=_("否：无 GB/T 2260 代码的功能区（经开区、港区等），代码为本系统自编。"),
    )
    source = models.CharField(_("来源"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1
