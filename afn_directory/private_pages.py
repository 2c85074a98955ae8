"""Personal pages are never kept by a browser's or a proxy's cache.

An account page, a manager's forms, an official's dashboard and exports or the moderation queue
show one person's data: `Cache-Control: no-store` (with `private`), so that a shared computer's
back button or a caching proxy does not keep them. Public pages set their own caching headers.
"""

from django.utils.cache import add_never_cache_headers, patch_cache_control

PRIVATE_PREFIXES = ("/accounts/", "/officials/", "/manage/", "/moderation/")


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
