from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    TESTING_LAB = "testing_lab", _("检验检测机构")
    METROLOGY_INSTITUTE = "metrology_institute", _("计量技术机构")
    CERTIFICATION_BODY = "certification_body", _("认证机构")
    STANDARDS_INSTITUTE = "standards_institute", _("标准化研究机构")
    IP_CENTRE = "ip_centre", _("知识产权服务中心")
    PLATFORM_HOST = "platform_host", _("服务平台运营单位")


# Kinds whose legal standing needs a CMA (检验检测机构资质认定) certificate:
# 《检验检测机构资质认定管理办法》(SAMR Order 39, 2021) 第二条.
CMA_KINDS = {InstitutionKind.TESTING_LAB, InstitutionKind.METROLOGY_INSTITUTE}
