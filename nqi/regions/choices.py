from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")
    MANAGEMENT_AREA = "management_area", _("功能区")
    TOWNSHIP = "township", _("乡级（镇/街道）")
