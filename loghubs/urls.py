"""Browser pages of the loghubs app."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "loghubs"
urlpatterns = [
    path("", TemplateView.as_view(template_name="loghubs/index.html"), name="index"),
]
