from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("suche/", views.search, name="search"),
    path("meine-matches/", views.my_matches, name="my_matches"),
    path("schueler/<int:student_id>/matches/", views.student_matches, name="student_matches"),
]
