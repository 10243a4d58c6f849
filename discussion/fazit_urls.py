from django.urls import path

from discussion import fazit_views as views

# Included from discussion/urls.py, so the names live in the "discussion" namespace.
urlpatterns = [
    path("w/<slug:slug>/fazit/", views.fazit_edit, name="fazit"),
    path("w/<slug:slug>/fazit/einleitung/", views.introduction_update, name="fazit_introduction"),
    path("w/<slug:slug>/fazit/aussagen/neu/", views.statement_add, name="statement_add"),
    path("w/<slug:slug>/fazit/aussagen/<int:pk>/bearbeiten/", views.statement_edit, name="statement_edit"),
    path("w/<slug:slug>/fazit/aussagen/<int:pk>/loeschen/", views.statement_delete, name="statement_delete"),
    path("w/<slug:slug>/fazit/aussagen/<int:pk>/verschieben/", views.statement_move, name="statement_move"),
    path(
        "w/<slug:slug>/fazit/aus-antwort/<int:pk>/", views.statement_from_answer, name="statement_from_answer"
    ),
    path("w/<slug:slug>/fazit/aus-thema/<int:pk>/", views.statement_from_theme, name="statement_from_theme"),
    path("w/<slug:slug>/fazit/abschliessen/", views.fazit_finalise, name="fazit_finalise"),
    path("w/<slug:slug>/zusammenfassung/", views.summary, name="summary"),
    path("w/<slug:slug>/zusammenfassung/abschnitte/", views.summary_sections, name="summary_sections"),
    path("w/<slug:slug>/zusammenfassung/pdf/", views.summary_pdf, name="summary_pdf"),
    path("w/<slug:slug>/zusammenfassung/markdown/", views.summary_markdown, name="summary_markdown"),
    path("w/<slug:slug>/zusammenfassung/csv/<str:kind>/", views.summary_csv, name="summary_csv"),
    path("w/<slug:slug>/zusammenfassung/archiv/", views.workshop_archive, name="workshop_archive"),
    path("w/<slug:slug>/zusammenfassung/veroeffentlichen/", views.summary_publish, name="summary_publish"),
    path("w/<slug:slug>/zusammenfassung/zurueckziehen/", views.summary_unpublish, name="summary_unpublish"),
    path("j/<str:code>/fazit/", views.participant_fazit, name="participant_fazit"),
    path("j/<str:code>/fazit/<int:pk>/", views.endorse, name="endorse"),
    path("zusammenfassung/<str:token>/", views.published_pdf, name="published_pdf"),
]
