"""The one place that answers "this workshop, for this user, with at least this role".

Anything else answers 404, so nobody learns that a workshop exists that they may not see.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from workshops.models import Membership, Role, Workshop


def get_workshop_for_user(user, slug: str, minimum: str = Role.NOTE_TAKER) -> tuple[Workshop, Membership]:
    if not user.is_authenticated:
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("workshop"), workshop__slug=slug, user=user
    )
    if not membership.has_role(minimum):
        raise Http404
    return membership.workshop, membership


def team_required(minimum: str = Role.NOTE_TAKER):
    """View decorator: log in, then resolve ``slug`` into ``request.workshop`` and
    ``request.membership`` with at least ``minimum`` role (404 otherwise). The view gets
    ``workshop`` instead of ``slug``."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            workshop, membership = get_workshop_for_user(request.user, slug, minimum)
            request.workshop = workshop
            request.membership = membership
            return view(request, workshop, *args, **kwargs)

        return wrapper

    return decorator
