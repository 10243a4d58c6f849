from django.urls import path

from participants import views

app_name = "participants"
urlpatterns = [
    # Participants (no account): /j/<code>/…
    path("j/<str:code>/", views.join, name="join"),
    path("j/<str:code>/weiter/<str:token>/", views.resume, name="resume"),
    path("j/<str:code>/ich/", views.me, name="me"),
    path("j/<str:code>/ich/bearbeiten/", views.me_edit, name="me_edit"),
    path("j/<str:code>/ich/neuer-link/", views.me_new_link, name="me_new_link"),
    path("j/<str:code>/ich/verlassen/", views.me_leave, name="me_leave"),
    path("j/<str:code>/vorstellungsrunde/", views.participant_introductions, name="introductions"),
    path("j/<str:code>/wer-ist-da/", views.participant_overview, name="overview"),
    # Team: /w/<slug>/…
    path("w/<slug:slug>/teilnehmende/", views.team_list, name="team_list"),
    path("w/<slug:slug>/teilnehmende/beitritt/", views.team_joining, name="team_joining"),
    path("w/<slug:slug>/teilnehmende/neu/", views.team_add, name="team_add"),
    path("w/<slug:slug>/teilnehmende/<int:pk>/bearbeiten/", views.team_edit, name="team_edit"),
    path("w/<slug:slug>/teilnehmende/<int:pk>/entfernen/", views.team_remove, name="team_remove"),
    path("w/<slug:slug>/teilnehmende/import/", views.team_import, name="team_import"),
    path("w/<slug:slug>/teilnehmende/export.csv", views.team_export, name="team_export"),
    path("w/<slug:slug>/teilnehmende/daten-loeschen/", views.team_erase, name="team_erase"),
    path("w/<slug:slug>/vorstellungsrunde/", views.team_introductions, name="team_introductions"),
    path("w/<slug:slug>/wer-ist-da/", views.team_overview, name="team_overview"),
    path("w/<slug:slug>/beamer/", views.beamer, name="beamer"),
    path("w/<slug:slug>/qr.svg", views.qr_code, name="qr"),
]
