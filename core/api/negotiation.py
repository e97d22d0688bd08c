"""Content negotiation of the API: every answer is JSON, whatever the Accept header asks for."""

from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonOnlyNegotiation(DefaultContentNegotiation):
    """The first renderer of the view (JSON for the API) even when Accept names only text/html or something
    else: a client asking for HTML gets the documented JSON rather than a 406 the schema does not describe.
    Views with their own renderers (the schema in YAML or JSON, file downloads) keep their negotiation."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (NotAcceptable, Http404):  # Accept or ?format= names nothing this view renders
            return renderers[0], renderers[0].media_type
