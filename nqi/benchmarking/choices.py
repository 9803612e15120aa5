"""Vocabularies of 对标达标 (glossary: indicator, benchmark, verdict, level, forerunner)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    MAX = "max", _("≤ 不大于")
    MIN = "min", _("≥ 不小于")
    RANGE = "range", _("范围")
    CLASS = "class", _("定性/等级")


class BenchmarkClass(models.TextChoices):
    """The classes of benchmark standard (DOMAIN.md §1.1): international, foreign advanced, domestic
    advanced; plus the mandatory national/industry requirement every product must meet anyway."""

    INTERNATIONAL = "international", _("国际标准")
    FOREIGN_ADVANCED = "foreign_advanced", _("国外先进标准")
    DOMESTIC_ADVANCED = "domestic_advanced", _("国内先进标准")
    REQUIREMENT = "requirement", _("国家/行业标准要求")


class Verdict(models.TextChoices):
    BETTER = "better", _("优于")
    EQUAL = "equal", _("持平")
    WORSE = "worse", _("低于")
    NOT_COMPARABLE = "not_comparable", _("不可比")
    MISSING = "missing", _("缺数据")


class Confidence(models.TextChoices):
    """Where an indicator's limit comes from; DEMO values are never presented as the standard's."""

    SOURCE = "SRC", _("已核对来源")
    MEMORY = "MEM", _("未核实")
    INFERRED = "INF", _("推断（如等同采用）")
    DEMO = "DEMO", _("示意值（演示，非标准原文）")
    ENTERED = "ENT", _("用户录入")


class IndustryFamily(models.TextChoices):
    """The featured-industry families the curated indicators serve (SOURCE.md)."""

    WOOD_FURNITURE = "wood_furniture", _("木业家具")
    CHILDREN_PRODUCTS = "children_products", _("童车玩具")
    APPLIANCES = "appliances", _("家用电器")
    AIR_COMPRESSORS = "air_compressors", _("空气压缩机")
    TEXTILES = "textiles", _("纺织服装")
    CHEMICAL_FIBRE = "chemical_fibre", _("化学纤维")
    GLASS_FIBRE = "glass_fibre", _("玻璃纤维")
    LEATHER = "leather", _("皮革")


class ValueKind(models.TextChoices):
    STANDARD_LIMIT = "standard_limit", _("企业标准指标值")
    TEST_RESULT = "test_result", _("检测结果")


class PolicyDomain(models.TextChoices):
    LEVEL_RULE = "level_rule", _("对标水平判定规则")
    RANKING = "ranking", _("领跑者分档规则")


class Level(models.TextChoices):
    """Level codes the engine produces; the label a policy version uses is stored with each result."""

    INTERNATIONAL_LEAD = "international_lead", _("国际领先")
    INTERNATIONAL_ADVANCED = "international_advanced", _("国际先进")
    FOREIGN_LEAD = "foreign_advanced_lead", _("国外领先")
    FOREIGN_ADVANCED = "foreign_advanced_advanced", _("国外先进")
    DOMESTIC_LEAD = "domestic_advanced_lead", _("国内领先")
    DOMESTIC_ADVANCED = "domestic_advanced_advanced", _("国内先进")
    REQUIREMENT_MET = "requirement_met", _("符合国家/行业标准要求")
    NOT_ATTAINED = "not_attained", _("未达到对标水平")


ATTAINED_LEVELS = tuple(level for level in Level if level not in (Level.REQUIREMENT_MET, Level.NOT_ATTAINED))
