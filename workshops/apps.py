from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        # An account is not deleted while it would leave one of its workshops without an owner;
        # its drafts go with it.
        from accounts import deletion

        from .manage.leaving import discard, left_behind

        deletion.register(left_behind, discard)
        # Reclassifies a workshop whenever its profile or equipment changes, on every path.
        # Connected first, so the GeoJSON cache below is invalidated after the new archetype is stored.
        from .classification import connect_signals

        connect_signals()
        # Connects the GeoJSON cache invalidation (saves and deletes bump the directory generation).
        from . import geojson  # noqa: F401
