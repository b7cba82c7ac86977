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
        "entdeckertage/<int:season_id>/klassen/<int:class_id>/block/",
        views.teacher_class_block,
        name="teacher_class_block",
    ),
    path(
        "entdeckertage/<int:season_id>/klassen/<int:class_id>/grund/",
        views.teacher_reason,
        name="teacher_reason",
    ),
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
    path("entdeckertage/stadt/neu/", views.staff_season_new, name="staff_season_new"),
    path("entdeckertage/stadt/<int:season_id>/", views.staff_season, name="staff_season_detail"),
    path("entdeckertage/stadt/<int:season_id>/phasen/", views.staff_phases, name="staff_phases"),
    path("entdeckertage/stadt/<int:season_id>/schueler/", views.staff_pupils, name="staff_pupils"),
    path("entdeckertage/stadt/<int:season_id>/schueler/<int:student_id>/", views.staff_pupil, name="staff_pupil"),
    path("entdeckertage/verteilung/<int:pk>/", views.staff_run, name="staff_run"),
    path("entdeckertage/<int:season_id>/verteilung/", views.staff_run_start, name="staff_run_start"),
    path("entdeckertage/verteilung/<int:pk>/veroeffentlichen/", views.staff_run_publish, name="staff_run_publish"),
]
