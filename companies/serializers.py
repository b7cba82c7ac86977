"""The companies' JSON shapes: what the API reads and writes (companies/apis.py uses them)."""

from django.core.files.storage import default_storage
from django.utils import timezone
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from backend.reference.models import Berufsfeld, District, Occupation

from . import services
from .models import Company, CompanyPhoto, ContactPerson, Invitation, Membership, Placement, Site, placement_path


def image_urls(request, sizes: dict) -> dict:
    return {k: request.build_absolute_uri(default_storage.url(v)) for k, v in (sizes or {}).items()}


class SiteSerializer(serializers.ModelSerializer):
    postal_code = serializers.CharField(max_length=5)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    district: "serializers.SlugRelatedField[District]" = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Site
        fields = ["id", "name", "street", "postal_code", "city", "latitude", "longitude", "has_exact_point", "district"]
        read_only_fields = ["id", "has_exact_point", "district"]
        extra_kwargs = {"city": {"required": False}}

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["postal_code"] = obj.postal_code_id
        return data


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "position", "email", "phone"]


class PhotoSerializer(serializers.ModelSerializer):
    urls = serializers.SerializerMethodField()

    class Meta:
        model = CompanyPhoto
        fields = ["id", "caption", "position", "urls"]

    def get_urls(self, obj) -> dict:
        return image_urls(self.context["request"], obj.sizes)


class CompanySerializer(serializers.ModelSerializer):
    berufsfelder = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Berufsfeld.objects.all(), required=False
    )
    logo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    sites = SiteSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "slug",
            "url",
            "name",
            "legal_name",
            "industry",
            "size_band",
            "description",
            "website",
            "logo",
            "berufsfelder",
            "offers_career_days",
            "offers_internships",
            "offers_apprenticeships",
            "requires_infection_briefing",
            "requires_police_certificate",
            "is_verified",
            "sites",
            "contacts",
            "photos",
        ]
        read_only_fields = ["slug", "is_verified"]
        extra_kwargs = {"description": {"max_length": 10000}}

    def get_logo(self, obj) -> dict:
        return image_urls(self.context["request"], obj.logo_sizes)

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class CompanyListSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    # many=True: DRF builds a ManyRelatedField of these; the stubs type the call as the field itself
    berufsfelder: "serializers.SlugRelatedField[Berufsfeld]" = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    open_placements = serializers.IntegerField(read_only=True)

    class Meta:
        model = Company
        fields = [
            "slug",
            "url",
            "name",
            "industry",
            "size_band",
            "berufsfelder",
            "offers_career_days",
            "offers_internships",
            "offers_apprenticeships",
            "open_placements",
        ]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class SignUpSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True)
    company_name = serializers.CharField(max_length=120)
    first_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)


class PlacementSerializer(serializers.ModelSerializer):
    """Read: the public shape. Write: what a member may set (site and contact by id)."""

    berufsfelder = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Berufsfeld.objects.all(), required=False
    )
    occupation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Occupation.objects.all(), required=False, allow_null=True
    )
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    contact = serializers.PrimaryKeyRelatedField(queryset=ContactPerson.objects.all(), required=False, allow_null=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=2), required=False, max_length=20)
    company = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "slug",
            "url",
            "company",
            "location",
            *services.PLACEMENT_EDITABLE_FIELDS,
            "status",
            "published_at",
        ]
        read_only_fields = ["id", "slug", "status", "published_at"]
        extra_kwargs = {"description": {"max_length": 10000}}

    def get_company(self, obj) -> dict:
        return {"slug": obj.company.slug, "name": obj.company.name}

    def get_location(self, obj) -> dict:
        s = obj.site
        return {
            "postal_code": s.postal_code_id,
            "city": s.city,
            "district": s.district.slug if s.district else None,
            "latitude": s.latitude,
            "longitude": s.longitude,
        }

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


