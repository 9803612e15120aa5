"""Sign-in throttling: after N failures for one username from one address, refuse for a while.

Counters live in the shared cache so every server sees the same count (等保 2.0 GB/T 22239-2019
8.1.4.1 b: 登录失败处理功能，限制非法登录次数).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()[:32]
    return f"nqi:login-failures:{digest}"


def is_locked(username: str, ip: str) -> bool:
    return cache.get(_key(username, ip), 0) >= settings.NQI_LOGIN_MAX_FAILURES


def register_failure(username: str, ip: str) -> int:
    key = _key(username, ip)
    if cache.add(key, 1, settings.NQI_LOGIN_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, settings.NQI_LOGIN_WINDOW_SECONDS)
        return 1


def clear(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
