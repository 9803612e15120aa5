"""Vocabularies of the standards catalog (glossary: standard, family, mandate, standard status …).

Families and mandates follow the numbering rules of 《标准化法》(2017) 第二条 (national, sector, local,
group and enterprise standards; national standards are mandatory or recommended) and GB/T 1.1—2020;
number formats are in DOMAIN.md §18.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardFamily(models.TextChoices):
    NATIONAL = "national", _("国家标准")
    SECTOR = "sector", _("行业标准")
    LOCAL = "local", _("地方标准")
    GROUP = "group", _("团体标准")
    ENTERPRISE = "enterprise", _("企业标准")
    INTERNATIONAL = "international", _("国际标准")
    REGIONAL = "regional", _("区域标准")
    FOREIGN = "foreign", _("国外标准")
    UNKNOWN = "unknown", _("未识别")


class Mandate(models.TextChoices):
    """《标准化法》第二条: mandatory (GB), recommended (/T); guidance documents (/Z) per GB/T 1.1—2020."""

    MANDATORY = "mandatory", _("强制性")
    RECOMMENDED = "recommended", _("推荐性")
    GUIDANCE = "guidance", _("指导性技术文件")
    NONE = "", _("不适用")


class StandardStatus(models.TextChoices):
    """The status vocabulary of std.samr.gov.cn, plus 制定中 for ISO/IEC drafts (stage < 60)."""

    DRAFT = "draft", _("制定中")
    UPCOMING = "upcoming", _("即将实施")
    CURRENT = "current", _("现行")
    REPLACED = "replaced", _("被代替")
    WITHDRAWN = "withdrawn", _("废止")


IN_FORCE_STATUSES = (StandardStatus.CURRENT,)
ENDED_STATUSES = (StandardStatus.REPLACED, StandardStatus.WITHDRAWN)


class AdoptionDegree(models.TextChoices):
    """GB/T 1.2—2020 (采用国际标准): identical, modified, not equivalent."""

    IDT = "IDT", _("等同采用 IDT")
    MOD = "MOD", _("修改采用 MOD")
    NEQ = "NEQ", _("非等效 NEQ")
    EQV = "EQV", _("等效采用 EQV（2001 年前）")


class RelationKind(models.TextChoices):
    """How a newer standard relates to an older one (代替 / 部分代替 / 修改单)."""

    REPLACES = "replaces", _("代替")
    PARTIALLY_REPLACES = "partially_replaces", _("部分代替")
    AMENDS = "amends", _("修改")


class Confidence(models.TextChoices):
    """Where a catalog row comes from and how far it may be trusted (shown beside every record)."""

    CATALOG = "catalog", _("官方目录数据")
    SOURCE = "source", _("已核对来源")
    MEMORY = "memory", _("未核实")
    SYNTHETIC = "synthetic", _("演示合成数据")


class MatchedBy(models.TextChoices):
    """How a product's 执行标准 text was linked to a catalog record."""

    EXACT = "exact", _("标准号完全匹配")
    EDITION = "edition", _("未写年代号，匹配最新版本")
    MANUAL = "manual", _("人工指定")


class NoticeKind(models.TextChoices):
    REPLACED = "replaced", _("标准被代替")
    WITHDRAWN = "withdrawn", _("标准废止")
    NEW_VERSION = "new_version", _("发布新版本")
    TOOK_EFFECT = "took_effect", _("标准开始实施")
    PUBLISHED = "published", _("标准发布")


class NoticeReason(models.TextChoices):
    """Why a recipient got a notice: they watch the standard, or their products are made to it."""

    WATCH = "watch", _("关注的标准")
    PRODUCT = "product", _("产品执行标准")


class KeyProjectStatus(models.TextChoices):
    """重点标准研制攻坚 stages, after the 《国家标准管理办法》(2022) 第三章 drafting procedure."""

    PROPOSED = "proposed", _("申报")
    APPROVED = "approved", _("已立项")
    DRAFTING = "drafting", _("起草")
    CONSULTING = "consulting", _("征求意见")
    REVIEWING = "reviewing", _("技术审查")
    SUBMITTED = "submitted", _("报批")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已撤销")


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    DRAFTER = "drafter", _("参与起草")
    SUPPORT = "support", _("技术支撑")


class ImportKind(models.TextChoices):
    ISO = "iso", _("ISO 目录")
    IEC = "iec", _("IEC 目录")
    INTERNATIONAL_PACK = "intl_pack", _("ISO/IEC 精简包")
    CURATED = "curated", _("精选中国标准")
    SYNTHETIC = "synthetic", _("合成数据")
    CSV = "csv", _("表格导入")
