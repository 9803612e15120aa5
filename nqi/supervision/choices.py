"""Vocabulary of graded supervision (分级分类监管, DB3304/T 055; glossary: risk level, enterprise class …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyDomain(models.TextChoices):
    """Which rules a policy row tunes: grading (分级分类) or spot-check sampling (双随机抽查)."""

    GRADING = "grading", _("分级分类")
    SAMPLING = "sampling", _("抽查抽样")


class RiskLevel(models.TextChoices):
    """Product risk grade 高/中/低 (浙江“三分”机制: 产品分级)."""

    HIGH = "high", _("高风险")
    MEDIUM = "medium", _("中风险")
    LOW = "low", _("低风险")


RISK_RANK = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}
RANK_RISK = {rank: level for level, rank in RISK_RANK.items()}


class EnterpriseClass(models.TextChoices):
    """Enterprise class AA 好 / A 较好 / B 一般 / C 差 (浙江“三分”机制: 企业分类)."""

    AA = "AA", _("AA（好）")
    A = "A", _("A（较好）")
    B = "B", _("B（一般）")
    C = "C", _("C（差）")


class CountyColour(models.TextChoices):
    """Four-colour map of counties by their share of C-class enterprises (区域分色)."""

    RED = "red", _("红色")
    YELLOW = "yellow", _("黄色")
    BLUE = "blue", _("蓝色")
    GREEN = "green", _("绿色")


class SupervisionMode(models.TextChoices):
    """The four supervision modes of DB3304/T 055 clause 5.2.1."""

    CREDIT = "credit", _("信用监管")
    RESPONSIBILITY = "responsibility", _("责任监管")
    ROUTINE = "routine", _("常态监管")
    STRICT = "strict", _("加严监管")


class CreditClass(models.TextChoices):
    """Enterprise credit-risk class, 国市监信发〔2022〕6号: A 低 / B 一般 / C 较高 / D 高."""

    A = "A", _("A 信用风险低")
    B = "B", _("B 信用风险一般")
    C = "C", _("C 信用风险较高")
    D = "D", _("D 信用风险高")


class VulnerableGroup(models.TextChoices):
    """敏感因子: the product's users include a vulnerable group."""

    NONE = "none", _("无")
    CHILDREN = "children", _("儿童")
    ELDERLY = "elderly", _("老年人")


class QualityEventKind(models.TextChoices):
    """One dated fact about an enterprise that enterprise classing counts over three years."""

    SPOTCHECK_PASS = "spotcheck_pass", _("抽查合格")
    SPOTCHECK_FAIL = "spotcheck_fail", _("抽查不合格")
    RECALL = "recall", _("缺陷召回")
    COMPLAINT = "complaint", _("质量投诉（属实）")
    CERTIFICATION = "certification", _("体系/产品认证")
    QUALITY_PROGRAMME = "quality_programme", _("质量提升项目（品字标、质量奖、对标达标等）")


class RiskSignalKind(models.TextChoices):
    """Evidence about a product category that product grading counts."""

    COMPLAINT = "complaint", _("消费投诉")
    RECALL = "recall", _("缺陷召回")
    EXTERNAL_ALERT = "external_alert", _("境内外风险预警")


class GradingTrigger(models.TextChoices):
    CITY = "city", _("全市重新分级")
    EVENT = "event", _("事件触发")


class GradingRunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
