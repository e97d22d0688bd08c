"""Browser pages of the contracting app."""

from django.urls import path

app_name = "contracting"
urlpatterns: list = []
