"""Vocabulary of spot checks (监督抽查; SAMR Order 18 《产品质量监督抽查管理暂行办法》, 双随机、一公开)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    DRAWN = "drawn", _("已抽取")
    ISSUED = "issued", _("已下达")
    CLOSED = "closed", _("已完成")


class Stage(models.TextChoices):
    """Where the sample is taken: at the producer, in circulation (shops, markets) or online."""

    PRODUCTION = "production", _("生产领域")
    CIRCULATION = "circulation", _("流通领域")
    ECOMMERCE = "ecommerce", _("电子商务")


STAGE_ORDER = {Stage.PRODUCTION: 0, Stage.CIRCULATION: 1, Stage.ECOMMERCE: 2}


class TaskStatus(models.TextChoices):
    DRAWN = "drawn", _("待抽样")
    SAMPLED = "sampled", _("已抽样")
    REFUSED = "refused", _("拒绝抽样")
    IN_TESTING = "in_testing", _("检验中")
    RESULT_READY = "result_ready", _("检验结论待告知")
    NOTIFIED = "notified", _("已告知（异议期）")
    RETESTING = "retesting", _("复检中")
    RECTIFYING = "rectifying", _("整改中")
    RECHECKING = "rechecking", _("待复查")
    ENFORCEMENT = "enforcement", _("已移送稽查")
    CLOSED = "closed", _("已办结")


class Verdict(models.TextChoices):
    QUALIFIED = "qualified", _("合格")
    UNQUALIFIED = "unqualified", _("不合格")


class ItemVerdict(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")


class SelectionReason(models.TextChoices):
    """Why the draw chose a target (published with the draw)."""

    STRICT = "strict", _("加严监管必抽")
    COVERAGE = "coverage", _("区域/产业覆盖")
    RANDOM = "random", _("纯随机")
    WEIGHTED = "weighted", _("风险加权随机")


class RetestOutcome(models.TextChoices):
    UPHELD = "upheld", _("维持原结论")
    OVERTURNED = "overturned", _("改判合格")
