from rest_framework.pagination import PageNumberPagination

from ..pagination import DirectoryPaginator


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class WorkshopPagination(Pagination):
    """The directory's lists: their count is cached per directory generation."""

    django_paginator_class = DirectoryPaginator
