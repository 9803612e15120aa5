"""Paging for list pages and API lists: a page of rows plus the numbers a pager needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200


@dataclass
class PageWindow:
    page: object
    paginator: Paginator
    page_size: int

    @property
    def object_list(self):
        return self.page.object_list

    def page_range(self):
        return self.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)


def clamp_page_size(value, default: int = DEFAULT_PAGE_SIZE) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def paginate(queryset, *, page, page_size=None) -> PageWindow:
    """Return the requested page; a page number out of range gives the last page, garbage the first."""
    size = clamp_page_size(page_size)
    paginator = Paginator(queryset, size)
    try:
        current = paginator.page(page or 1)
    except PageNotAnInteger:
        current = paginator.page(1)
    except EmptyPage:
        current = paginator.page(paginator.num_pages)
    return PageWindow(page=current, paginator=paginator, page_size=size)
