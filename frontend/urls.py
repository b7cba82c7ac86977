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
    path("datenschutz/", views.privacy, name="privacy"),
    path("leichte-sprache/", views.easy_page("index"), name="easy_index"),
    path("leichte-sprache/was-ist-das/", views.easy_page("about"), name="easy_about"),
    path("leichte-sprache/bewerben/", views.easy_page("apply"), name="easy_apply"),
    path("leichte-sprache/eltern/", views.easy_page("parents"), name="easy_parents"),
    path("leichte-sprache/datenschutz/", views.easy_page("privacy"), name="easy_privacy"),
]
