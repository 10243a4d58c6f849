from django.urls import include, path

app_name = "discussion"
urlpatterns: list = [
    path("", include("discussion.fazit_urls")),
]
