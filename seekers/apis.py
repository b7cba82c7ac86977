"""JSON API of the seekers app: thin views over the same services and selectors as the pages.

Object-level rule: objects a user may not see answer 404 (not 403), so ids do not leak who applied where."""

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated
from backend.api.throttling import AuthThrottledMixin
from backend.reference.models import Qualification, School, SchoolType
from companies.models import Placement
from seekers.errors import ErrorCode

from . import selectors, services
from .access import can_view_application, can_view_student, is_class_teacher, is_company_side, is_linked_parent
from .models import ApplicationStatus, Favourite, SchoolClass, StudentProfile
from .questionnaire import ITEMS, suggest_weights
from .serializers import (
    ApplicationSerializer,
    ClassBriefSerializer,
    ClassOverviewSerializer,
    ExportSerializer,
    FavouriteSerializer,
    InterestsSerializer,
    LinkedParentSerializer,
    LinkedStudentSerializer,
    ParentCodeSerializer,
    ParentSignupOutSerializer,
    ProfileSerializer,
    QuestionnaireSerializer,
    RecommendationOutSerializer,
    SchoolClassSerializer,
    StudentOverviewSerializer,
    SuggestedInterestsSerializer,
    TeacherSignupOutSerializer,
)

QUALIFICATION_HELP = ", ".join(f"{v} = {label}" for v, label in Qualification.choices)


class JoinCodeIn(serializers.Serializer):
    join_code = serializers.CharField(max_length=12)


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128)


class InterestsIn(serializers.Serializer):
    interests = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=5),
        help_text="{Berufsfeld-ID: Gewicht 0–5}; 0 entfernt das Berufsfeld",
    )


class FavouriteIn(serializers.Serializer):
    placement = serializers.IntegerField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class FeedbackIn(serializers.Serializer):
    liked = serializers.BooleanField()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ApplicationIn(serializers.Serializer):
    placement = serializers.IntegerField()
    message = serializers.CharField(max_length=4000)
    cv = serializers.FileField(required=False, help_text=_("PDF, höchstens 5 MB"))


class ActionIn(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="invite: Einladungstext (höchstens 4000 Zeichen)"
    )
    reason = serializers.ChoiceField(
        choices=list(services.DECLINE_REASONS), required=False, default="other", help_text="decline"
    )
    text = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="decline: eigene Begründung (höchstens 255 Zeichen)"
    )
    body = serializers.CharField(required=False, allow_blank=True, default="", help_text="messages: Nachricht")
    approve = serializers.BooleanField(required=False, default=False, help_text="consent, school-approval")


class InboxQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ApplicationStatus.choices,
        required=False,
        error_messages={"invalid_choice": "Unbekannter Status. Erlaubt: " + ", ".join(ApplicationStatus.values)},
    )


QuestionnaireIn = type(
    "QuestionnaireIn",
    (serializers.Serializer,),
    {
        item.key: serializers.IntegerField(
            min_value=1,
            max_value=5,
            help_text=item.text,
            error_messages={
                k: _("Bitte antworte mit einer Zahl von 1 bis 5.")
                for k in ("required", "invalid", "min_value", "max_value", "null")
            },
        )
        for item in ITEMS
    },
)


class RecommendationIn(serializers.Serializer):
    placement = serializers.IntegerField()
    student = serializers.IntegerField(required=False, allow_null=True, help_text="leer: die ganze Klasse")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class LinkCodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=12)


# --- permissions ------------------------------------------------------------------------------------------
def role(*roles):
    class HasRole(permissions.BasePermission):
        message = _("Diese Funktion gibt es nur für: ") + ", ".join(str(Role(r).label) for r in roles) + "."

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.role in roles)

    return HasRole


def _student(request) -> StudentProfile:
    student = StudentProfile.objects.select_related("user").filter(user=request.user).first()
    if student is None:
        raise DomainError(_("Zu diesem Konto gibt es kein Schüler*innen-Profil."), code=ErrorCode.NO_STUDENT_PROFILE)
    return student


class Base(APIView):
    """Every seekers endpoint: signed in, JSON, errors in the house format."""

    permission_classes = [permissions.IsAuthenticated]


# --- output -----------------------------------------------------------------------------------------------
def placement_out(p: Placement) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "kind": p.kind,
        "company": p.company.name,
        "start_date": p.start_date,
        "status": p.status,
    }


