"""Read-only Wagtail API v2 endpoints for published teams, emergency information and short
versions. Register them on the project's router with :func:`register_endpoints`.

Each endpoint lists its fields explicitly (``get_body_fields`` ignores model ``api_fields``)
and offers no filtering, ordering or search, so no query can test a private value.
"""

from django.db.models import Prefetch
from wagtail.api import APIField
from wagtail.api.v2.serializers import PageLocaleField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from wagtail_coc import api_serializers
from wagtail_coc.models import (
    CoCTeam,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
)


class ExplicitFieldsAPIViewSet(BaseAPIViewSet):
    api_fields: list = []
    known_query_parameters = frozenset(["limit", "offset", "fields", "format"])

    def check_query_parameters(self, queryset):
        # Wagtail accepts (and ignores) any field name as a parameter; refuse them instead.
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            names = ", ".join(sorted(unknown))
            raise BadRequestError(f"query parameter is not an operation: {names}")

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(["id", *cls.api_fields])

    @classmethod
    def get_meta_fields(cls, model):
        # PageLocaleField only reads ``instance.locale``, so it suits translatable snippets.
        return cls._convert_api_fields(
            ["type", "detail_url", APIField("locale", serializer=PageLocaleField(read_only=True))]
        )


class TeamsAPIViewSet(ExplicitFieldsAPIViewSet):
    model = CoCTeam
    name = "coc-teams"
    api_fields = [
        "name",
        "shared_email",
        APIField("hotline", serializer=api_serializers.PhoneField(source="hotline_number")),
        "introduction",
        APIField("members", serializer=api_serializers.MembersField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "name", "shared_email"]

    def get_queryset(self):
        members = CommitteeMember.objects.select_related("photo", "team")
        return (
            CoCTeam.objects.filter(live=True)
            .select_related("locale")
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("id")
        )


class EmergencyInfoAPIViewSet(ExplicitFieldsAPIViewSet):
    model = EmergencyInfo
    name = "coc-emergency-info"
    api_fields = [
        "venue_name",
        "venue_address",
        "region",
        "hospital_name",
        "hospital_address",
        "notes",
        APIField("numbers", serializer=api_serializers.EmergencyNumbersField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "venue_name"]

    def get_queryset(self):
        numbers = EmergencyNumber.objects.select_related("info")
        return (
            EmergencyInfo.objects.filter(live=True)
            .select_related("locale")
            .prefetch_related(Prefetch("numbers", queryset=numbers))
            .order_by("id")
        )


class ShortVersionsAPIViewSet(ExplicitFieldsAPIViewSet):
    model = ShortVersion
    name = "coc-short-versions"
    api_fields = [
        "text",
        "contact_line",
        "badge_line",
        APIField("coc_page", serializer=api_serializers.CoCPageLinkField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "text", "contact_line"]

    def get_queryset(self):
        return (
            ShortVersion.objects.filter(live=True)
            .select_related("locale", "coc_page")
            .order_by("id")
        )


ENDPOINTS = [TeamsAPIViewSet, EmergencyInfoAPIViewSet, ShortVersionsAPIViewSet]


def register_endpoints(router):
    for endpoint in ENDPOINTS:
        router.register_endpoint(endpoint.name, endpoint)
