"""/officials/ (dashboard, list, exports), /embed/ (the embeddable map) and /open-data/."""

from django.urls import path

from . import official_views as views

app_name = "officials"

urlpatterns = [
    path("officials/", views.dashboard_page, name="dashboard"),
    path("officials/workshops/", views.workshop_list, name="list"),
    path("officials/export.<str:fmt>", views.export_file, name="export"),
    path("embed/", views.embed, name="embed"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalog.jsonld", views.open_data_catalog, name="open_data_catalog"),
    path("open-data/okw-1.0.schema.json", views.open_data_okw_schema, name="open_data_okw_schema"),
    path("open-data/workshops.<str:fmt>", views.open_data_file, name="open_data_file"),
]
