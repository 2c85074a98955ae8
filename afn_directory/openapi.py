"""The OpenAPI schema's view of who may call an operation.

drf-spectacular marks a read as open to anonymous callers (a `{}` security requirement beside the
token and the session) only for DRF's own AllowAny and IsAuthenticatedOrReadOnly. The API's own
permissions that let anyone read (workshops.api.permissions: `public_reads = True`) are said so
too: without it, generated clients would ask for credentials the public directory never needs.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import SAFE_METHODS


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        public = permissions and all(getattr(p, "public_reads", False) for p in permissions)
        if self.method in SAFE_METHODS and public and {} not in auths:
            auths.append({})
        return auths
