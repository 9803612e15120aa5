"""Pages that belong to no domain: the per-role home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nqi.core.home import cards_for


@login_required
@require_GET
def home(request):
    return render(request, "core/home.html", {"cards": cards_for(request)})


@require_GET
def healthz(request):
    """Liveness and database reachability for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