def profile_out(s: StudentProfile) -> dict:
    return {
        "id": s.pk,
        "first_name": s.user.first_name,
        "last_name": s.user.last_name,
        "email": s.user.email,
        "birth_date": s.birth_date,
        "age": services.age_on(s.birth_date),
        "school": s.school_id,
        "school_type": s.school_type,
        "grade": s.grade,
        "expected_qualification": s.expected_qualification,
        "postal_code": s.postal_code_id,
        "travel_radius_km": s.travel_radius_km,
        "accessibility_needs": s.accessibility_needs,
        "languages": s.languages,
        "classes": [{"id": c.pk, "name": c.name, "school_year": c.school_year} for c in s.classes.all()],
    }


def favourite_out(f: Favourite, *, for_student: bool = True) -> dict:
    out = {
        "id": f.pk,
        "placement": placement_out(f.placement),
        "liked_by_parent": f.liked_by_parent,
        "parent_comment": f.parent_comment,
        "created_at": f.created_at,
    }
    if for_student:
        out["note"] = f.note  # private notes: only the student
    return out


def application_out(a, user, *, company_view: bool | None = None) -> dict:
    """What a viewer sees. A company sees only what the application shares: names, age, grade, school type,
    message and CV; never the birth date, postal code, interests or other applications."""
    student = a.student
    out = {
        "id": a.pk,
        "placement": placement_out(a.placement),
        "status": a.status,
        "status_label": a.get_status_display(),
        "school_approval": a.school_approval,
        "decline_reason": a.decline_reason,
        "respond_by": a.respond_by,  # the company answers by then, or it lapses as "keine Antwort"
        "offer_expires_at": a.offer_expires_at if a.status == "offered" else None,
        "message": a.message,
        "created_at": a.created_at,
        "cv_url": f"/bewerbungen/{a.pk}/lebenslauf.pdf" if a.cv else None,
        "applicant": {
            "first_name": student.user.first_name,
            "last_name": student.user.last_name,
            "age": services.age_on(student.birth_date),
            "grade": student.grade,
            "school_type": student.school_type,
        },
        "events": [{"status": e.status, "note": e.note, "created_at": e.created_at} for e in a.events.all()],
    }
    if company_view is None:
        company_view = is_company_side(user, a)
    if company_view or student.user_id == user.pk:  # the thread is between the two of them
        out["messages"] = [
            {"from_student": m.author_id == student.user_id, "body": m.body, "created_at": m.created_at}
            for m in a.messages.all()
        ]
    if not company_view:
        out["consent"] = a.consent
    return out


# --- input ------------------------------------------------------------------------------------------------
class SignupIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True)
    first_name = serializers.CharField(max_length=80)
    last_name = serializers.CharField(max_length=80)


class StudentSignupIn(SignupIn):
    birth_date = serializers.DateField()
    postal_code = serializers.CharField(max_length=5)
    grade = serializers.IntegerField(min_value=5, max_value=13)
    expected_qualification = serializers.IntegerField(
        min_value=0, max_value=5, default=Qualification.ESA, help_text=QUALIFICATION_HELP
    )
    school_type = serializers.ChoiceField(choices=SchoolType.choices, required=False, default="")
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), required=False, allow_null=True, default=None
    )
    join_code = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)
    travel_radius_km = serializers.IntegerField(min_value=1, max_value=100, default=15)
    accessibility_needs = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=30), max_length=10, default=list)


class TeacherSignupIn(SignupIn):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())


class ParentSignupIn(SignupIn):
    link_code = serializers.CharField(max_length=12, required=False, default="", allow_blank=True)


class ProfileIn(serializers.Serializer):
    first_name = serializers.CharField(max_length=80, required=False)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=5, required=False)
    grade = serializers.IntegerField(min_value=5, max_value=13, required=False)
    expected_qualification = serializers.IntegerField(
        min_value=0, max_value=5, required=False, help_text=QUALIFICATION_HELP
    )
    school_type = serializers.ChoiceField(choices=SchoolType.choices, required=False, allow_blank=True)
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), required=False, allow_null=True)
    travel_radius_km = serializers.IntegerField(min_value=1, max_value=100, required=False)
    accessibility_needs = serializers.CharField(max_length=255, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=30), max_length=10, required=False)


