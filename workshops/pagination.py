"""Pages of the directory whose total is remembered until the directory changes."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from afn_directory.http_cache import single_flight

from .generation import generation
from .geojson import CACHE_SECONDS


class DirectoryPaginator(Paginator):
    """A Paginator that caches the count of a workshop query per directory generation.

    The count is the costliest query of a filtered list: it visits every matching workshop,
    where the page stops after fifty of them (≈ 40 ms against 8 ms for a region of 100,000
    workshops). Paging through a list, or coming back to it, asks the same count again.

    The count is named by `query_key` when the caller knows what determines the query (the API:
    `http_cache.request_query_key`), else by the query's own SQL and parameters — compiling it only to name
    the count costs as much as compiling the count itself (~2 ms for a nearby search). Either way
    any filter, "open now" included, has its own entry; every save or delete of a workshop or a
    machine bumps the generation, and a short timeout bounds what a bulk update (which sends no
    signal) can leave stale, as for the map layer.

    A first page that is not full is the whole list: its length is the count, and the count is not
    asked at all: many searches of a real directory (a machine near a town, open now) fit in
    one page.
    """

    def __init__(self, object_list, per_page, *args, query_key: str | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.query_key = query_key

    def page(self, number):
        if _page_number(number) != 1 or self.orphans or not self.allow_empty_first_page or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["count"] = len(rows)  # the cached property, known without its query
        return self._get_page(rows, 1, self)

    def get_page(self, number):
        # Paginator.get_page reads a missing or unreadable number as the first page, and any
        # number out of range as the last: a page before the first (0, -1) is the first here.
        number = _page_number(number)
        return self.page(1) if number is None or number <= 1 else super().get_page(number)

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        digest = self.query_key
        if digest is None:
            try:
                sql, params = query.sql_with_params()
            except EmptyResultSet:  # .none(), or a filter that cannot match
                return 0
            digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        key = f"directory:count:{generation()}:{digest}"
        return single_flight(key, lambda: Paginator.count.func(self), timeout=CACHE_SECONDS)


def _page_number(number) -> int | None:
    """The page `number` asks for, as Paginator.validate_number reads it; None when it is not a
    whole number."""
    if isinstance(number, float) and not number.is_integer():
        return None
    try:
        return int(number)
    except (TypeError, ValueError):
        return None
