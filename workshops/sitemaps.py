"""sitemap.xml: the home page, the list and every published workshop, at SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Workshop


class _AtSiteUrl(Sitemap):
    # Without django.contrib.sites the request's host would be used; the canonical one is SITE_URL.
    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class PagesSitemap(_AtSiteUrl):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["workshops:home", "workshops:list"]

    def location(self, item):
        return reverse(item)


class WorkshopSitemap(_AtSiteUrl):
    changefreq = "weekly"
    priority = 0.6
    limit = 10000

    def items(self):
        return Workshop.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, workshop):
        return workshop.updated_at


SITEMAPS = {"pages": PagesSitemap, "workshops": WorkshopSitemap}
