from django.urls import path

from . import views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.dashboard, name="dashboard"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenquellen/", views.data_sources, name="data_sources"),
    path("datenquellen/lizenz/<slug:name>/", views.licence_text, name="licence_text"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
]
