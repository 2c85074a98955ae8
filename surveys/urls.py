"""Mounted at the root, before the workshops' and managers' URLs (see afn_directory/urls.py)."""

from django.urls import path

from . import manager_views, views

app_name = "surveys"

urlpatterns = [
    path("workshops/<slug:slug>/survey/", views.respond, name="respond"),
    path("workshops/<slug:slug>/survey/thanks/", views.thanks, name="thanks"),
    path("manage/<slug:slug>/questionnaire/", manager_views.questionnaire, name="manager_questionnaire"),
    path("manage/<slug:slug>/questionnaire/confirm/", manager_views.confirm, name="manager_confirm"),
    path("manage/<slug:slug>/results/", manager_views.results, name="manager_results"),
    path("manage/<slug:slug>/results/poster/", manager_views.poster, name="manager_poster"),
    path("manage/<slug:slug>/results/poster.svg", manager_views.poster_code, name="manager_poster_code"),
    path("manage/<slug:slug>/results/responses.csv", manager_views.export, {"fmt": "csv"}, name="manager_export_csv"),
    path(
        "manage/<slug:slug>/results/responses.xlsx", manager_views.export, {"fmt": "xlsx"}, name="manager_export_xlsx"
    ),
]
