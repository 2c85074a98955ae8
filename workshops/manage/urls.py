from django.urls import path

from . import claims, equipment, history, people, photos, views

app_name = "manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new, name="new"),
    path("claim/<slug:slug>/", claims.claim, name="claim"),
    path("claim-proof/<str:token>/", claims.claim_proof, name="claim_proof"),
    path("invitations/<str:token>/", people.invitation, name="invitation"),
    path("<slug:slug>/edit/", views.section, name="edit"),
    path("<slug:slug>/edit/<slug:section>/", views.section, name="section"),
    path("<slug:slug>/equipment/", equipment.equipment, name="equipment"),
    path("<slug:slug>/photos/", photos.photo_list, name="photos"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/confirm/", views.confirm, name="confirm"),
    path("<slug:slug>/preview/", views.preview, name="preview"),
    path("<slug:slug>/managers/", people.managers, name="managers"),
    path("<slug:slug>/managers/<int:membership_id>/remove/", people.remove_manager, name="remove_manager"),
    path("<slug:slug>/managers/<int:membership_id>/owner/", people.make_owner, name="make_owner"),
    path(
        "<slug:slug>/managers/invitations/<int:invitation_id>/withdraw/",
        people.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("<slug:slug>/history/", history.history, name="history"),
    path("<slug:slug>/history/<int:history_id>/revert/", history.revert, name="revert"),
]
