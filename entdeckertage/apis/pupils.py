"""The pupil's side: their days (block, wishes, bookings), the wish list, live booking and cancelling, a child's
programme for parents and teachers, the certificate."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.permissions import is_city_staff
from seekers.models import StudentProfile

from .. import selectors, services
from ..certificates import certificate_pdf
from ..models import Assignment, Offer
from ..permissions import can_view_pupil_days, is_pupil
from .shared import AssignmentOut, BlockOut, OfferOut, _season, _student_for, _valid


class WishesIn(serializers.Serializer):
    offers = serializers.ListField(
        child=serializers.IntegerField(), max_length=services.MAX_WISHES, help_text="Angebots-IDs, erster Wunsch zuerst"
    )
    widen = serializers.BooleanField(required=False, help_text="auch andere erreichbare Angebote in meinen Feldern")


class WishOut(serializers.Serializer):
    rank = serializers.IntegerField()
    offer = OfferOut()


class MyDaysOut(serializers.Serializer):
    block = BlockOut(allow_null=True)
    phase = serializers.CharField()
    wishes = WishOut(many=True)
    widen = serializers.BooleanField()
    advice = serializers.ListField(child=serializers.CharField())
    days = AssignmentOut(many=True)


class BookingIn(serializers.Serializer):
    offer = serializers.IntegerField()


def _my_days(season, student) -> dict:
    part = selectors.participation_of(season, student)
    return {
        "block": selectors.student_block(season, student),
        "phase": season.phase_on(selectors.today()),
        "wishes": list(selectors.wishes_of(season, student)),
        "widen": bool(part and part.widen),
        "advice": selectors.wish_advice(season, student),
        "days": list(selectors.assignments_of(season, student)),
    }


class MyDaysApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MyDaysOut, summary="Meine Entdeckertage: Block, Wünsche, Tage")
    def get(self, request, pk):
        student = _student_for(request.user)
        if student is None:
            raise Http404
        return Response(MyDaysOut(_my_days(_season(pk), student)).data)


class WishesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=WishesIn, responses=MyDaysOut, summary="Wunschliste ersetzen (Schüler*in)")
    def put(self, request, pk):
        season = _season(pk)
        student = _student_for(request.user)
        if student is None:
            raise Http404
        data = _valid(WishesIn, request)
        services.wishes_set(
            actor=request.user, student=student, season=season, offer_ids=data["offers"], widen=data.get("widen")
        )
        return Response(MyDaysOut(_my_days(season, student)).data)


class BookingsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=BookingIn, responses={201: AssignmentOut}, summary="Freien Platz buchen (Schüler*in)")
    def post(self, request, pk):
        season = _season(pk)
        student = _student_for(request.user)
        if student is None:
            raise Http404
        offer = Offer.objects.filter(pk=_valid(BookingIn, request)["offer"], season=season).first()
        if offer is None:
            raise serializers.ValidationError({"offer": ["Dieses Angebot gibt es in dieser Saison nicht."]})
        a = services.booking_create(actor=request.user, student=student, offer=offer)
        return Response(AssignmentOut(a).data, status=status.HTTP_201_CREATED)


class BookingApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None}, summary="Gebuchten Tag zurückgeben (Schüler*in, Buchungsphase)")
    def delete(self, request, pk):
        a = get_object_or_404(Assignment.objects.select_related("student", "season"), pk=pk)
        if not is_pupil(request.user, a.student):
            raise Http404
        services.booking_cancel(actor=request.user, assignment=a)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StudentDaysApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MyDaysOut, summary="Programm eines Kindes/einer Schüler*in (Eltern, Lehrkräfte, Stadt)")
    def get(self, request, pk, student_id):
        student = get_object_or_404(StudentProfile, pk=student_id)
        if not can_view_pupil_days(request.user, student):
            raise Http404
        return Response(MyDaysOut(_my_days(_season(pk), student)).data)


class CertificateApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, summary="Bescheinigung (PDF)")
    def get(self, request, season_id, student_id):
        season = _season(season_id)
        student = get_object_or_404(StudentProfile.objects.select_related("user", "school"), pk=student_id)
        if not can_view_pupil_days(request.user, student) or is_city_staff(request.user):
            raise Http404
        pdf = certificate_pdf(season, student)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="entdeckertage-bescheinigung-{season.pk}.pdf"'
        return response
