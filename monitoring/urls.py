from django.urls import path, re_path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("stadt/monitoring/", views.dashboard, name="dashboard"),
    re_path(r"^stadt/monitoring/export\.(?P<fmt>csv|xlsx)$", views.dashboard_export, name="dashboard_export"),
    path("statistik/", views.public_stats, name="public"),
    path("statistik/daten.csv", views.public_stats_export, name="public_csv"),
]
