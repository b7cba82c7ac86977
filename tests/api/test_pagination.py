import pytest
from rest_framework import generics, serializers
from rest_framework.test import APIRequestFactory

from backend.accounts.models import User
from tests.factories import UserFactory


class _Users(generics.ListAPIView):
    """A list view using the project's default pagination class (from settings)."""

    queryset = User.objects.order_by("pk")
    permission_classes = []

    class serializer_class(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id"]


def get(params):
    return _Users.as_view()(APIRequestFactory().get("/users/", params))


@pytest.mark.django_db
def test_lists_are_paginated_by_20_with_a_client_chosen_size_up_to_100():
    UserFactory.create_batch(25)
    first = get({}).data
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"] and first["previous"] is None
    assert len(get({"page": 2}).data["results"]) == 5
    assert len(get({"page_size": 5}).data["results"]) == 5
    assert len(get({"page_size": 10_000}).data["results"]) == 25  # capped at 100, not unbounded


@pytest.mark.django_db
def test_a_page_past_the_end_is_a_404_in_the_error_format():
    response = get({"page": 99})
    assert response.status_code == 404
    assert set(response.data["error"]) == {"code", "message", "fields"}
    response = get({"page": "abc"})
    assert response.status_code == 404
