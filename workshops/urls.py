from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("workshops/", views.workshop_list, name="list"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="detail"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
