from django.conf import settings


def site(request):
    return {
        "impressum_url": settings.WERKSTATT_IMPRESSUM_URL,
        "accessibility_url": settings.WERKSTATT_ACCESSIBILITY_URL,
        "operator_name": settings.WERKSTATT_OPERATOR,
    }
