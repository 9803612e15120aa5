"""Organization kinds and membership roles (ARCHITECTURE.md §4; glossary: organization, role)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    BUREAU = "bureau", _("市场监管部门")
    ENTERPRISE = "enterprise", _("企业")
    INSTITUTION = "institution", _("技术机构")
    EXPERT_PANEL = "expert_panel", _("专家库")


class Role(models.TextChoices):
    # bureau
    ADMIN = "admin", _("系统管理员")
    OFFICER = "officer", _("业务科员")
    INSPECTOR = "inspector", _("执法检查员")
    WINDOW = "window", _("窗口受理员")
    LEADER = "leader", _("领导（只读）")
    # enterprise
    OWNER = "owner", _("企业负责人")
    STAFF = "staff", _("企业质量管理员")
    # institution
    MANAGER = "manager", _("机构管理员")
    ANALYST = "analyst", _("检测人员")
    # expert
    HOUSEKEEPER = "housekeeper", _("质量管家")
    EVALUATOR = "evaluator", _("评审专家")


ROLES_BY_KIND = {
    OrganizationKind.BUREAU: {Role.ADMIN, Role.OFFICER, Role.INSPECTOR, Role.WINDOW, Role.LEADER},
    OrganizationKind.ENTERPRISE: {Role.OWNER, Role.STAFF},
    OrganizationKind.INSTITUTION: {Role.MANAGER, Role.ANALYST},
    OrganizationKind.EXPERT_PANEL: {Role.HOUSEKEEPER, Role.EVALUATOR},
}

BUREAU_WRITE_ROLES = {Role.ADMIN, Role.OFFICER}
BUREAU_ROLES = ROLES_BY_KIND[OrganizationKind.BUREAU]
