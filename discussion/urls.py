from django.urls import include, path

from discussion import views

app_name = "discussion"
urlpatterns = [
    # The participants' wall poll first: it is by far the most frequent request.
    path("j/<str:code>/fragen/<int:pk>/wand/", views.wall_poll, name="wall_poll"),
    # Participants (no account; bound by the join code and the session)
    path("j/<str:code>/fragen/", views.participant_questions, name="participant_questions"),
    path("j/<str:code>/fragen/<int:pk>/", views.participant_question, name="participant_question"),
    path("j/<str:code>/fragen/<int:pk>/antworten/", views.answer_create, name="answer_create"),
    path("j/<str:code>/fragen/<int:pk>/punkte/", views.vote_page, name="vote_page"),
    path("j/<str:code>/antworten/<int:pk>/bearbeiten/", views.answer_edit, name="answer_edit"),
    path("j/<str:code>/antworten/<int:pk>/loeschen/", views.answer_delete, name="answer_delete"),
    path("j/<str:code>/antworten/<int:pk>/punkt/", views.vote, name="vote"),
    # Team: questions and moderation
    path("w/<slug:slug>/fragen/", views.question_list, name="questions"),
    path("w/<slug:slug>/fragen/neu/", views.question_create, name="question_create"),
    path("w/<slug:slug>/fragen/<int:pk>/", views.moderation, name="moderation"),
    path("w/<slug:slug>/fragen/<int:pk>/stand/", views.moderation_poll, name="moderation_poll"),
    path("w/<slug:slug>/fragen/<int:pk>/bearbeiten/", views.question_edit, name="question_edit"),
    path("w/<slug:slug>/fragen/<int:pk>/status/", views.question_status, name="question_status"),
    path("w/<slug:slug>/fragen/<int:pk>/punktabfrage/", views.voting, name="voting"),
    path("w/<slug:slug>/fragen/<int:pk>/karte/", views.card_answer, name="card_answer"),
    path("w/<slug:slug>/fragen/<int:pk>/themen/", views.theme_create, name="theme_create"),
    path("w/<slug:slug>/fragen/<int:pk>/praesentation/", views.presentation, name="presentation"),
    path("w/<slug:slug>/fragen/<int:pk>/praesentation/wand/", views.projector_poll, name="projector_poll"),
    path("w/<slug:slug>/fragen/<int:pk>/rangfolge/", views.ranking, name="ranking"),
    path("w/<slug:slug>/antworten/<int:pk>/markieren/", views.answer_flag, name="answer_flag"),
    path("w/<slug:slug>/antworten/<int:pk>/thema/", views.answer_theme, name="answer_theme"),
    path("w/<slug:slug>/themen/<int:pk>/umbenennen/", views.theme_rename, name="theme_rename"),
    path("w/<slug:slug>/themen/<int:pk>/zusammenfuehren/", views.theme_merge, name="theme_merge"),
    # Team: live cockpit and notes
    path("w/<slug:slug>/live/", views.cockpit, name="cockpit"),
    path("w/<slug:slug>/live/punkt/", views.cockpit_move, name="cockpit_move"),
    path("w/<slug:slug>/notizen/", views.note_list, name="notes"),
    path("w/<slug:slug>/notizen/<int:item_pk>/", views.note_edit, name="note_edit"),
    path("", include("discussion.fazit_urls")),
]
