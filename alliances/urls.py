"""Browser pages of the alliances app."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "alliances"
urlpatterns = [
    path("", TemplateView.as_view(template_name="alliances/index.html"), name="index"),
]
