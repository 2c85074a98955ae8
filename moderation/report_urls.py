"""/workshops/<slug>/report/: anyone reports a problem on a workshop (mounted by afn_directory/urls.py)."""

from django.urls import path

from .views import report_problem

urlpatterns = [path("workshops/<slug:slug>/report/", report_problem, name="report_problem")]
