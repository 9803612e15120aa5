"""The enterprise 360° profile: a registry of labelled sections that each module fills.

Identity and products are built in. Later modules register their section under one of the keys below
(replacing the placeholder), so the profile grows without this app importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ProfileSection:
    key: str
    label: str
    order: int
    template: str | None = None
    context: Callable | None = None  # (request, enterprise) -> dict
    visible: Callable | None = None  # (user, enterprise) -> bool
    pending: str = ""  # what this section will show once its module exists


_sections: dict[str, ProfileSection] = {}

for _key, _label, _order, _pending in (
    ("standards", _("执行标准与标准化"), 30, _("标准库上线后，这里显示产品执行标准的状态与变更提醒。")),
    ("benchmarking", _("对标达标"), 40, _("对标达标模块上线后，这里显示对标结果与领跑者称号。")),
    ("servicedesk", _("一站式服务"), 50, _("一站式服务模块上线后，这里显示服务申请与满意度。")),
    ("assistance", _("质量管家"), 60, _("质量管家模块上线后，这里显示走访记录与问题解决情况。")),
    ("supervision", _("分级分类监管"), 70, _("分级分类模块上线后，这里显示企业分类与监管方式。")),
    ("spotchecks", _("监督抽查"), 80, _("监督抽查模块上线后，这里显示抽查结果与后处理。")),
):
    _sections[_key] = ProfileSection(_key, _label, _order, pending=_pending)


def register(section: ProfileSection) -> None:
    _sections[section.key] = section


def sections_for(request, enterprise) -> list[dict]:
    result = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        if section.visible and not section.visible(request.user, enterprise):
            continue
        context = section.context(request, enterprise) if section.context else {}
        result.append({"section": section, "context": context})
    return result
