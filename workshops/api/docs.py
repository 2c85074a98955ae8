"""The interactive API documentation (Swagger UI from drf-spectacular-sidecar: no CDN)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

# The split view serves its start-up script from a URL (no inline script); the page still has a
# small <style> element and Swagger UI draws its icons from data: URIs.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
    # Our copy of its page names the language of the page (the descriptions are in English).
    SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
)

# Mounted at /api/docs/ by afn_directory/urls.py (by name: the project's URLs import no app).
urlpatterns = [path("", api_docs, name="api-docs")]
