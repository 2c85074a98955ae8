"""A small table of reference data each process keeps whole, so that a request names or checks its
rows without a query (here, the lowest app, for the other apps' reference tables too).

For a few dozen rows that change seldom (the regions and departments with the yearly COG, the
machine types with an administrator's edit): read whole on first use, read again for a key the
copy does not know (a row just added elsewhere is found at once), after `seconds` (a row changed
or removed elsewhere is seen within them), or at once when the process forgets it (its own
changes). Replaced whole: a thread reads the old copy or the new, never half of one.
"""

import time
from collections.abc import Callable, Iterable


class ProcessCopy:
    def __init__(self, read: Callable[[], dict], seconds: float):
        self.read = read  # {key: row} of the whole table
        self.seconds = seconds
        self._kept: tuple[float, dict] | None = None

    def rows(self, keys: Iterable) -> dict:
        """{key: row} of those of `keys` that exist."""
        keys = list(keys)
        kept = self._kept
        if self._stale(kept) or any(key not in kept[1] for key in keys):
            kept = self._read()
        return {key: kept[1][key] for key in keys if key in kept[1]}

    def whole(self) -> dict:
        """{key: row} of the whole table."""
        kept = self._kept
        if self._stale(kept):
            kept = self._read()
        return dict(kept[1])

    def forget(self) -> None:
        self._kept = None

    def _stale(self, kept) -> bool:
        return kept is None or time.monotonic() - kept[0] > self.seconds

    def _read(self) -> tuple[float, dict]:
        kept = self._kept = (time.monotonic(), self.read())
        return kept
