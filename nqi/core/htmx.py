"""The htmx half of a view: the same view renders a named partial when htmx asks (STYLE-ANCHORS §9)."""

from django.shortcuts import render


def render_page_or_partial(request, template: str, context: dict, partial: str = "results"):
    """Render the whole page, or only `template#partial` for an htmx request that targets it."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)
