"""Routes of /api/v1/ (mounted by afn_directory/urls.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("workshops", views.WorkshopViewSet, basename="workshop")

urlpatterns = [
    path("", include(router.urls)),
]
