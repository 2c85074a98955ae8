from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from ..http_cache import request_query_key
from ..pagination import DirectoryPaginator


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # DRF's "Invalid page." names neither the parameter nor why.
    invalid_page_message = _("Invalid “page” parameter “{page_number}”: {message}")


class WorkshopPagination(Pagination):
    """The directory's lists: their count is cached per directory generation, named by the request
    (the list is the same for every visitor: published workshops)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.query_key = request_query_key(request, paging=(self.page_query_param, self.page_size_query_param))
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        return DirectoryPaginator(object_list, per_page, query_key=self.query_key)
