from django.urls import path

from .apis import StatsApi

urlpatterns = [path("stats/", StatsApi.as_view(), name="api-stats")]
