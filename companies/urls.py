from django.urls import path, re_path

from . import views

app_name = "companies"

urlpatterns = [
    # public (fixed words first: they are reserved as company slugs in services.RESERVED_SLUGS)
    path("unternehmen/", views.directory, name="directory"),
    path("unternehmen/registrieren/", views.signup, name="signup"),
    path("unternehmen/einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("unternehmen/<slug:slug>/", views.detail, name="detail"),
    path("unternehmen/<slug:company_slug>/<slug:slug>/", views.placement_detail, name="placement_detail"),
    # a company's own pages
    path("mein-betrieb/", views.dashboard, name="dashboard"),
    path("mein-betrieb/neu/", views.company_create, name="create"),
    path("mein-betrieb/<slug:slug>/", views.company_dashboard, name="company_dashboard"),
    path("mein-betrieb/<slug:slug>/steckbrief/", views.profile_edit, name="profile_edit"),
    path("mein-betrieb/<slug:slug>/logo/", views.logo_upload, name="logo_upload"),
    path("mein-betrieb/<slug:slug>/fotos/", views.photo_add, name="photo_add"),
    path("mein-betrieb/<slug:slug>/fotos/<int:pk>/loeschen/", views.photo_remove, name="photo_remove"),
    path("mein-betrieb/<slug:slug>/standorte/neu/", views.site_edit, name="site_create"),
    path("mein-betrieb/<slug:slug>/standorte/<int:pk>/", views.site_edit, name="site_edit"),
    path("mein-betrieb/<slug:slug>/standorte/<int:pk>/loeschen/", views.site_delete, name="site_delete"),
    path("mein-betrieb/<slug:slug>/ansprechpersonen/neu/", views.contact_edit, name="contact_create"),
    path("mein-betrieb/<slug:slug>/ansprechpersonen/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("mein-betrieb/<slug:slug>/ansprechpersonen/<int:pk>/loeschen/", views.contact_delete, name="contact_delete"),
    path("mein-betrieb/<slug:slug>/team/", views.colleagues, name="colleagues"),
    path("mein-betrieb/<slug:slug>/team/<int:pk>/rolle/", views.member_role, name="member_role"),
    path("mein-betrieb/<slug:slug>/team/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path(
        "mein-betrieb/<slug:slug>/team/einladungen/<int:pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("mein-betrieb/<slug:slug>/angebote/neu/", views.placement_edit, name="placement_create"),
    path("mein-betrieb/<slug:slug>/angebote/<int:pk>/", views.placement_edit, name="placement_edit"),
    re_path(
        r"^mein-betrieb/(?P<slug>[-a-zA-Z0-9_]+)/angebote/(?P<pk>[0-9]+)/"
        r"(?P<action>publish|close|reopen|archive|copy)/$",
        views.placement_action,
        name="placement_action",
    ),
    path("mein-betrieb/<slug:slug>/protokoll/", views.audit, name="audit"),
    # city staff
    path("verwaltung/unternehmen/", views.staff_queue, name="staff_queue"),
    re_path(
        r"^verwaltung/unternehmen/(?P<slug>[-a-zA-Z0-9_]+)/(?P<action>verify|unverify|hide|unhide)/$",
        views.staff_company_action,
        name="staff_company_action",
    ),
    re_path(
        r"^verwaltung/angebote/(?P<pk>[0-9]+)/(?P<action>hide|unhide)/$",
        views.staff_placement_action,
        name="staff_placement_action",
    ),
]
