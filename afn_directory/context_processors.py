from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "MAP_TILES_URL": settings.MAP_TILES_URL,
        "MAP_TILES_ATTRIBUTION": settings.MAP_TILES_ATTRIBUTION,
    }
