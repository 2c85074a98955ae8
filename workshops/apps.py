from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        # Connects the GeoJSON cache invalidation (saves and deletes bump the directory generation).
        from . import geojson  # noqa: F401