def _body(data) -> dict:
    """The request body as an object; a list, string, number or null answers 400 (not 500)."""
    if not isinstance(data, dict):
        raise serializers.ValidationError(
            {
                "non_field_errors": [
                    _('Bitte sende die Angaben als JSON-Objekt, z. B. {"placement": 12, "message": "…"}.')
                ]
            }
        )
    return data


def _valid(serializer_class, data, **kw):
    s = serializer_class(data=_body(data), **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data


# --- sign-up ----------------------------------------------------------------------------------------------
class SignupStudentApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="seekers_signup_student", request=StudentSignupIn, responses={201: ProfileSerializer})
    def post(self, request):
        d = _valid(StudentSignupIn, request.data)
        student = services.student_register(**d)
        login(request, student.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(profile_out(student), status=status.HTTP_201_CREATED)


class SignupTeacherApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="seekers_signup_teacher", request=TeacherSignupIn, responses={201: TeacherSignupOutSerializer}
    )
    def post(self, request):
        d = _valid(TeacherSignupIn, request.data)
        teacher = services.teacher_register(**d)
        login(request, teacher.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response({"id": teacher.user_id, "school": teacher.school_id}, status=status.HTTP_201_CREATED)


class SignupParentApi(AuthThrottledMixin, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="seekers_signup_parent", request=ParentSignupIn, responses={201: ParentSignupOutSerializer}
    )
    def post(self, request):
        d = _valid(ParentSignupIn, request.data)
        user = services.parent_register(**d)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(
            {"id": user.pk, "students": [s.pk for s in selectors.students_for_parent(parent=user)]},
            status=status.HTTP_201_CREATED,
        )


# --- profile, interests, classes, parent code, DSGVO -----------------------------------------------------
class ProfileApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_profile_get", request=None, responses={200: ProfileSerializer})
    def get(self, request):
        return Response(profile_out(_student(request)))

    @extend_schema(operation_id="seekers_profile_update", request=ProfileIn, responses={200: ProfileSerializer})
    def patch(self, request):
        student = _student(request)
        if isinstance(request.data, dict) and "birth_date" in request.data:
            raise serializers.ValidationError({"birth_date": [services.BIRTH_DATE_FIXED]})
        d = dict(_valid(ProfileIn, request.data, partial=True))
        services.student_profile_update(student=student, **d)
        student.refresh_from_db()
        return Response(profile_out(student))


class InterestsApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_interests_get", request=None, responses={200: InterestsSerializer})
    def get(self, request):
        student = _student(request)
        return Response({"interests": {str(i.berufsfeld_id): i.weight for i in student.interests.all()}})

    @extend_schema(operation_id="seekers_interests_set", request=InterestsIn, responses={200: InterestsSerializer})
    def put(self, request):
        weights = _valid(InterestsIn, request.data)["interests"]
        student = _student(request)
        services.student_interests_set(student=student, weights=weights)
        return Response({"interests": {str(i.berufsfeld_id): i.weight for i in student.interests.all()}})


class QuestionnaireApi(Base):
    @extend_schema(operation_id="seekers_questionnaire_items", request=None, responses={200: QuestionnaireSerializer})
    def get(self, request):
        return Response(
            {
                "items": [{"key": i.key, "text": i.text} for i in ITEMS],
                "scale": {"1": "stimmt gar nicht", "5": "stimmt genau"},
            }
        )

    @extend_schema(
        operation_id="seekers_questionnaire_suggest",
        request=QuestionnaireIn,
        responses={200: SuggestedInterestsSerializer},
    )
    def post(self, request):
        answers = _valid(QuestionnaireIn, request.data)
        return Response({"suggested_interests": {str(k): v for k, v in suggest_weights(answers).items()}})


class ClassJoinApi(AuthThrottledMixin, Base):  # checks a class code
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_class_join", request=JoinCodeIn, responses={201: ClassBriefSerializer})
    def post(self, request):
        code = _valid(JoinCodeIn, request.data)["join_code"]
        membership = services.class_join(student=_student(request), join_code=code)
        c = membership.school_class
        return Response({"id": c.pk, "name": c.name, "school_year": c.school_year}, status=status.HTTP_201_CREATED)


class ClassLeaveApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_class_leave", request=None, responses={204: None})
    def delete(self, request, pk):
        student = _student(request)
        school_class = get_object_or_404(student.classes, pk=pk)
        services.class_leave(student=student, school_class=school_class)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParentLinksOfStudentApi(Base):
    """The student's linked parents (first name only); DELETE /me/parents/<id>/ removes one."""

    permission_classes = [role(Role.STUDENT)]

    @extend_schema(
        operation_id="seekers_my_parents",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(LinkedParentSerializer)},
    )
    def get(self, request):
        links = _student(request).parent_links.select_related("parent").order_by("created_at", "pk")
        return paginated(
            request,
            self,
            links,
            lambda rows: [
                {"id": link.pk, "name": link.parent.display_name, "linked_at": link.created_at} for link in rows
            ],
        )


class ParentLinkRemoveApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_my_parent_remove", request=None, responses={204: None})
    def delete(self, request, pk):
        student = _student(request)
        link = get_object_or_404(student.parent_links, pk=pk)
        services.parent_link_remove(student=student, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParentCodeApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_parent_code_issue", request=None, responses={201: ParentCodeSerializer})
    def post(self, request):
        student = _student(request)
        code = services.parent_link_code_issue(student=student)
        return Response(
            {"code": code, "expires_at": student.parent_link_code_expires_at}, status=status.HTTP_201_CREATED
        )


class ExportApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_export", request=None, responses={200: ExportSerializer})
    def get(self, request):
        return Response(services.student_export(student=_student(request)))


class AccountDeleteApi(AuthThrottledMixin, Base):  # checks the password
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_account_delete", request=PasswordIn, responses={204: None})
    def delete(self, request):
        password = _valid(PasswordIn, request.data)["password"]
        if not request.user.check_password(password):
            raise serializers.ValidationError({"password": [_("Bitte bestätige mit deinem Passwort.")]})
        services.student_delete(student=_student(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- favourites -------------------------------------------------------------------------------------------
class FavouritesApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(
        operation_id="seekers_favourites_list",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(FavouriteSerializer)},
    )
    def get(self, request):
        favourites = selectors.favourite_list(student=_student(request))
        return paginated(request, self, favourites, lambda rows: [favourite_out(f) for f in rows])

    @extend_schema(operation_id="seekers_favourite_add", request=FavouriteIn, responses={201: FavouriteSerializer})
    def post(self, request):
        d = _valid(FavouriteIn, request.data)
        placement = _placement(d["placement"])
        fav = services.favourite_add(student=_student(request), placement=placement, note=d.get("note", ""))
        return Response(favourite_out(fav), status=status.HTTP_201_CREATED)


def _placement(pk) -> Placement:
    pk = services.parse_id(pk)
    placement = Placement.objects.select_related("company").filter(pk=pk).first() if pk else None
    if placement is None:
        raise serializers.ValidationError({"placement": [_("Diesen Platz gibt es nicht. Bitte prüfe die Nummer.")]})
    return placement


class FavouriteApi(Base):
    permission_classes = [role(Role.STUDENT)]

    def _get(self, request, pk):
        return get_object_or_404(
            Favourite.objects.select_related("placement__company"), pk=pk, student__user=request.user
        )

    @extend_schema(operation_id="seekers_favourite_update", request=NoteIn, responses={200: FavouriteSerializer})
    def patch(self, request, pk):
        note = _valid(NoteIn, request.data)["note"]
        fav = services.favourite_update(favourite=self._get(request, pk), note=note)
        return Response(favourite_out(fav))

    @extend_schema(operation_id="seekers_favourite_remove", request=None, responses={204: None})
    def delete(self, request, pk):
        services.favourite_remove(favourite=self._get(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FavouriteFeedbackApi(Base):
    permission_classes = [role(Role.PARENT)]

    @extend_schema(
        operation_id="seekers_favourite_parent_feedback", request=FeedbackIn, responses={200: FavouriteSerializer}
    )
    def post(self, request, pk):
        fav = get_object_or_404(Favourite.objects.select_related("placement__company"), pk=pk)
        if not is_linked_parent(request.user, fav.student):
            raise Http404
        d = _valid(FeedbackIn, request.data)
        fav = services.favourite_parent_feedback(
            favourite=fav, parent=request.user, liked=d["liked"], comment=d.get("comment", "")
        )
        return Response(favourite_out(fav, for_student=False))


# --- applications -----------------------------------------------------------------------------------------
class ApplicationsApi(Base):
    permission_classes = [role(Role.STUDENT)]
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        operation_id="seekers_applications_list",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(ApplicationSerializer)},
    )
    def get(self, request):
        student = _student(request)
        services.applications_release_adults(student=student)
        apps = selectors.application_list_for_student(student=student).prefetch_related("messages")
        return paginated(
            request, self, apps, lambda rows: [application_out(a, request.user, company_view=False) for a in rows]
        )

    @extend_schema(
        operation_id="seekers_application_submit",
        request={"application/json": ApplicationIn, "multipart/form-data": ApplicationIn},
        responses={201: ApplicationSerializer},
    )
    def post(self, request):
        d = _valid(ApplicationIn, request.data)
        app = services.application_submit(
            student=_student(request), placement=_placement(d["placement"]), message=d["message"], cv=d.get("cv")
        )
        app = selectors.application_detail(pk=app.pk)
        return Response(application_out(app, request.user), status=status.HTTP_201_CREATED)


def _application(request, pk):
    app = selectors.application_detail(pk=pk)
    if app is None or not can_view_application(request.user, app):
        raise Http404
    return app


class ApplicationApi(Base):
    @extend_schema(operation_id="seekers_application_get", request=None, responses={200: ApplicationSerializer})
    def get(self, request, pk):
        return Response(application_out(_application(request, pk), request.user))


API_ACTIONS = {
    "withdraw": lambda a, u, d: services.application_withdraw(application=a, by=u),
    "invite": lambda a, u, d: services.application_invite(application=a, by=u, note=d["note"]),
    "accept": lambda a, u, d: services.application_accept(application=a, by=u),
    "waitlist": lambda a, u, d: services.application_waitlist(application=a, by=u),
    "offer-accept": lambda a, u, d: services.offer_accept(application=a, by=u),
    "offer-decline": lambda a, u, d: services.offer_decline(application=a, by=u),
    "decline": lambda a, u, d: services.application_decline(application=a, by=u, reason=d["reason"], text=d["text"]),
    "messages": lambda a, u, d: services.application_message_post(application=a, author=u, body=d["body"]),
    "consent": lambda a, u, d: services.application_consent(application=a, parent=u, approve=d["approve"]),
    "school-approval": lambda a, u, d: services.application_school_decide(
        application=a, teacher=u, approve=d["approve"]
    ),
}


class ApplicationActionApi(Base):
    """POST /applications/<id>/<action>/: withdraw, offer-accept, offer-decline (student); invite, accept (an offer
    the student accepts within OFFER_DAYS), waitlist, decline {reason, text} (company);
    messages {body} (student, company); consent {approve} (linked parent); school-approval {approve} (teacher)."""

    @extend_schema(operation_id="seekers_application_action", request=ActionIn, responses={200: ApplicationSerializer})
    def post(self, request, pk, action):
        if action not in API_ACTIONS:
            raise Http404
        app = _application(request, pk)
        API_ACTIONS[action](app, request.user, _valid(ActionIn, request.data))
        return Response(application_out(selectors.application_detail(pk=pk), request.user))


class CompanyInboxApi(Base):
    permission_classes = [role(Role.COMPANY)]

    @extend_schema(
        operation_id="seekers_company_inbox",
        request=None,
        parameters=[InboxQuery, *PAGE_PARAMETERS],
        responses={200: page_of(ApplicationSerializer)},
    )
    def get(self, request):
        query = InboxQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        status_filter = query.validated_data.get("status")
        qs = selectors.application_inbox(user=request.user, status=status_filter).prefetch_related("events", "messages")
        return paginated(
            request, self, qs, lambda rows: [application_out(a, request.user, company_view=True) for a in rows]
        )


# --- teachers ---------------------------------------------------------------------------------------------
class SchoolClassIn(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    school_year = serializers.CharField(max_length=9)
    grade = serializers.IntegerField(min_value=5, max_value=13)
    internship_start = serializers.DateField(required=False, allow_null=True, default=None)
    internship_end = serializers.DateField(required=False, allow_null=True, default=None)


def class_out(c: SchoolClass) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "school_year": c.school_year,
        "grade": c.grade,
        "internship_start": c.internship_start,
        "internship_end": c.internship_end,
        "join_code": c.join_code,
        "join_qr_svg": f"/klassen/{c.pk}/qr.svg",
    }


class ClassesApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(
        operation_id="seekers_classes_list",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(SchoolClassSerializer)},
    )
    def get(self, request):
        classes = selectors.class_list_for_teacher(teacher=request.user)
        return paginated(request, self, classes, lambda rows: [class_out(c) for c in rows])

    @extend_schema(operation_id="seekers_class_create", request=SchoolClassIn, responses={201: SchoolClassSerializer})
    def post(self, request):
        c = services.school_class_create(teacher=request.user, **_valid(SchoolClassIn, request.data))
        return Response(class_out(c), status=status.HTTP_201_CREATED)


def _own_class(request, pk) -> SchoolClass:
    c = get_object_or_404(SchoolClass, pk=pk)
    if not is_class_teacher(request.user, c):
        raise Http404
    return c


class ClassApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(operation_id="seekers_class_overview", request=None, responses={200: ClassOverviewSerializer})
    def get(self, request, pk):
        c = _own_class(request, pk)
        rows = selectors.class_overview(school_class=c)
        return Response(
            {
                **class_out(c),
                "students": [
                    {
                        "id": r["student"].pk,
                        "first_name": r["student"].user.first_name,
                        "last_name": r["student"].user.last_name,
                        "shortlist": r["shortlist"],
                        "applications": r["application_count"],
                        "state": r["state"],
                        "pending_approvals": [a.pk for a in r["pending_approvals"]],
                    }
                    for r in rows
                ],
            }
        )


class RecommendationApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(
        operation_id="seekers_recommendation_create",
        request=RecommendationIn,
        responses={201: RecommendationOutSerializer},
    )
    def post(self, request, pk):
        c = _own_class(request, pk)
        d = _valid(RecommendationIn, request.data)
        student = None
        if d.get("student") is not None:
            student = c.students.filter(pk=d["student"]).first()
            if student is None:
                raise serializers.ValidationError({"student": [_("Diese Person ist nicht in der Klasse.")]})
        rec = services.recommendation_create(
            teacher=request.user,
            placement=_placement(d["placement"]),
            school_class=c,
            student=student,
            note=d.get("note", ""),
        )
        return Response(
            {
                "id": rec.pk,
                "placement": rec.placement_id,
                "student": rec.student_id,
                "school_class": rec.school_class_id,
            },
            status=status.HTTP_201_CREATED,
        )


# --- parents (and teachers: read-only student view) -------------------------------------------------------
class ParentLinksApi(Base):
    permission_classes = [role(Role.PARENT)]

    @extend_schema(
        operation_id="seekers_parent_students",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(LinkedStudentSerializer)},
    )
    def get(self, request):
        students = selectors.students_for_parent(parent=request.user)
        return paginated(
            request, self, students, lambda rows: [{"id": s.pk, "first_name": s.user.first_name} for s in rows]
        )

    @extend_schema(
        operation_id="seekers_parent_link_create", request=LinkCodeIn, responses={201: LinkedStudentSerializer}
    )
    def post(self, request):
        code = _valid(LinkCodeIn, request.data)["code"]
        link = services.parent_link_create(parent=request.user, code=code)
        return Response(
            {"id": link.student_id, "first_name": link.student.user.first_name}, status=status.HTTP_201_CREATED
        )


class StudentOverviewApi(Base):
    """A student's shortlist and applications, read-only, for linked parents and class teachers."""

    permission_classes = [role(Role.PARENT, Role.TEACHER)]

    @extend_schema(operation_id="seekers_student_overview", request=None, responses={200: StudentOverviewSerializer})
    def get(self, request, pk):
        student = get_object_or_404(StudentProfile.objects.select_related("user"), pk=pk)
        if not can_view_student(request.user, student):
            raise Http404
        return Response(
            {
                "id": student.pk,
                "first_name": student.user.first_name,
                "grade": student.grade,
                "favourites": [favourite_out(f, for_student=False) for f in selectors.favourite_list(student=student)],
                "applications": [
                    application_out(a, request.user, company_view=False)
                    for a in selectors.application_list_for_student(student=student).prefetch_related("messages")
                ],
            }
        )
