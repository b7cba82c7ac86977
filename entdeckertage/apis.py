"""JSON API of the Entdeckertage: thin views over the same services and selectors as the pages.

Objects a user may not see answer 404 (not 403), so ids do not reveal which pupil goes where.
Errors use the project's format {"error": {"code", "message", "fields"}} (backend/api/exceptions.py).
"""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated
from backend.reference.models import Berufsfeld
from companies.models import Company, Site
from companies.permissions import is_city_staff, is_member
from seekers.models import SchoolClass, StudentProfile
from seekers.services import parse_id

from . import selectors, services
from .certificates import certificate_pdf, class_programme_pdf
from .models import AllocationRun, Assignment, Block, Offer, Season
from .permissions import can_teach_class, can_view_offer, can_view_pupil_days, is_pupil
from .schemas import ClassOverviewOut, CoverageOut, MoveOut, RemindOut


# --- serializers --------------------------------------------------------------------------------------------------
class BlockOut(serializers.ModelSerializer):
    dates = serializers.SerializerMethodField()

    class Meta:
        model = Block
        fields = ["id", "name", "dates"]

    def get_dates(self, obj) -> list[str]:
        return [d.isoformat() for d in selectors.block_dates(obj)]


class SeasonOut(serializers.ModelSerializer):
    blocks = BlockOut(many=True, read_only=True)
    phase = serializers.SerializerMethodField()

    class Meta:
        model = Season
        fields = ["id", "name", "school_year", "grade", "phase", *services.PHASE_FIELDS, "blocks", "published_run"]

    def get_phase(self, obj) -> str:
        return obj.phase_on(selectors.today())


class SeasonIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    school_year = serializers.RegexField(r"^\d{4}/\d{2}$", help_text="z. B. 2025/26")
    grade = serializers.IntegerField(min_value=5, max_value=13, default=8)
    blocks = serializers.ListField(
        child=serializers.ListField(child=serializers.DateField(), max_length=10),
        max_length=12,
        help_text="je Block die Liste seiner Tage",
    )
    offers_from = serializers.DateField()
    wishes_from = serializers.DateField()
    allocation_from = serializers.DateField()
    booking_from = serializers.DateField()
    days_from = serializers.DateField()
    certificates_from = serializers.DateField()


class PhasesIn(serializers.Serializer):
    offers_from = serializers.DateField(required=False)
    wishes_from = serializers.DateField(required=False)
    allocation_from = serializers.DateField(required=False)
    booking_from = serializers.DateField(required=False)
    days_from = serializers.DateField(required=False)
    certificates_from = serializers.DateField(required=False)


class OfferOut(serializers.ModelSerializer):
    company = serializers.CharField(source="company.name", read_only=True)
    company_id = serializers.IntegerField(read_only=True)
    berufsfeld = serializers.CharField(source="berufsfeld.name", read_only=True)
    berufsfeld_code = serializers.CharField(source="berufsfeld.code", read_only=True)
    address = serializers.SerializerMethodField()
    free_seats = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "season",
            "block",
            "company_id",
            "company",
            "site",
            "address",
            "date",
            "berufsfeld_id",
            "berufsfeld",
            "berufsfeld_code",
            "title",
            "programme",
            "start_time",
            "end_time",
            "seats",
            "free_seats",
            "what_to_bring",
            "min_age",
            "requirements",
            "is_accessible",
            "status",
        ]

    def get_address(self, obj) -> str:
        s = obj.site
        return f"{s.street}, {s.postal_code_id} {s.city}"

    def get_free_seats(self, obj) -> int:
        taken = getattr(obj, "taken", None)
        return obj.seats - (obj.assignments.count() if taken is None else taken)


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


class WishesIn(serializers.Serializer):
    offers = serializers.ListField(
        child=serializers.IntegerField(), max_length=services.MAX_WISHES, help_text="Angebots-IDs, erster Wunsch zuerst"
    )
    widen = serializers.BooleanField(required=False, help_text="auch andere erreichbare Angebote in meinen Feldern")


class WishOut(serializers.Serializer):
    rank = serializers.IntegerField()
    offer = OfferOut()


class AssignmentOut(serializers.ModelSerializer):
    offer = OfferOut(read_only=True)
    student_name = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "student",
            "student_name",
            "offer",
            "date",
            "berufsfeld",
            "source",
            "wish_rank",
            "attendance",
            "feedback",
        ]

    def get_student_name(self, obj) -> str:
        u = obj.student.user
        return f"{u.first_name} {u.last_name}".strip()


class MyDaysOut(serializers.Serializer):
    block = BlockOut(allow_null=True)
    phase = serializers.CharField()
    wishes = WishOut(many=True)
    widen = serializers.BooleanField()
    advice = serializers.ListField(child=serializers.CharField())
    days = AssignmentOut(many=True)


class BookingIn(serializers.Serializer):
    offer = serializers.IntegerField()


class RunIn(serializers.Serializer):
    seed = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    time_limit_s = serializers.IntegerField(required=False, default=60)


