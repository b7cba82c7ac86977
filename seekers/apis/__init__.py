"""JSON API of the seekers app: thin views over the same services and selectors as the pages.

Object-level rule: objects a user may not see answer 404 (not 403), so ids do not leak who applied where."""

# The topics live in their own modules; callers keep importing from seekers.apis.
from .applications import (
    API_ACTIONS,
    ActionIn,
    ApplicationActionApi,
    ApplicationApi,
    ApplicationIn,
    ApplicationsApi,
    CompanyInboxApi,
    InboxQuery,
    application_out,
)
from .classes import ClassApi, ClassesApi, ClassJoinApi, ClassLeaveApi, JoinCodeIn, SchoolClassIn, class_out
from .favourites import (
    FavouriteApi,
    FavouriteFeedbackApi,
    FavouriteIn,
    FavouritesApi,
    FeedbackIn,
    NoteIn,
    favourite_out,
)
from .parents import (
    LinkCodeIn,
    ParentCodeApi,
    ParentLinkRemoveApi,
    ParentLinksApi,
    ParentLinksOfStudentApi,
    StudentOverviewApi,
)
from .privacy import AccountDeleteApi, ExportApi, PasswordIn
from .profile import InterestsApi, InterestsIn, ProfileApi, ProfileIn, QuestionnaireApi, QuestionnaireIn, profile_out
from .recommendations import RecommendationApi, RecommendationIn
from .shared import QUALIFICATION_HELP, Base, placement_out, role
from .signup import (
    ParentSignupIn,
    SignupIn,
    SignupParentApi,
    SignupStudentApi,
    SignupTeacherApi,
    StudentSignupIn,
    TeacherSignupIn,
)

__all__ = [
    "API_ACTIONS",
    "AccountDeleteApi",
    "ActionIn",
    "ApplicationActionApi",
    "ApplicationApi",
    "ApplicationIn",
    "ApplicationsApi",
    "Base",
    "ClassApi",
    "ClassJoinApi",
    "ClassLeaveApi",
    "ClassesApi",
    "CompanyInboxApi",
    "ExportApi",
    "FavouriteApi",
    "FavouriteFeedbackApi",
    "FavouriteIn",
    "FavouritesApi",
    "FeedbackIn",
    "InboxQuery",
    "InterestsApi",
    "InterestsIn",
    "JoinCodeIn",
    "LinkCodeIn",
    "NoteIn",
    "ParentCodeApi",
    "ParentLinkRemoveApi",
    "ParentLinksApi",
    "ParentLinksOfStudentApi",
    "ParentSignupIn",
    "PasswordIn",
    "ProfileApi",
    "ProfileIn",
    "QUALIFICATION_HELP",
    "QuestionnaireApi",
    "QuestionnaireIn",
    "RecommendationApi",
    "RecommendationIn",
    "SchoolClassIn",
    "SignupIn",
    "SignupParentApi",
    "SignupStudentApi",
    "SignupTeacherApi",
    "StudentOverviewApi",
    "StudentSignupIn",
    "TeacherSignupIn",
    "application_out",
    "class_out",
    "favourite_out",
    "placement_out",
    "profile_out",
    "role",
]
