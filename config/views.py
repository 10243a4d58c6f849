from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit sends every blocked request here: a friendly page, status 429."""
    return render(request, "429.html", status=429)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the baseline of bench/load.py (no query, no template)."""
    return HttpResponse("ok", content_type="text/plain")
