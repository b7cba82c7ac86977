"""What the Entdeckertage endpoints share: the shapes several topics answer with (a block, an offer, a pupil's
day) and the request helpers (body validated by the serializer the docs show, the season, the signed-in pupil)."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers

from .. import selectors
from ..models import Assignment, Block, Offer, Season


class BlockOut(serializers.ModelSerializer):
    dates = serializers.SerializerMethodField()

    class Meta:
        model = Block
        fields = ["id", "name", "dates"]

    def get_dates(self, obj) -> list[str]:
        return [d.isoformat() for d in selectors.block_dates(obj)]


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


def _valid(serializer_class, request, **kw):
    s = serializer_class(data=request.data, **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _season(pk) -> Season:
    return get_object_or_404(Season, pk=pk)


def _student_for(user):
    return getattr(user, "student_profile", None) if user.is_authenticated else None
