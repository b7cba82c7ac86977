"""A teacher's class in a season: its block, overview, confirming bookings, reminders, reasons for not taking part,
the class's programme (PDF) and the SVWS export."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.permissions import is_city_staff
from seekers.models import SchoolClass, StudentProfile

from .. import selectors, services
from ..certificates import class_programme_pdf
from ..models import Block
from ..permissions import can_teach_class, can_view_pupil_days
from ..schemas import ClassOverviewOut, RemindOut
from .shared import BlockOut, _season, _valid


class BlockIn(serializers.Serializer):
    block = serializers.IntegerField()


class ParticipationIn(serializers.Serializer):
    no_participation_reason = serializers.CharField(max_length=255, allow_blank=True)


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
