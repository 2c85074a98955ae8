from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..http_cache import request_query_key
from ..pagination import DirectoryPaginator


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = _("Results per page: a whole number from 1; 50 by default, 200 at most.")
    # DRF's "Invalid page." names neither the parameter nor why.
    invalid_page_message = _("Invalid “page” parameter “{page_number}”: {message}")

    def get_page_size(self, request):
        """DRF reads a `page_size` it cannot use ("abc", 0, -5) as if none were given: the client
        never learns its mistake. It is a 400 naming the parameter; more than 200 is 200."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked in (None, ""):  # as every filter left empty
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("“%(value)s” is not a page size: give a whole number from 1 to %(max)s.")
                        % {"value": asked, "max": self.max_page_size}
                    ]
                }
            )
        return min(size, self.max_page_size)


class WorkshopPagination(Pagination):
    """The directory's lists: their count is cached per directory generation, named by the request
    (the list is the same for every visitor: published workshops)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.query_key = request_query_key(request, paging=(self.page_query_param, self.page_size_query_param))
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        return DirectoryPaginator(object_list, per_page, query_key=self.query_key)
