from django.urls import path

from . import apis

app_name = "seekers-api"
urlpatterns = [
    path("signup/student/", apis.SignupStudentApi.as_view(), name="signup_student"),
    path("signup/teacher/", apis.SignupTeacherApi.as_view(), name="signup_teacher"),
    path("signup/parent/", apis.SignupParentApi.as_view(), name="signup_parent"),
    path("me/profile/", apis.ProfileApi.as_view(), name="profile"),
    path("me/interests/", apis.InterestsApi.as_view(), name="interests"),
    path("me/classes/", apis.ClassJoinApi.as_view(), name="class_join"),
    path("me/classes/<int:pk>/", apis.ClassLeaveApi.as_view(), name="class_leave"),
    path("me/parent-code/", apis.ParentCodeApi.as_view(), name="parent_code"),
    path("me/parents/", apis.ParentLinksOfStudentApi.as_view(), name="my_parents"),
    path("me/parents/<int:pk>/", apis.ParentLinkRemoveApi.as_view(), name="my_parent_remove"),
    path("me/export/", apis.ExportApi.as_view(), name="export"),
    path("me/", apis.AccountDeleteApi.as_view(), name="account"),
    path("interest-questionnaire/", apis.QuestionnaireApi.as_view(), name="questionnaire"),
    path("favourites/", apis.FavouritesApi.as_view(), name="favourites"),
    path("favourites/<int:pk>/", apis.FavouriteApi.as_view(), name="favourite"),
    path("favourites/<int:pk>/parent-feedback/", apis.FavouriteFeedbackApi.as_view(), name="favourite_feedback"),
    path("applications/", apis.ApplicationsApi.as_view(), name="applications"),
    path("applications/<int:pk>/", apis.ApplicationApi.as_view(), name="application"),
    path("applications/<int:pk>/<slug:action>/", apis.ApplicationActionApi.as_view(), name="application_action"),
    path("company/applications/", apis.CompanyInboxApi.as_view(), name="company_inbox"),
    path("classes/", apis.ClassesApi.as_view(), name="classes"),
    path("classes/<int:pk>/", apis.ClassApi.as_view(), name="class"),
    path("classes/<int:pk>/recommendations/", apis.RecommendationApi.as_view(), name="recommendations"),
    path("parent/students/", apis.ParentLinksApi.as_view(), name="parent_links"),
    path("students/<int:pk>/", apis.StudentOverviewApi.as_view(), name="student"),
]
