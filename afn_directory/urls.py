from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import health, media

# A database outage gets the friendly 503 page, anything else a plain 500 page (afn_directory/errors.py).
handler500 = "afn_directory.errors.server_error"

# Apps are included by module name only: the project package imports no app (no cycle with them).
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    re_path(r"^media/(?P<path>.+)$", media.media, name="media"),  # workshop photos (SERVE_MEDIA)
    path("", include("accounts.language_urls")),  # /i18n/setlang/: the language switch
    path("admin/", admin.site.urls),
    path("api/v1/", include("workshops.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", include("workshops.api.docs")),
    path("places/", include("territories.urls")),
    path("accounts/", include("accounts.urls")),
    path("manage/", include("workshops.manage.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("moderation.report_urls")),  # /workshops/<slug>/report/
    path("", include("pages.urls")),  # /about/, /legal/, /accessibility/, /contact/
    path("", include("surveys.urls")),  # before workshops: /workshops/<slug>/survey/, /manage/<slug>/results/
    path("", include("officials.urls")),  # /officials/, /embed/, /open-data/
    path("", include("workshops.urls")),
]
