"""URL routing: pages per app, the versioned REST API, its schema and docs, the health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.errors import api_not_found
from dashboard import views as dashboard_views
from organizations import views as organization_views

from . import views

api_v1 = [
    path("organizations/", include(("organizations.api.urls", "organizations-api"))),
    path("compliance/", include(("compliance.api.urls", "compliance-api"))),
    path("marketplace/", include(("marketplace.api.urls", "marketplace-api"))),
    path("integrity/", include(("marketplace.integrity.api", "integrity-api"))),
    path("alliances/", include(("alliances.api.urls", "alliances-api"))),
    path("loghubs/", include(("loghubs.api.urls", "loghubs-api"))),
    path("invoicing/", include(("invoicing.api.urls", "invoicing-api"))),
    path("contracting/", include(("contracting.api.urls", "contracting-api"))),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", organization_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("", include("organizations.urls")),
    path("compliance/", include("compliance.urls")),
    path("marketplace/integrity/", include("marketplace.integrity.urls")),
    path("marketplace/", include("marketplace.urls")),
    path("alliances/", include("alliances.urls")),
    path("loghubs/", include("loghubs.urls")),
    path("contracting/", include("contracting.urls")),
    path("invoicing/", include("invoicing.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", api_not_found),
]

if settings.ALX_BENCHMARK_VIEWS:  # the ceiling `manage.py bench_marketplace` measures the API against
    urlpatterns.insert(0, path("bench/", include("benchmarks.marketplace_views")))

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"

admin.site.site_header = gettext_lazy("ALX administration")  # the admin speaks the reader's language
admin.site.site_title = "ALX"
