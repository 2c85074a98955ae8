from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        # Reclassifies a workshop whenever its profile or equipment changes, on every path.
        # Connected first, so the GeoJSON cache below is invalidated after the new archetype is stored.
        from .classification import connect_signals

        connect_signals()
        from django.db.backends.signals import connection_created

        # Connects the GeoJSON cache invalidation (saves and deletes bump the directory generation).
        from . import geojson  # noqa: F401
        from .search import register_sqlite_unaccent

        # SQLite has no unaccent(): the text search's folding, registered on each connection.
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="workshops.search.unaccent")
