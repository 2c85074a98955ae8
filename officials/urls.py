"""/officials/ (dashboard, list, exports), /embed/ (the embeddable map) and /open-data/."""

from django.urls import path

from . import embed, open_data, views

app_name = "officials"

urlpatterns = [
    path("officials/", views.dashboard_page, name="dashboard"),
    path("officials/workshops/", views.workshop_list, name="list"),
    path("officials/export.<str:fmt>", views.export_file, name="export"),
    path("embed/", embed.embed, name="embed"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/workshops.<str:fmt>", open_data.open_data_file, name="open_data_file"),
]
