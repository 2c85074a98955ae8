"""Routes of /api/v1/ (mounted by afn_directory/urls.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

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
