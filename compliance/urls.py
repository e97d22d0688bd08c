"""Browser pages of the compliance app."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "compliance"
urlpatterns = [
    path("", TemplateView.as_view(template_name="compliance/index.html"), name="index"),
]
