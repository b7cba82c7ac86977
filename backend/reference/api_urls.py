from django.urls import path  # noqa: F401

app_name = "reference-api"
urlpatterns: list = []
