from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workshops import services
from workshops.access import team_required
from workshops.forms import WorkshopForm
from workshops.models import Role, Workshop


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    workshops = list(Workshop.objects.filter(memberships__user=request.user).order_by("date", "start_time"))
    return render(
        request,
        "workshops/dashboard.html",
        {
            "upcoming": [w for w in workshops if w.date >= today],
            "past": [w for w in reversed(workshops) if w.date < today],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.create_workshop(user=request.user, **form.cleaned_data)
        messages.success(
            request, _("Der Workshop wurde angelegt. Jetzt können Sie die Tagesordnung aufbauen.")
        )
        return redirect("workshops:agenda", slug=workshop.slug)
    return render(request, "workshops/workshop_form.html", {"form": form})


@team_required(Role.NOTE_TAKER)
def workshop_detail(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    items = list(workshop.agenda_items.all())
    return render(
        request,
        "workshops/workshop_detail.html",
        {"workshop": workshop, "schedule": workshop.schedule(items), "membership": request.membership},
    )


@team_required(Role.FACILITATOR)
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        services.update_workshop(workshop=workshop, **form.cleaned_data)
        messages.success(request, _("Die Angaben wurden gespeichert."))
        return redirect(workshop)
    return render(request, "workshops/workshop_form.html", {"form": form, "workshop": workshop})
