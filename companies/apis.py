"""The JSON API of companies and placements: thin views over services and selectors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated
from backend.api.throttling import AuthThrottledMixin

from . import selectors, services
from .filters import CompanyFilter, PlacementFilter
from .models import AuditEntry, Company, CompanyPhoto, ContactPerson, Invitation, Membership, Placement, Site
from .permissions import can_view_audit, is_city_staff, is_member, require_city_staff, require_member, require_owner
from .serializers import (
    ACCEPT_OUT,
    DELETED,
    LOGO_OUT,
    SIGNUP_OUT,
    STAFF_COMPANY_OUT,
    STAFF_PLACEMENT_OUT,
    AuditSerializer,
    CompanyListSerializer,
    CompanySerializer,
    CompletenessSerializer,
    ContactSerializer,
    InvitationSerializer,
    MemberSerializer,
    PhotoSerializer,
    PlacementMemberRowSerializer,
    PlacementMemberSerializer,
    PlacementSerializer,
    ReasonSerializer,
    SignUpSerializer,
    SiteSerializer,
    StaffQueueSerializer,
    TokenSerializer,
    UploadSerializer,
    image_urls,
    placement_public_rows,
)


# --- helpers --------------------------------------------------------------------------------------------
def _company(request, slug) -> Company:
    return selectors.company_for_viewer(slug=slug, user=request.user)


def _member_company(request, slug) -> Company:
    company = get_object_or_404(Company, slug=slug)
    require_member(request.user, company)
    return company


def _ctx(request):
    return {"request": request}


# --- companies ------------------------------------------------------------------------------------------
class CompanyListApi(generics.ListAPIView):
    """The public company directory (verified, not hidden), filtered like the page."""

    serializer_class = CompanyListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CompanyFilter
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.company_public_list()


class CompanyCreateApi(APIView):
    """A logged-in company account creates a company (and becomes its owner)."""

    serializer_class = CompanySerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CompanySerializer, responses={201: CompanySerializer})
    def post(self, request):
        ser = CompanySerializer(data=request.data, context=_ctx(request))
        ser.is_valid(raise_exception=True)
        company = services.company_register(user=request.user, **ser.validated_data)
        return Response(CompanySerializer(company, context=_ctx(request)).data, status=status.HTTP_201_CREATED)


class CompanySignUpApi(AuthThrottledMixin, APIView):
    """A new company: account (email code sent) plus company, in one step."""

    serializer_class = SignUpSerializer
    permission_classes = [AllowAny]

    @extend_schema(request=SignUpSerializer, responses={201: SIGNUP_OUT})
    def post(self, request):
        ser = SignUpSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        company = services.company_signup(**ser.validated_data)
        return Response({"slug": company.slug, "email_verification_required": True}, status=status.HTTP_201_CREATED)


class CompanyDetailApi(APIView):
    serializer_class = CompanySerializer
    permission_classes = [AllowAny]

    def get(self, request, slug):
        return Response(CompanySerializer(_company(request, slug), context=_ctx(request)).data)

    def patch(self, request, slug):
        company = _member_company(request, slug)
        ser = CompanySerializer(company, data=request.data, partial=True, context=_ctx(request))
        ser.is_valid(raise_exception=True)
        company = services.company_update(company=company, by=request.user, **ser.validated_data)
        return Response(CompanySerializer(company, context=_ctx(request)).data)


class CompanyCompletenessApi(APIView):
    serializer_class = CompletenessSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, slug):
        return Response(services.company_completeness(_member_company(request, slug)))


class CompanyLogoApi(APIView):
    serializer_class = UploadSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: LOGO_OUT})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = UploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        company = services.company_logo_replace(company=company, by=request.user, upload=ser.validated_data["image"])
        return Response({"logo": image_urls(request, company.logo_sizes)}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DELETED)
    def delete(self, request, slug):
        services.company_logo_remove(company=_member_company(request, slug), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CompanyPhotoListApi(APIView):
    serializer_class = UploadSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: PhotoSerializer})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = UploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        photo = services.company_photo_add(
            company=company, by=request.user, upload=ser.validated_data["image"], caption=ser.validated_data["caption"]
        )
        return Response(PhotoSerializer(photo, context=_ctx(request)).data, status=status.HTTP_201_CREATED)


class CompanyPhotoDetailApi(APIView):
    serializer_class = PhotoSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=DELETED)
    def delete(self, request, slug, pk):
        company = _member_company(request, slug)
        services.company_photo_remove(photo=get_object_or_404(CompanyPhoto, company=company, pk=pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SiteListApi(APIView):
    serializer_class = SiteSerializer
    permission_classes = [AllowAny]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(SiteSerializer))
    def get(self, request, slug):
        company = _company(request, slug)
        sites = company.sites.select_related("district").order_by("pk")
        return paginated(request, self, sites, lambda rows: SiteSerializer(rows, many=True).data)

    @extend_schema(responses={201: SiteSerializer})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = SiteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        site = services.site_create(company=company, by=request.user, **ser.validated_data)
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)


class _CompanyRowDetailApi(APIView):
    """PATCH/DELETE one row of a company (a site, a contact person): members only; another company's row is a
    404. Subclasses name the model and serializer and call their services in update() and remove()."""

    permission_classes = [IsAuthenticated]
    model: type

    def update(self, obj, by, data):
        raise NotImplementedError

    def remove(self, obj, by) -> None:
        raise NotImplementedError

    def _get(self, request, slug, pk):
        return get_object_or_404(self.model, company=_member_company(request, slug), pk=pk)

    def patch(self, request, slug, pk):
        ser = self.serializer_class(self._get(request, slug, pk), data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        return Response(self.serializer_class(self.update(ser.instance, request.user, ser.validated_data)).data)

    @extend_schema(request=None, responses=DELETED)
    def delete(self, request, slug, pk):
        self.remove(self._get(request, slug, pk), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SiteDetailApi(_CompanyRowDetailApi):
    serializer_class = SiteSerializer
    model = Site

    def update(self, site, by, data):
        return services.site_update(site=site, by=by, **data)

    def remove(self, site, by):
        services.site_delete(site=site, by=by)


class ContactListApi(APIView):
    serializer_class = ContactSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(ContactSerializer))
    def get(self, request, slug):
        contacts = _member_company(request, slug).contacts.order_by("pk")
        return paginated(request, self, contacts, lambda rows: ContactSerializer(rows, many=True).data)

    @extend_schema(responses={201: ContactSerializer})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = ContactSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contact = services.contact_person_create(company=company, by=request.user, **ser.validated_data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetailApi(_CompanyRowDetailApi):
    serializer_class = ContactSerializer
    model = ContactPerson

    def update(self, contact, by, data):
        return services.contact_person_update(contact=contact, by=by, **data)

    def remove(self, contact, by):
        services.contact_person_delete(contact=contact, by=by)


# --- colleagues -----------------------------------------------------------------------------------------
class MemberListApi(APIView):
    serializer_class = MemberSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(MemberSerializer))
    def get(self, request, slug):
        company = _member_company(request, slug)
        members = selectors.company_members(company=company)
        return paginated(request, self, members, lambda rows: MemberSerializer(rows, many=True).data)


class MemberDetailApi(APIView):
    serializer_class = MemberSerializer
    permission_classes = [IsAuthenticated]

    def patch(self, request, slug, pk):
        company = _member_company(request, slug)
        m = get_object_or_404(Membership, company=company, pk=pk)
        ser = MemberSerializer(m, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        m = services.membership_set_role(membership=m, by=request.user, role=ser.validated_data.get("role", m.role))
        return Response(MemberSerializer(m).data)

    @extend_schema(request=None, responses=DELETED)
    def delete(self, request, slug, pk):
        company = _member_company(request, slug)
        services.membership_remove(membership=get_object_or_404(Membership, company=company, pk=pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListApi(APIView):
    serializer_class = InvitationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(InvitationSerializer))
    def get(self, request, slug):
        company = _member_company(request, slug)
        require_owner(request.user, company)
        open_invitations = company.invitations.filter(accepted_at__isnull=True).order_by("pk")
        return paginated(request, self, open_invitations, lambda rows: InvitationSerializer(rows, many=True).data)

    @extend_schema(responses={201: InvitationSerializer})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = InvitationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        inv = services.invitation_create(company=company, by=request.user, **ser.validated_data)
        return Response(InvitationSerializer(inv).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(APIView):
    serializer_class = InvitationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=DELETED)
    def delete(self, request, slug, pk):
        company = _member_company(request, slug)
        inv = get_object_or_404(Invitation, company=company, pk=pk, accepted_at__isnull=True)
        services.invitation_revoke(invitation=inv, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptApi(AuthThrottledMixin, APIView):
    serializer_class = TokenSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=TokenSerializer, responses={201: ACCEPT_OUT})
    def post(self, request):
        ser = TokenSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        m = services.invitation_accept(token=ser.validated_data["token"], user=request.user)
        return Response({"company": m.company.slug, "role": m.role}, status=status.HTTP_201_CREATED)


class AuditApi(generics.ListAPIView):
    serializer_class = AuditSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return AuditEntry.objects.none()
        company = get_object_or_404(Company, slug=self.kwargs["slug"])
        if not can_view_audit(self.request.user, company):
            raise PermissionDenied
        return selectors.audit_for_company(company=company)


# --- placements -----------------------------------------------------------------------------------------
class PlacementListApi(generics.ListAPIView):
    """Published, visible placements; filter by kind, berufsfeld, district, company (slugs).
    Constant number of queries whatever the page size (selectors.placement_public_list)."""

    serializer_class = PlacementSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PlacementFilter
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.placement_public_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(selectors.placement_public_values(self.filter_queryset(self.get_queryset())))
        rows = selectors.placement_berufsfelder_added(page)
        return self.get_paginated_response(placement_public_rows(rows, request))


class CompanyPlacementListApi(APIView):
    """A member's view of all the company's placements (drafts too), with views and application counts."""

    serializer_class = PlacementMemberSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(PlacementMemberRowSerializer))
    def get(self, request, slug):
        company = _member_company(request, slug)

        def rows(placements):
            data = PlacementMemberSerializer(placements, many=True, context=_ctx(request)).data
            for row, p in zip(data, placements, strict=True):
                row["applications"] = p.application_counts
            return data

        return paginated(request, self, selectors.dashboard_placements(company=company), rows)

    @extend_schema(request=PlacementSerializer, responses={201: PlacementMemberSerializer})
    def post(self, request, slug):
        company = _member_company(request, slug)
        ser = PlacementSerializer(data=request.data, context=_ctx(request))
        ser.is_valid(raise_exception=True)
        p = services.placement_create(company=company, by=request.user, **ser.validated_data)
        return Response(PlacementMemberSerializer(p, context=_ctx(request)).data, status=status.HTTP_201_CREATED)


def _placement_for(request, pk) -> Placement:
    p = get_object_or_404(Placement.objects.select_related("company", "site", "site__district"), pk=pk)
    if not (p.is_public or is_member(request.user, p.company) or is_city_staff(request.user)):
        raise Http404  # 404, not 403: do not reveal hidden content
    return p


class PlacementDetailApi(APIView):
    serializer_class = PlacementSerializer
    permission_classes = [AllowAny]

    def get(self, request, pk):
        p = _placement_for(request, pk)
        cls = PlacementMemberSerializer if is_member(request.user, p.company) else PlacementSerializer
        return Response(cls(p, context=_ctx(request)).data)

    def patch(self, request, pk):
        p = _placement_for(request, pk)
        require_member(request.user, p.company)
        ser = PlacementSerializer(p, data=request.data, partial=True, context=_ctx(request))
        ser.is_valid(raise_exception=True)
        p = services.placement_update(placement=p, by=request.user, **ser.validated_data)
        return Response(PlacementMemberSerializer(p, context=_ctx(request)).data)


PLACEMENT_ACTIONS = {
    "publish": services.placement_publish,
    "close": services.placement_close,
    "reopen": services.placement_reopen,
    "archive": services.placement_archive,
    "copy": services.placement_copy,
}


class PlacementActionApi(APIView):
    serializer_class = PlacementMemberSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PlacementMemberSerializer, 201: PlacementMemberSerializer})
    def post(self, request, pk, action):
        p = _placement_for(request, pk)
        require_member(request.user, p.company)
        result = PLACEMENT_ACTIONS[action](placement=p, by=request.user)
        code = status.HTTP_201_CREATED if action == "copy" else status.HTTP_200_OK
        return Response(PlacementMemberSerializer(result, context=_ctx(request)).data, status=code)


# --- city staff -----------------------------------------------------------------------------------------
class StaffQueueApi(APIView):
    serializer_class = StaffQueueSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses=page_of(StaffQueueSerializer))
    def get(self, request):
        require_city_staff(request.user)

        def rows(companies):
            return [
                {
                    "slug": c.slug,
                    "name": c.name,
                    "is_verified": c.is_verified,
                    "is_hidden": c.is_hidden,
                    "hidden_reason": c.hidden_reason,
                    "created_at": c.created_at,
                    "members": c.member_count,
                    "placements": c.placement_count,
                }
                for c in companies
            ]

        return paginated(request, self, selectors.staff_queue(), rows)


class StaffCompanyActionApi(APIView):
    serializer_class = ReasonSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReasonSerializer, responses={200: STAFF_COMPANY_OUT})
    def post(self, request, slug, action):
        require_city_staff(request.user)
        company = get_object_or_404(Company, slug=slug)
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        services.company_moderate(
            company=company, by=request.user, action=action, reason=reason.validated_data["reason"]
        )
        return Response({"slug": company.slug, "is_verified": company.is_verified, "is_hidden": company.is_hidden})


class StaffPlacementActionApi(APIView):
    serializer_class = ReasonSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReasonSerializer, responses={200: STAFF_PLACEMENT_OUT})
    def post(self, request, pk, action):
        require_city_staff(request.user)
        p = get_object_or_404(Placement, pk=pk)
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        services.placement_moderate(placement=p, by=request.user, action=action, reason=reason.validated_data["reason"])
        return Response({"id": p.pk, "is_hidden": p.is_hidden})
