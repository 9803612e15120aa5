"""The navigation registry: each app declares its menu entries in its own `navigation.py`.

Menu groups follow the bureau's three-in-one model (产业提升 / 企业提档 / 产品提质) plus the cockpit,
the shared registries and administration. A group with no entries yet tells the user what will come.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: str
    icon: str
    coming: str = ""


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    icon: str = "circle"
    visible: Callable | None = None
    order: int = 100
    url_kwargs: dict = field(default_factory=dict)

    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs or None)


GROUPS = [
    MenuGroup(
        "industry", _("产业提升"), "diagram-3", _("一县一业一策、行业标准体系、重点标准研制攻坚将在此出现。")
    ),
    MenuGroup("enterprise", _("企业提档"), "building-up", _("对标达标、质量管家、一站式服务将在此出现。")),
    MenuGroup("product", _("产品提质"), "shield-check", _("分级分类监管、监督抽查、缺陷召回将在此出现。")),
    MenuGroup("cockpit", _("驾驶舱"), "speedometer2", _("指标驾驶舱与年度报告将在此出现。")),
    MenuGroup("registry", _("基础库"), "database", ""),
    MenuGroup("admin", _("系统管理"), "gear", ""),
]

_items: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)


def menu_for(user) -> list[dict]:
    """The groups and the entries this user may see, in display order."""
    result = []
    for group in GROUPS:
        entries = sorted(
            (i for i in _items if i.group == group.key and (i.visible is None or i.visible(user))),
            key=lambda i: (i.order, str(i.label)),
        )
        if not entries:
            continue  # a group with nothing for this user is not shown at all
        result.append({"group": group, "items": entries})
    return result
