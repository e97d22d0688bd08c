"""Serializers every marketplace resource uses: a reason for a change, documents and their upload."""

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import StrictSerializer


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField()


class DocumentSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    original_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        kind = "bid-document" if hasattr(document, "bid_id") else "tender-document"
        return reverse(f"marketplace-api:{kind}-download", args=[document.pk])


class DocumentUploadSerializer(StrictSerializer):
    file = serializers.FileField()
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="needed once the tender is published (the upload is an amendment)",
    )
