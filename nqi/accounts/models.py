"""Users, the organizations they act for, and their roles there (glossary: user, organization, membership)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.models import TimeStampedModel


class User(AbstractUser):
    """A person (or the named system actor) who signs in; rights come from memberships, not flags."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_system = models.BooleanField(
        _("系统操作者"), default=False, help_text=_("命令行与后台任务以此身份写入，审计可追溯。")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username


class Organization(TimeStampedModel):
    """A bureau (or district sub-bureau), an enterprise, an institution or an expert panel.

    A bureau's `jurisdiction` is the region subtree its officers may see; the city bureau's is the city.
    """

    kind = models.CharField(_("类型"), max_length=20, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    jurisdiction = models.ForeignKey(
        "regions.Region",
        verbose_name=_("辖区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in one organization; a user may hold several memberships."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        ordering = ["user", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class ApiToken(TimeStampedModel):
    """A personal API token; only its SHA-256 digest is stored, the secret is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=80)
    prefix = models.CharField(_("前缀"), max_length=12, unique=True)
    digest = models.CharField(_("摘要"), max_length=64)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class TotpDevice(TimeStampedModel):
    """An RFC 6238 authenticator bound to a user; required for bureau administrators."""

    user = models.OneToOneField(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(_("密钥"), max_length=64)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("最近使用时间片"), default=0)

    class Meta:
        verbose_name = _("两步验证设备")
        verbose_name_plural = _("两步验证设备")
        ordering = ["user"]

    def __str__(self) -> str:
        return f"TOTP {self.user}"
