"""/i18n/setlang/, the site's language switch (mounted at the root by afn_directory/urls.py)."""

from django.urls import path

from .views import set_language

urlpatterns = [path("i18n/setlang/", set_language, name="set_language")]
