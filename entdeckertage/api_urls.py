from django.urls import path

from . import apis

app_name = "api-edt"
urlpatterns = [
    path("seasons/", apis.SeasonsApi.as_view(), name="seasons"),
    path("seasons/<int:pk>/", apis.SeasonApi.as_view(), name="season"),
    path("seasons/<int:pk>/coverage/", apis.CoverageApi.as_view(), name="coverage"),
    path("seasons/<int:pk>/offers/", apis.OffersApi.as_view(), name="offers"),
    path("seasons/<int:pk>/offers/ranked/", apis.RankedOffersApi.as_view(), name="ranked_offers"),
    path("seasons/<int:pk>/me/", apis.MyDaysApi.as_view(), name="my_days"),
    path("seasons/<int:pk>/me/wishes/", apis.WishesApi.as_view(), name="wishes"),
    path("seasons/<int:pk>/me/bookings/", apis.BookingsApi.as_view(), name="bookings"),
    path("seasons/<int:pk>/students/<int:student_id>/", apis.StudentDaysApi.as_view(), name="student_days"),
    path(
        "seasons/<int:pk>/students/<int:student_id>/participation/",
        apis.ParticipationApi.as_view(),
        name="participation",
    ),
    path(
        "seasons/<int:season_id>/students/<int:student_id>/certificate.pdf",
        apis.CertificateApi.as_view(),
        name="certificate",
    ),
    path("seasons/<int:pk>/classes/<int:class_id>/block/", apis.ClassBlockApi.as_view(), name="class_block"),
    path("seasons/<int:pk>/classes/<int:class_id>/", apis.ClassOverviewApi.as_view(), name="class_overview"),
    path("seasons/<int:pk>/classes/<int:class_id>/remind/", apis.ClassRemindApi.as_view(), name="class_remind"),
    path("seasons/<int:pk>/classes/<int:class_id>/confirm/", apis.ClassConfirmApi.as_view(), name="class_confirm"),
    path(
        "seasons/<int:pk>/classes/<int:class_id>/programme.pdf",
        apis.ClassProgrammeApi.as_view(),
        name="class_programme",
    ),
    path("seasons/<int:pk>/classes/<int:class_id>/svws.csv", apis.SvwsExportApi.as_view(), name="svws"),
    path("seasons/<int:pk>/runs/", apis.RunsApi.as_view(), name="runs"),
    path("seasons/<int:pk>/moves/", apis.MovesApi.as_view(), name="moves"),
    path("seasons/<int:pk>/pupils/", apis.SeasonPupilsApi.as_view(), name="season_pupils"),
    path("runs/<int:pk>/", apis.RunApi.as_view(), name="run"),
    path("runs/<int:pk>/publish/", apis.RunPublishApi.as_view(), name="run_publish"),
    path("offers/<int:pk>/", apis.OfferApi.as_view(), name="offer"),
    path("offers/<int:pk>/cancel/", apis.OfferCancelApi.as_view(), name="offer_cancel"),
    path("offers/<int:pk>/copy/", apis.OfferCopyApi.as_view(), name="offer_copy"),
    path("offers/<int:pk>/pupils/", apis.OfferPupilsApi.as_view(), name="offer_pupils"),
    path("days/<int:pk>/", apis.BookingApi.as_view(), name="booking"),
    path("days/<int:pk>/attendance/", apis.AttendanceApi.as_view(), name="attendance"),
]
