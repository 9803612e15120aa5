"""Vocabularies of the quality housekeepers (glossary: housekeeper, pairing, visit, problem).

诊、检、培、攻、导 (DOMAIN.md §11b): diagnosis on site, testing support, training, joint problem tackling
(质量攻关) and guidance towards advanced methods, brands and standards.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    DIAGNOSE = "diagnose", _("诊（质量诊断）")
    TEST = "test", _("检（检验检测）")
    TRAIN = "train", _("培（培训）")
    TACKLE = "tackle", _("攻（质量攻关）")
    GUIDE = "guide", _("导（导入先进方法）")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    SOLVED = "solved", _("已解决")
    DROPPED = "dropped", _("不再跟进")
