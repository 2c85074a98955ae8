from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from moderation.views import report_problem
from workshops.api.docs import api_docs

from . import health

# A database outage gets the friendly 503 page, anything else a plain 500 page (afn_directory/errors.py).
handler500 = "afn_directory.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("workshops.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("places/", include("territories.urls")),
    path("accounts/", include("accounts.urls")),
    path("manage/", include("workshops.manage.urls")),
    path("moderation/", include("moderation.urls")),
    path("workshops/<slug:slug>/report/", report_problem, name="report_problem"),
    path("", include("pages.urls")),  # /about/, /legal/, /accessibility/, /contact/
    path("", include("surveys.urls")),  # before workshops: /workshops/<slug>/survey/, /manage/<slug>/results/
    path("", include("territories.official_urls")),  # /officials/, /embed/, /open-data/
    path("", include("workshops.urls")),
]
