from django.urls import path

from . import views

app_name = "seekers"
urlpatterns = [
    # sign-up
    path("registrieren/schueler/", views.signup_student, name="signup_student"),
    path("registrieren/lehrkraft/", views.signup_teacher, name="signup_teacher"),
    path("registrieren/eltern/", views.signup_parent, name="signup_parent"),
    # students
    path("profil/", views.profile, name="profile"),
    path("profil/interessen/", views.interests, name="interests"),
    path("profil/klasse/", views.class_join, name="class_join"),
    path("profil/klasse/<int:pk>/verlassen/", views.class_leave, name="class_leave"),
    path("profil/eltern-code/", views.parent_code, name="parent_code"),
    path("profil/eltern/<int:pk>/entfernen/", views.parent_link_remove, name="parent_link_remove"),
    path("merkliste/", views.favourites, name="favourites"),
    path("merkliste/<int:pk>/", views.favourite_edit, name="favourite_edit"),
    path("merkliste/neu/<int:placement_pk>/", views.favourite_add, name="favourite_add"),
    path("bewerbungen/", views.applications, name="applications"),
    path("bewerben/<int:placement_pk>/", views.apply, name="apply"),
    path("meine-daten/", views.my_data, name="my_data"),
    path("meine-daten/export.json", views.my_data_export, name="my_data_export"),
    # one application, seen by the student, the company, linked parents and class teachers
    path("bewerbungen/<int:pk>/", views.application_detail, name="application_detail"),
    path("bewerbungen/<int:pk>/lebenslauf.pdf", views.application_cv, name="application_cv"),
    path("bewerbungen/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    # companies
    path("bewerbungseingang/", views.company_inbox, name="company_inbox"),
    # teachers
    path("klassen/", views.teacher_classes, name="teacher_classes"),
    path("klassen/<int:pk>/", views.teacher_class, name="teacher_class"),
    path("klassen/<int:pk>/qr.svg", views.class_qr, name="class_qr"),
    path("klassen/<int:pk>/export.csv", views.class_export, name="class_export"),
    path("klassen/<int:pk>/export.pdf", views.class_export_pdf, name="class_export_pdf"),
    # parents (and teachers: the read-only student view)
    path("eltern/", views.parent_home, name="parent_home"),
    path("schueler/<int:pk>/", views.student_overview, name="student_overview"),
    path("schueler/<int:pk>/export.json", views.parent_student_export, name="parent_student_export"),
    path("schueler/<int:pk>/loeschen/", views.parent_student_delete, name="parent_student_delete"),
    path("eltern/merkliste/<int:pk>/", views.favourite_feedback, name="favourite_feedback"),
]
