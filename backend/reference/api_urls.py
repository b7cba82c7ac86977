from django.urls import path

from . import apis

app_name = "reference-api"
urlpatterns = [
    path("berufsfelder/", apis.BerufsfeldList.as_view(), name="berufsfelder"),
    path("occupations/", apis.OccupationList.as_view(), name="occupations"),
    path("districts/", apis.DistrictList.as_view(), name="districts"),
    path("postal-codes/<str:code>/", apis.PostalCodeDetail.as_view(), name="postal-code"),
    path("schools/", apis.SchoolList.as_view(), name="schools"),
]
