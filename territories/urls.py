from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
]
