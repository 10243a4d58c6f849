from django.urls import path

from workshops import views

app_name = "workshops"
urlpatterns = [
    path("workshops/", views.dashboard, name="dashboard"),
    path("workshops/neu/", views.workshop_create, name="create"),
    path("w/<slug:slug>/", views.workshop_detail, name="detail"),
    path("w/<slug:slug>/bearbeiten/", views.workshop_edit, name="edit"),
    path("w/<slug:slug>/duplizieren/", views.workshop_duplicate, name="duplicate"),
    path("w/<slug:slug>/loeschen/", views.workshop_delete, name="delete"),
    path("w/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("w/<slug:slug>/agenda/ansicht/", views.agenda_sheet, name="agenda_sheet"),
    path("w/<slug:slug>/agenda/neu/", views.item_add, name="item_add"),
    path("w/<slug:slug>/agenda/reihenfolge/", views.agenda_reorder, name="agenda_reorder"),
    path("w/<slug:slug>/agenda/<int:pk>/bearbeiten/", views.item_edit, name="item_edit"),
    path("w/<slug:slug>/agenda/<int:pk>/loeschen/", views.item_delete, name="item_delete"),
    path("w/<slug:slug>/agenda/<int:pk>/verschieben/", views.item_move, name="item_move"),
    path("w/<slug:slug>/team/", views.team, name="team"),
    path("w/<slug:slug>/team/hinzufuegen/", views.member_add, name="member_add"),
    path("w/<slug:slug>/team/<int:pk>/rolle/", views.member_role, name="member_role"),
    path("w/<slug:slug>/team/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path("programm/<str:token>/", views.public_agenda, name="public_agenda"),
]
