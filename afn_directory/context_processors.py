from .links import site_url


def site(request):
    # The maps take their tiles from workshops.maps.map_config, not from the templates' context.
    return {"SITE_URL": site_url()}
