from django.urls import path

from . import apis

app_name = "clearing-api"
urlpatterns = [
    path("companies/<slug:slug>/response-figures/", apis.ResponseFiguresApi.as_view(), name="response_figures"),
    path("classes/<int:pk>/clearing/", apis.ClassClearingApi.as_view(), name="class_clearing"),
    path("students/<int:pk>/nudge/", apis.NudgeApi.as_view(), name="nudge"),
]
