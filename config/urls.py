from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_ratelimit.decorators import ratelimit

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Before the other apps: the live polls, the most frequent requests by far, resolve first.
    path("", include("discussion.urls")),
    # Password guessing: a few attempts per address and minute, then the friendly 429 page.
    path(
        "konto/anmelden/",
        ratelimit(key="ip", rate="20/m", method="POST", block=True)(auth_views.LoginView.as_view()),
        name="login",
    ),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/passwort/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "konto/passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("participants.urls")),
]
