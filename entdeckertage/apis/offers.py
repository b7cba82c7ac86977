"""Companies' offers (Angebote): list, ranked for a pupil, create, edit, cancel, copy, who comes on the day."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.reference.models import Berufsfeld
from companies.models import Company, Site
from companies.permissions import is_city_staff, is_member
from seekers.services import parse_id

from .. import selectors, services
from ..models import Offer
from ..permissions import can_view_offer
from .shared import AssignmentOut, OfferOut, _season, _student_for, _valid


class OfferIn(serializers.Serializer):
    company = serializers.IntegerField(required=False, help_text="nur beim Anlegen")
    site = serializers.IntegerField()
    date = serializers.DateField()
    berufsfeld = serializers.IntegerField(help_text="ID eines der 16 Berufsfelder")
    title = serializers.CharField(max_length=160)
    programme = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    seats = serializers.IntegerField()
    what_to_bring = serializers.CharField(max_length=500, required=False, allow_blank=True)
    min_age = serializers.IntegerField(required=False, allow_null=True)
    requirements = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_accessible = serializers.BooleanField(required=False, default=False)


class OfferPatchIn(OfferIn):
    site = serializers.IntegerField(required=False)
    date = serializers.DateField(required=False)
    berufsfeld = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=160, required=False)
    start_time = serializers.TimeField(required=False)
    end_time = serializers.TimeField(required=False)
    seats = serializers.IntegerField(required=False)
    is_accessible = serializers.BooleanField(required=False)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class CopyIn(serializers.Serializer):
    season = serializers.IntegerField()
    date = serializers.DateField()


class RankedOfferOut(serializers.Serializer):
    offer = OfferOut()
    score = serializers.FloatField()
    distance_km = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


def _offer_values(data: dict, company: Company | None) -> dict:
    """Ids from the request → objects the service checks (a site of another company is refused there)."""
    values = {k: v for k, v in data.items() if k != "company"}
    if "site" in values:
        values["site"] = Site.objects.filter(pk=values["site"]).first()
    if "berufsfeld" in values:
        values["berufsfeld"] = Berufsfeld.objects.filter(pk=values["berufsfeld"]).first()
    return values


class OffersApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("company", int, required=False, description="Unternehmen (Mitglieder, Stadt)")],
        responses=OfferOut(many=True),
        summary="Angebote: Unternehmen ihre eigenen (?company=ID), sonst die des Blocks der Klasse",
    )
    def get(self, request, pk):
        season = _season(pk)
        company_id = request.query_params.get("company")
        if company_id:
            pk = parse_id(company_id)  # "abc" or "²" would be a 500 in the lookup
            company = Company.objects.filter(pk=pk).first() if pk else None
            if company is None or not (is_member(request.user, company) or is_city_staff(request.user)):
                raise Http404
            return Response(OfferOut(selectors.offers_of_company(company, season), many=True).data)
        student = _student_for(request.user)
        if student is not None:
            block = selectors.student_block(season, student)
            offers = selectors.offers_for_block(block) if block else Offer.objects.none()
        elif is_city_staff(request.user):
            offers = Offer.objects.filter(season=season).select_related("company", "site", "berufsfeld")
        else:
            offers = [
                o
                for o in Offer.objects.filter(season=season).select_related("company", "site", "berufsfeld")
                if can_view_offer(request.user, o)
            ]
        return Response(OfferOut(offers, many=True).data)

    @extend_schema(request=OfferIn, responses={201: OfferOut}, summary="Angebot anlegen (Unternehmen)")
    def post(self, request, pk):
        season = _season(pk)
        data = _valid(OfferIn, request)
        company = Company.objects.filter(pk=data.get("company")).first()
        if company is None or not is_member(request.user, company):
            raise serializers.ValidationError({"company": ["Bitte wähle ein Unternehmen, in dem du Mitglied bist."]})
        offer = services.offer_create(
            actor=request.user, season=season, company=company, **_offer_values(data, company)
        )
        return Response(OfferOut(offer).data, status=status.HTTP_201_CREATED)


class RankedOffersApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=RankedOfferOut(many=True),
        summary="Angebote für mich, nach Passung sortiert (Interessen, Entfernung) mit Gründen",
    )
    def get(self, request, pk):
        student = _student_for(request.user)
        if student is None:
            raise Http404
        rows = selectors.ranked_offers(_season(pk), student, limit=100)
        return Response(
            [
                {
                    "offer": OfferOut(o).data,
                    "score": round(sc.total, 4),
                    "distance_km": round(sc.distance_km, 1),
                    "reasons": reasons,
                }
                for o, sc, reasons in rows
            ]
        )


class OfferApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _get(self, request, pk) -> Offer:
        offer = get_object_or_404(Offer.objects.select_related("company", "site", "berufsfeld"), pk=pk)
        if not can_view_offer(request.user, offer):
            raise Http404
        return offer

    @extend_schema(responses=OfferOut)
    def get(self, request, pk):
        return Response(OfferOut(self._get(request, pk)).data)

    @extend_schema(request=OfferPatchIn, responses=OfferOut, summary="Angebot ändern (Unternehmen)")
    def patch(self, request, pk):
        offer = self._get(request, pk)
        data = _valid(OfferPatchIn, request)
        offer = services.offer_update(actor=request.user, offer=offer, **_offer_values(data, offer.company))
        return Response(OfferOut(offer).data)


class OfferCancelApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReasonIn,
        responses=AssignmentOut(many=True),
        summary="Tag absagen; die Schüler*innen bekommen den besten freien Ersatz",
    )
    def post(self, request, pk):
        offer = OfferApi()._get(request, pk)
        alts = services.offer_cancel(actor=request.user, offer=offer, reason=_valid(ReasonIn, request)["reason"])
        return Response(AssignmentOut(alts, many=True).data)


class OfferCopyApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CopyIn, responses={201: OfferOut}, summary="Angebot kopieren (z. B. aus dem Vorjahr)")
    def post(self, request, pk):
        offer = OfferApi()._get(request, pk)
        data = _valid(CopyIn, request)
        copy = services.offer_copy(actor=request.user, offer=offer, season=_season(data["season"]), date=data["date"])
        return Response(OfferOut(copy).data, status=status.HTTP_201_CREATED)


class OfferPupilsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=AssignmentOut(many=True), summary="Wer an diesem Tag kommt (Unternehmen, Stadt)")
    def get(self, request, pk):
        offer = get_object_or_404(Offer, pk=pk)
        if not (is_member(request.user, offer.company) or is_city_staff(request.user)):
            raise Http404
        return Response(AssignmentOut(selectors.assignments_of_offer(offer), many=True).data)
