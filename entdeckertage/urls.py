from django.urls import path

from . import views

app_name = "entdeckertage"
urlpatterns = [
    path("entdeckertage/", views.my_days, name="my_days"),
    path("entdeckertage/<int:season_id>/bescheinigung/<int:student_id>.pdf", views.certificate, name="certificate"),
    path("entdeckertage/mein-kind/", views.parent_days, name="parent_days"),
    path("entdeckertage/angebote/", views.company_offers, name="company_offers"),
    path("entdeckertage/angebote/<slug:slug>/neu/", views.offer_new, name="offer_new"),
    path("entdeckertage/angebot/<int:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path("entdeckertage/angebot/<int:pk>/absagen/", views.offer_cancel, name="offer_cancel"),
    path("entdeckertage/anwesenheit/<int:pk>/", views.attendance, name="attendance"),
    path("entdeckertage/klassen/", views.teacher_classes, name="teacher_classes"),
    path(
        "entdeckertage/<int:season_id>/klassen/<int:class_id>/<slug:action>/",
        views.teacher_class_action,
        name="teacher_class_action",
    ),
    path(
        "entdeckertage/<int:season_id>/klassen/<int:class_id>/programm.pdf",
        views.class_programme,
        name="class_programme",
    ),
    path("entdeckertage/stadt/", views.staff_season, name="staff_season"),
    path("entdeckertage/<int:season_id>/verteilung/", views.staff_run_start, name="staff_run_start"),
    path("entdeckertage/verteilung/<int:pk>/veroeffentlichen/", views.staff_run_publish, name="staff_run_publish"),
]
