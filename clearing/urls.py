from django.urls import path

from . import views

app_name = "clearing"
urlpatterns = [
    path("klassen/<int:pk>/ohne-platz/", views.class_clearing, name="class_clearing"),
    path("klassen/<int:pk>/ohne-platz/<int:student_id>/erinnern/", views.nudge, name="nudge"),
    path(
        "klassen/<int:pk>/ohne-platz/<int:student_id>/empfehlen/<int:placement_id>/",
        views.recommend,
        name="recommend",
    ),
]
