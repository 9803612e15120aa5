"""Vocabularies of the one-stop service window (glossary: platform, service item, service request, task).

Service domains follow the NQI elements bundled by DB33/T 2428—2022 《质量基础设施"一站式"服务平台建设与管理
规范》 (计量、标准、认证认可、检验检测、质量管理), extended with 知识产权, 品牌 and 缺陷召回 as Zhejiang's
platforms do.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceDomain(models.TextChoices):
    METROLOGY = "metrology", _("计量")
    STANDARDS = "standards", _("标准")
    TESTING = "testing", _("检验检测")
    CERTIFICATION = "certification", _("认证认可")
    QUALITY_MANAGEMENT = "quality_management", _("质量管理")
    IP = "ip", _("知识产权")
    BRAND = "brand", _("品牌")
    RECALL = "recall", _("缺陷召回")


class Channel(models.TextChoices):
    """How the request reached the one window (一个窗口统一受理, online and offline)."""

    ONLINE = "online", _("网上申请")
    WALK_IN = "walk_in", _("窗口现场")
    PHONE = "phone", _("电话")
    HOUSEKEEPER = "housekeeper", _("质量管家代办")


CLERK_CHANNELS = (Channel.WALK_IN, Channel.PHONE, Channel.HOUSEKEEPER)


class Priority(models.TextChoices):
    URGENT = "urgent", _("紧急")
    NORMAL = "normal", _("普通")
    LOW = "low", _("不急")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已受理待分派")
    IN_SERVICE = "in_service", _("办理中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class TaskStatus(models.TextChoices):
    ROUTED = "routed", _("待接单")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_INFO = "awaiting_info", _("待企业补充")
    DELIVERED = "delivered", _("已交付")
    CANCELLED = "cancelled", _("已取消")


TASK_DONE = (TaskStatus.DELIVERED, TaskStatus.CANCELLED)


class DocumentKind(models.TextChoices):
    """Documents a catalog item may require; an enterprise gives each once (once-only principle)."""

    BUSINESS_LICENCE = "business_licence", _("营业执照")
    AUTHORIZATION_LETTER = "authorization_letter", _("授权委托书")
    PRODUCT_STANDARD = "product_standard", _("产品执行标准文本")
    PRODUCT_INFO = "product_info", _("产品说明及照片")
    TEST_COMMISSION = "test_commission", _("检验委托单")
    INSTRUMENT_LIST = "instrument_list", _("计量器具清单")
    QUALITY_MANUAL = "quality_manual", _("质量手册及程序文件")
    TRADEMARK_CERTIFICATE = "trademark_certificate", _("商标注册证")
    TECHNICAL_DOSSIER = "technical_dossier", _("技术资料（专利、图纸）")
    DEFECT_REPORT = "defect_report", _("缺陷调查报告")
    OTHER = "other", _("其他材料")


class StaffRole(models.TextChoices):
    CLERK = "clerk", _("窗口受理员")
    MANAGER = "manager", _("平台负责人")


class ClockKind(models.TextChoices):
    RESPONSE = "response", _("响应")
    RESOLUTION = "resolution", _("办结")


class EscalationLevel(models.IntegerChoices):
    """Who has been told about a late clock: the party doing the work, then the platform, then the bureau."""

    NONE = 0, _("未预警")
    RESPONSIBLE = 1, _("已提醒承办方")
    PLATFORM = 2, _("已上报平台负责人")
    BUREAU = 3, _("已上报市场监管部门")


class NoticeKind(models.TextChoices):
    SLA_WARNING = "sla_warning", _("时限预警")
    SLA_BREACHED = "sla_breached", _("超时上报")
    SLA_BUREAU = "sla_bureau", _("超时督办")
    INFO_REQUESTED = "info_requested", _("需补充材料")
    RETURNED = "returned", _("申请被退回")
    DELIVERED = "delivered", _("结果已交付")
    CLOSED = "closed", _("申请已办结")
    ROUTED = "routed", _("新的服务任务")


class AttachmentPurpose(models.TextChoices):
    RESULT = "result", _("办理结果")
    INFO = "info", _("补充材料")
