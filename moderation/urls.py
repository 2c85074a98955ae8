from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pair_id>/", views.decide_duplicate, name="duplicate"),
    path("workshops/<slug:slug>/", views.review_workshop, name="review"),
    path("claims/<int:claim_id>/", views.decide_claim, name="claim"),
    path("reports/<int:report_id>/", views.decide_report, name="report"),
    path("reports/workshop/<slug:slug>/", views.decide_reports, name="workshop_reports"),
    path("access/", views.request_access, name="request_access"),
    path("access/<int:request_id>/", views.decide_access, name="decide_access"),
]
