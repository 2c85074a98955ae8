from django.conf import settings

from .links import site_url


def site(request):
    return {
        "SITE_URL": site_url(),
        "MAP_TILES_URL": settings.MAP_TILES_URL,
        "MAP_TILES_ATTRIBUTION": settings.MAP_TILES_ATTRIBUTION,
    }
