from django.urls import path, re_path

from . import apis

app_name = "companies-api"

urlpatterns = [
    path("companies/", apis.CompanyListApi.as_view(), name="company-list"),
    path("companies/new/", apis.CompanyCreateApi.as_view(), name="company-create"),
    path("companies/signup/", apis.CompanySignUpApi.as_view(), name="company-signup"),
    path("companies/<slug:slug>/", apis.CompanyDetailApi.as_view(), name="company-detail"),
    path("companies/<slug:slug>/completeness/", apis.CompanyCompletenessApi.as_view(), name="company-completeness"),
    path("companies/<slug:slug>/logo/", apis.CompanyLogoApi.as_view(), name="company-logo"),
    path("companies/<slug:slug>/photos/", apis.CompanyPhotoListApi.as_view(), name="company-photos"),
    path("companies/<slug:slug>/photos/<int:pk>/", apis.CompanyPhotoDetailApi.as_view(), name="company-photo"),
    path("companies/<slug:slug>/sites/", apis.SiteListApi.as_view(), name="site-list"),
    path("companies/<slug:slug>/sites/<int:pk>/", apis.SiteDetailApi.as_view(), name="site-detail"),
    path("companies/<slug:slug>/contacts/", apis.ContactListApi.as_view(), name="contact-list"),
    path("companies/<slug:slug>/contacts/<int:pk>/", apis.ContactDetailApi.as_view(), name="contact-detail"),
    path("companies/<slug:slug>/members/", apis.MemberListApi.as_view(), name="member-list"),
    path("companies/<slug:slug>/members/<int:pk>/", apis.MemberDetailApi.as_view(), name="member-detail"),
    path("companies/<slug:slug>/invitations/", apis.InvitationListApi.as_view(), name="invitation-list"),
    path("companies/<slug:slug>/invitations/<int:pk>/", apis.InvitationDetailApi.as_view(), name="invitation-detail"),
    path("companies/<slug:slug>/audit/", apis.AuditApi.as_view(), name="audit"),
    path("companies/<slug:slug>/placements/", apis.CompanyPlacementListApi.as_view(), name="company-placements"),
    path("invitations/accept/", apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("placements/", apis.PlacementListApi.as_view(), name="placement-list"),
    path("placements/<int:pk>/", apis.PlacementDetailApi.as_view(), name="placement-detail"),
    re_path(
        r"^placements/(?P<pk>[0-9]+)/(?P<action>publish|close|reopen|archive|copy)/$",
        apis.PlacementActionApi.as_view(),
        name="placement-action",
    ),
    path("staff/companies/", apis.StaffQueueApi.as_view(), name="staff-queue"),
    re_path(
        r"^staff/companies/(?P<slug>[-a-zA-Z0-9_]+)/(?P<action>verify|unverify|hide|unhide)/$",
        apis.StaffCompanyActionApi.as_view(),
        name="staff-company-action",
    ),
    re_path(
        r"^staff/placements/(?P<pk>[0-9]+)/(?P<action>hide|unhide)/$",
        apis.StaffPlacementActionApi.as_view(),
        name="staff-placement-action",
    ),
]
