"""Writes on users, organizations, memberships, API tokens and two-factor devices."""

from __future__ import annotations

import hashlib
import secrets

import pyotp
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.accounts.choices import ROLES_BY_KIND
from nqi.accounts.models import ApiToken, Membership, Organization, TotpDevice, User
from nqi.core import auditing
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize

SYSTEM_USERNAME = "system"
TOKEN_PREFIX = "nqi"


def system_actor() -> User:
    """The named actor for command-line and background writes (never signs in)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_system": True, "display_name": "系统", "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def user_create(
    *, actor, username: str, password: str | None, display_name: str = "", phone: str = ""
) -> User:
    authorize(actor, "accounts.manage_users")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), code="duplicate_username", field="username")
    user = User(username=username, display_name=display_name, phone=phone)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed({"password": list(exc.messages)}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.save()
        auditing.record(actor=actor, event_type="accounts.user_created", target=user, summary=username)
    return user


def organization_create(*, actor, kind: str, name: str, jurisdiction=None, parent=None) -> Organization:
    authorize(actor, "accounts.manage_users")
    with transaction.atomic():
        org = Organization.objects.create(kind=kind, name=name, jurisdiction=jurisdiction, parent=parent)
        auditing.record(actor=actor, event_type="accounts.organization_created", target=org, summary=name)
    return org


def membership_grant(*, actor, user: User, organization: Organization, role: str) -> Membership:
    """Give `user` a role in `organization`; the role must belong to the organization's kind."""
    authorize(actor, "accounts.manage_users")
    if role not in ROLES_BY_KIND.get(organization.kind, set()):
        raise DomainError(_("该角色不适用于此类组织。"), code="role_kind_mismatch", field="role")
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organization=organization, role=role, defaults={"is_active": True}
        )
        auditing.record(
            actor=actor,
            event_type="accounts.membership_granted",
            target=membership,
            summary=f"{user} → {organization} ({role})",
        )
    return membership


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def apitoken_issue(*, actor, user: User, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain secret, which is never stored and shown only once."""
    authorize(actor, "accounts.manage_own_tokens", ApiToken(user=user))
    if not name.strip():
        raise DomainError(_("请填写令牌用途。"), code="required", field="name")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:80], prefix=prefix, digest=_digest(plain), expires_at=expires_at
        )
        auditing.record(actor=actor, event_type="accounts.apitoken_issued", target=token, summary=token.name)
    return token, plain


def apitoken_revoke(*, actor, token: ApiToken) -> ApiToken:
    authorize(actor, "accounts.manage_own_tokens", token)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            auditing.record(
                actor=actor, event_type="accounts.apitoken_revoked", target=token, summary=token.name
            )
    return token


def apitoken_authenticate(plain: str) -> User | None:
    """The active user behind a presented token, or None. Compares digests in constant time."""
    parts = (plain or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not secrets.compare_digest(token.digest, _digest(plain)):
        return None
    now = timezone.now()
    if token.expires_at and token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def totp_enrol(*, actor, user: User) -> TotpDevice:
    """Start (or restart, while unconfirmed) two-factor enrolment with a fresh secret."""
    if actor.pk != user.pk:
        authorize(actor, "accounts.manage_users")
    with transaction.atomic():
        device, _created = TotpDevice.objects.get_or_create(
            user=user, defaults={"secret": pyotp.random_base32()}
        )
        if device.confirmed_at is None and not _created:
            device.secret = pyotp.random_base32()
            device.save(update_fields=["secret"])
        auditing.record(actor=actor, event_type="accounts.totp_enrolled", target=user, summary=str(user))
    return device


def totp_check(*, user: User, code: str) -> bool:
    """Verify a 6-digit code (±1 time step); a code is accepted once only (replay protection)."""
    device = TotpDevice.objects.filter(user=user).first()
    code = (code or "").strip().replace(" ", "")
    if device is None or not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    step_now = int(now.timestamp()) // totp.interval
    for offset in (-1, 0, 1):
        step = step_now + offset
        if step > device.last_used_step and secrets.compare_digest(totp.at(step * totp.interval), code):
            with transaction.atomic():
                updated = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
                    last_used_step=step, confirmed_at=device.confirmed_at or now
                )
                if updated:
                    auditing.record(
                        actor=user, event_type="accounts.totp_verified", target=user, summary=str(user)
                    )
            return bool(updated)
    return False
