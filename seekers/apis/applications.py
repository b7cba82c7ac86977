"""Applications: the student applies and follows them; every party acts on one (withdraw, invite, offer, waitlist,
decline, messages, consent, school approval); the company's inbox."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated

from .. import selectors, services
from ..access import can_view_application, is_company_side
from ..models import ApplicationStatus
from ..serializers import ApplicationSerializer
from .shared import Base, _placement, _student, _valid, placement_out, role


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
