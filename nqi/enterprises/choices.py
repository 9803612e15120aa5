from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseScale(models.TextChoices):
    """Enterprise size per 《统计上大中小微型企业划分办法（2017）》 (国统字〔2017〕213号)."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    SUSPENDED = "suspended", _("停业")
    REVOKED = "revoked", _("吊销")
    DEREGISTERED = "deregistered", _("注销")


class ProductStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("在产")
    DISCONTINUED = "discontinued", _("停产")
