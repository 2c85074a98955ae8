"""Routes of /api/v1/ (mounted by afn_directory/urls.py)."""

from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import routers

from . import views

app_name = "api"


class APIRootView(routers.APIRootView):
    # DRF names the view after its class ("Api Root"), in the browsable API's title and
    # breadcrumb, and describes it by its docstring: both English on a French page.
    name = _("Directory API")

    def get_view_description(self, html=False):
        text = gettext("A link to each collection of the directory’s API.")
        return format_html("<p>{}</p>", text) if html else text


class DefaultRouter(routers.DefaultRouter):
    APIRootView = APIRootView


router = DefaultRouter()
router.register("workshops", views.WorkshopViewSet, basename="workshop")
router.register(r"workshops/(?P<workshop_slug>[^/]+)/equipment", views.EquipmentViewSet, basename="equipment")
router.register(r"workshops/(?P<workshop_slug>[^/]+)/photos", views.PhotoViewSet, basename="photo")
router.register("equipment-types", views.EquipmentTypeViewSet, basename="equipment-type")
router.register("archetypes", views.ArchetypeViewSet, basename="archetype")
router.register("regions", views.RegionViewSet, basename="region")
router.register("departments", views.DepartmentViewSet, basename="department")

urlpatterns = [
    path("", include("officials.api")),  # exports/workshops.{csv,xlsx,geojson}, for officials
    path("", include(router.urls)),
]