class RunOut(serializers.ModelSerializer):
    assignment_count = serializers.SerializerMethodField()

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "season",
            "seed",
            "time_limit_s",
            "inputs_digest",
            "status",
            "progress",
            "progress_note",
            "figures",
            "assignment_count",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]

    def get_assignment_count(self, obj) -> int:
        return len(obj.assignments or [])


class MoveIn(serializers.Serializer):
    student = serializers.IntegerField()
    reason = serializers.CharField(max_length=255)
    from_assignment = serializers.IntegerField(required=False, allow_null=True)
    to_offer = serializers.IntegerField(required=False, allow_null=True)


class BlockIn(serializers.Serializer):
    block = serializers.IntegerField()


class AttendanceIn(serializers.Serializer):
    came = serializers.BooleanField()
    feedback = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ParticipationIn(serializers.Serializer):
    no_participation_reason = serializers.CharField(max_length=255, allow_blank=True)


def _valid(serializer_class, request, **kw):
    s = serializer_class(data=request.data, **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _season(pk) -> Season:
    return get_object_or_404(Season, pk=pk)


def _offer_values(data: dict, company: Company | None) -> dict:
    """Ids from the request → objects the service checks (a site of another company is refused there)."""
    values = {k: v for k, v in data.items() if k != "company"}
    if "site" in values:
        values["site"] = Site.objects.filter(pk=values["site"]).first()
    if "berufsfeld" in values:
        values["berufsfeld"] = Berufsfeld.objects.filter(pk=values["berufsfeld"]).first()
    return values


def _student_for(user):
    return getattr(user, "student_profile", None) if user.is_authenticated else None


# --- seasons ------------------------------------------------------------------------------------------------------
class SeasonsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=SeasonOut(many=True), summary="Entdeckertage-Saisons")
    def get(self, request):
        return Response(SeasonOut(Season.objects.prefetch_related("blocks"), many=True).data)

    @extend_schema(request=SeasonIn, responses={201: SeasonOut}, summary="Saison anlegen (Stadt)")
    def post(self, request):
        data = _valid(SeasonIn, request)
        season = services.season_create(actor=request.user, **data)
        return Response(SeasonOut(season).data, status=status.HTTP_201_CREATED)


class SeasonApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=SeasonOut)
    def get(self, request, pk):
        return Response(SeasonOut(_season(pk)).data)

    @extend_schema(request=PhasesIn, responses=SeasonOut, summary="Phasen ändern (Stadt)")
    def patch(self, request, pk):
        season = services.season_update_phases(actor=request.user, season=_season(pk), **_valid(PhasesIn, request))
        return Response(SeasonOut(season).data)


class CoverageApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CoverageOut, summary="Abdeckung: Schüler*innen mit 3/2/1/0 Tagen, Plätze")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(selectors.coverage(_season(pk)))


# --- offers -------------------------------------------------------------------------------------------------------
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


class AttendanceApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AttendanceIn, responses=AssignmentOut, summary="Anwesenheit und Rückmeldung (Unternehmen)")
    def post(self, request, pk):
        a = get_object_or_404(Assignment.objects.select_related("offer__company", "student__user"), pk=pk)
        if not is_member(request.user, a.offer.company):
            raise Http404
        data = _valid(AttendanceIn, request)
        a = services.attendance_confirm(
            actor=request.user, assignment=a, came=data["came"], feedback=data.get("feedback", "")
        )
        return Response(AssignmentOut(a).data)


# --- pupils -------------------------------------------------------------------------------------------------------
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


# --- classes (teachers) -------------------------------------------------------------------------------------------
def _class_for_teacher(request, class_id) -> SchoolClass:
    c = get_object_or_404(SchoolClass, pk=class_id)
    if not (can_teach_class(request.user, c) or is_city_staff(request.user)):
        raise Http404
    return c


class ClassBlockApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=BlockIn, responses=BlockOut, summary="Block der Klasse festlegen (Lehrkraft, Stadt)")
    def put(self, request, pk, class_id):
        season = _season(pk)
        c = _class_for_teacher(request, class_id)
        block = Block.objects.filter(pk=_valid(BlockIn, request)["block"], season=season).first()
        if block is None:
            raise serializers.ValidationError({"block": ["Bitte wähle einen Block dieser Saison."]})
        cb = services.class_block_set(actor=request.user, season=season, school_class=c, block=block)
        return Response(BlockOut(cb.block).data)


class ClassOverviewApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ClassOverviewOut, summary="Klasse: je Schüler*in Wünsche, Tage, Berufsfelder")
    def get(self, request, pk, class_id):
        season = _season(pk)
        c = _class_for_teacher(request, class_id)
        rows = selectors.class_overview(season, c)
        block = selectors.class_block(season, c)
        return Response(
            {
                "block": BlockOut(block).data if block else None,
                "pupils": [
                    {
                        "student": r["student"].id,
                        "name": f"{r['student'].user.first_name} {r['student'].user.last_name}".strip(),
                        "wishes": r["wishes"],
                        "days": [
                            {
                                "date": a.date.isoformat(),
                                "berufsfeld": a.berufsfeld.name,
                                "company": a.offer.company.name,
                                "attendance": a.attendance,
                            }
                            for a in r["days"]
                        ],
                    }
                    for r in rows
                ],
            }
        )


class ClassConfirmApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="Buchungen der Klasse bestätigen (Lehrkraft)")
    def post(self, request, pk, class_id):
        services.class_bookings_confirm(
            actor=request.user, season=_season(pk), school_class=_class_for_teacher(request, class_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClassRemindApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: RemindOut},
        summary="Schüler*innen ohne Wünsche erinnern (Lehrkraft, Wunschphase)",
    )
    def post(self, request, pk, class_id):
        n = services.class_remind_without_wishes(
            actor=request.user, season=_season(pk), school_class=_class_for_teacher(request, class_id)
        )
        return Response({"reminded": n})


class ParticipationApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ParticipationIn,
        responses={204: None},
        summary="Grund für Nicht-Teilnahme eintragen (Lehrkraft; SVWS SBO 5.1.8)",
    )
    def put(self, request, pk, student_id):
        student = get_object_or_404(StudentProfile, pk=student_id)
        if not can_view_pupil_days(request.user, student):
            raise Http404
        services.participation_set(
            actor=request.user,
            season=_season(pk),
            student=student,
            no_participation_reason=_valid(ParticipationIn, request)["no_participation_reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClassProgrammeApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, summary="Programm der Klasse (PDF)")
    def get(self, request, pk, class_id):
        season = _season(pk)
        c = _class_for_teacher(request, class_id)
        response = HttpResponse(class_programme_pdf(season, c), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="entdeckertage-{c.name}.pdf"'
        return response


class SvwsExportApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR},
        summary="Export für die Schulverwaltung (SVWS: SBO 5.1.1–5.1.3 mit Berufsfeld, 5.1.8 mit Grund)",
    )
    def get(self, request, pk, class_id):
        season = _season(pk)
        c = _class_for_teacher(request, class_id)
        rows = selectors.svws_rows(season, c)
        buf = io.StringIO()
        cols = [
            "student_id",
            "last_name",
            "first_name",
            "code",
            "date",
            "berufsfeld_id",
            "berufsfeld_kuerzel",
            "berufsfeld",
            "company",
            "reason",
        ]
        w = csv.DictWriter(buf, fieldnames=cols, delimiter=";")
        w.writeheader()
        w.writerows(rows)
        response = HttpResponse(buf.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kaoa-sbo-5-1-{c.name}.csv"'
        return response


# --- allocation (city staff) --------------------------------------------------------------------------------------
class RunsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RunOut(many=True), summary="Verteilungsläufe (Stadt)")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(RunOut(_season(pk).runs.all(), many=True).data)

    @extend_schema(request=RunIn, responses={202: RunOut}, summary="Verteilung starten (Hintergrundauftrag)")
    def post(self, request, pk):
        data = _valid(RunIn, request)
        run = services.allocation_run_start(
            actor=request.user, season=_season(pk), seed=data.get("seed"), time_limit_s=data["time_limit_s"]
        )
        run.refresh_from_db()
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class RunApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RunOut, summary="Lauf mit Fortschritt und Kennzahlen")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(RunOut(get_object_or_404(AllocationRun, pk=pk)).data)


class RunPublishApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=RunOut, summary="Verteilung veröffentlichen (Stadt)")
    def post(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        run = get_object_or_404(AllocationRun, pk=pk)
        services.allocation_publish(actor=request.user, run=run)
        run.refresh_from_db()
        return Response(RunOut(run).data)


class SeasonPupilOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school = serializers.CharField(allow_null=True)


class SeasonPupilsApi(APIView):
    serializer_class = SeasonPupilOut
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=False, description="Name (Vor- oder Nachname)"),
            *PAGE_PARAMETERS,
        ],
        responses=page_of(SeasonPupilOut),
        summary="Schüler*innen der Saison suchen, um sie umzusetzen (Stadt)",
    )
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        pupils = selectors.season_pupils(_season(pk), request.query_params.get("q", "")[:80])
        return paginated(
            request,
            self,
            pupils,
            lambda rows: [
                {
                    "id": p.id,
                    "name": f"{p.user.first_name} {p.user.last_name}".strip(),
                    "school": p.school.name if p.school else None,
                }
                for p in rows
            ],
        )


class MovesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=MoveIn, responses={201: MoveOut}, summary="Schüler*in von Hand umsetzen, mit Grund (Stadt)")
    def post(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        season = _season(pk)
        data = _valid(MoveIn, request)
        student = get_object_or_404(StudentProfile, pk=data["student"])
        fa = (
            get_object_or_404(Assignment, pk=data["from_assignment"], season=season)
            if data.get("from_assignment")
            else None
        )
        to = get_object_or_404(Offer, pk=data["to_offer"], season=season) if data.get("to_offer") else None
        move = services.assignment_move(
            actor=request.user, season=season, student=student, reason=data["reason"], from_assignment=fa, to_offer=to
        )
        return Response(
            {"id": move.id, "from_offer": move.from_offer_id, "to_offer": move.to_offer_id, "reason": move.reason},
            status=status.HTTP_201_CREATED,
        )
