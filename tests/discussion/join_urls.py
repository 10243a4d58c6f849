"""Stand-in for the participants app's join URL (see conftest._join_page_exists)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

join_patterns = ([path("j/<str:code>/", lambda request, code: HttpResponse(), name="join")], "participants")
urlpatterns = [path("", include(join_patterns)), *project_urlpatterns]
