from django.urls import path

from . import apis

app_name = "matching-api"
urlpatterns = [
    path("search/", apis.SearchApi.as_view(), name="search"),
    path("matches/", apis.MatchesApi.as_view(), name="matches"),
]
