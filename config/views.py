from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_ratelimit.core import is_ratelimited

from participants.forms import JoinCodeForm


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit sends every blocked request here: a friendly page, status 429."""
    return render(request, "429.html", status=429)


def home(request: HttpRequest) -> HttpResponse:
    """The landing page; its code field sends ``?code=…`` here and goes on to the join page."""
    if "code" not in request.GET:
        return render(request, "home.html", {"code_form": JoinCodeForm()})
    # Guessing codes costs a lookup each: limit them per address like joins.
    if is_ratelimited(request, group="join-code", key="ip", rate="60/m", increment=True):
        return rate_limited(request, exception=None)
    form = JoinCodeForm(request.GET)
    if form.is_valid():
        return redirect("participants:join", code=form.cleaned_data["code"])
    return render(request, "home.html", {"code_form": form})


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the baseline of bench/load.py (no query, no template)."""
    return HttpResponse("ok", content_type="text/plain")
