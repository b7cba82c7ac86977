"""The student's shortlist (Merkliste) and a linked parent's feedback on it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated

from .. import selectors, services
from ..access import is_linked_parent
from ..models import Favourite
from ..serializers import FavouriteSerializer
from .shared import Base, _placement, _student, _valid, placement_out, role


class FavouriteIn(serializers.Serializer):
    placement = serializers.IntegerField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class FeedbackIn(serializers.Serializer):
    liked = serializers.BooleanField()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


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
