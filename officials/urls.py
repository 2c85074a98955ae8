"""/officials/ (dashboard, list, exports, observatory), /embed/ (the embeddable map) and /open-data/."""

from django.urls import path

from . import embed, observatory_views, open_data, views

app_name = "officials"

urlpatterns = [
    path("officials/", views.dashboard_page, name="dashboard"),
    path("officials/workshops/", views.workshop_list, name="list"),
    path("officials/export.<str:fmt>", views.export_file, name="export"),
    path("officials/observatory/", observatory_views.observatory_page, name="observatory"),
    path("officials/observatory/figures.<str:fmt>", observatory_views.observatory_file, name="observatory_file"),
    path(
        "officials/observatory/responses-<str:audience>.<str:fmt>",
        observatory_views.responses_file,
        name="observatory_responses",
    ),
    path("embed/", embed.embed, name="embed"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/catalog.jsonld", open_data.open_data_catalog, name="open_data_catalog"),
    path("open-data/okw-1.0.schema.json", open_data.open_data_okw_schema, name="open_data_okw_schema"),
    path("open-data/workshops.<str:fmt>", open_data.open_data_file, name="open_data_file"),
]