def placement_public_rows(values, request) -> list[dict]:
    """`PlacementSerializer(placements, many=True).data` for reading, written out from the rows of
    selectors.placement_public_values: the public list serves the newest page to everyone, and DRF's
    field-by-field machinery (the model's fields introspected per request, ~25 field objects asked in turn per
    row) cost more than the database. Same keys, order and values; tests/companies/test_placement_rows.py holds
    the two to the same JSON, so a field added to the serializer fails there until it is added here too."""
    out = []
    for v in values:
        path = placement_path(v["company__slug"], v["slug"])
        deadline = v["application_deadline"]
        out.append(
            {
                "id": v["id"],
                "slug": v["slug"],
                "url": request.build_absolute_uri(path),  # = Placement.get_absolute_url
                "company": {"slug": v["company__slug"], "name": v["company__name"]},
                "location": {
                    "postal_code": v["site__postal_code"],
                    "city": v["site__city"],
                    "district": v["site__district__slug"],
                    "latitude": v["site__latitude"],
                    "longitude": v["site__longitude"],
                },
                "kind": v["kind"],
                "title": v["title"],
                "occupation": v["occupation__slug"],
                "berufsfelder": v["berufsfelder"],
                "description": v["description"],
                "site": v["site"],
                "start_date": v["start_date"].isoformat(),
                "end_date": v["end_date"].isoformat() if v["end_date"] else None,
                "seats": v["seats"],
                "min_grade": v["min_grade"],
                "min_age": v["min_age"],
                "required_qualification": v["required_qualification"],
                "application_deadline": deadline.isoformat() if deadline else None,
                "is_accessible": v["is_accessible"],
                "accessibility_notes": v["accessibility_notes"],
                "languages": [None if code is None else str(code) for code in v["languages"]],
                "contact": v["contact"],
                "status": v["status"],
                "published_at": _iso_datetime(v["published_at"]),
            }
        )
    return out


def _iso_datetime(value) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone, ISO 8601, UTC as Z."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class PlacementMemberSerializer(PlacementSerializer):
    class Meta(PlacementSerializer.Meta):
        fields = PlacementSerializer.Meta.fields + ["view_count", "is_hidden", "hidden_reason"]
        read_only_fields = PlacementSerializer.Meta.read_only_fields + ["view_count", "is_hidden", "hidden_reason"]


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "created_at"]
        read_only_fields = ["id", "email", "name", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_at"]
        read_only_fields = ["id", "created_at"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=100)


class UploadSerializer(serializers.Serializer):
    image = serializers.FileField()
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CompletenessSerializer(serializers.Serializer):
    percent = serializers.IntegerField()
    next_step = serializers.CharField()
    next_step_key = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField())


class StaffQueueSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    is_verified = serializers.BooleanField()
    is_hidden = serializers.BooleanField()
    hidden_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    members = serializers.IntegerField()
    placements = serializers.IntegerField()


class AuditSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.IntegerField()
    target_repr = serializers.CharField()
    changes = serializers.JSONField()
    reason = serializers.CharField()

    def get_actor(self, obj) -> str | None:
        return obj.actor.email if obj.actor else None


class PlacementMemberRowSerializer(PlacementMemberSerializer):
    """A member's placement row plus its application counts by status."""

    applications = serializers.DictField(child=serializers.IntegerField(), help_text="{Status: Anzahl, total: Anzahl}")

    class Meta(PlacementMemberSerializer.Meta):
        fields = [*PlacementMemberSerializer.Meta.fields, "applications"]


SIGNUP_OUT = inline_serializer(
    "CompanySignUpResponse",
    {"slug": serializers.SlugField(), "email_verification_required": serializers.BooleanField()},
)
LOGO_OUT = inline_serializer("CompanyLogoResponse", {"logo": serializers.DictField(child=serializers.URLField())})
ACCEPT_OUT = inline_serializer(
    "InvitationAcceptResponse", {"company": serializers.SlugField(), "role": serializers.CharField()}
)
STAFF_COMPANY_OUT = inline_serializer(
    "StaffCompanyActionResponse",
    {
        "slug": serializers.SlugField(),
        "is_verified": serializers.BooleanField(),
        "is_hidden": serializers.BooleanField(),
    },
)
STAFF_PLACEMENT_OUT = inline_serializer(
    "StaffPlacementActionResponse", {"id": serializers.IntegerField(), "is_hidden": serializers.BooleanField()}
)
DELETED = {204: None}
