from django.urls import path

from workshops import views

app_name = "workshops"
urlpatterns = [
    path("workshops/", views.dashboard, name="dashboard"),
    path("workshops/neu/", views.workshop_create, name="create"),
    path("w/<slug:slug>/", views.workshop_detail, name="detail"),
    path("w/<slug:slug>/bearbeiten/", views.workshop_edit, name="edit"),
]
