"""The application's URLs plus the DRF baseline (bench/baseline.py), for the benchmark worker."""

from afn_directory.urls import handler500  # noqa: F401
from afn_directory.urls import urlpatterns as application
from bench.baseline import urlpatterns as baseline

urlpatterns = [*baseline, *application]
