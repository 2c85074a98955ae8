"""What deleting an account would leave behind in the apps built on accounts.

accounts imports none of them (they import accounts): the app whose records an account's deletion
would leave short says so here, with `register` in its AppConfig.ready (workshops: a workshop
without an owner, or without any manager, and the unfinished registrations that go with the
account). With nothing registered, nothing is left behind.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LeftBehind:
    """What an account's deletion would leave short of managers."""

    # Their only owner, with others managing them: nobody could invite or remove managers any
    # more, so the account stays until one of the others is made owner.
    without_owner: list = field(default_factory=list)
    # Their only manager: they stay as they are, with nobody to manage them.
    unmanaged: list = field(default_factory=list)
    # Theirs alone and never sent for review: nobody could finish them, so they go with the account.
    deleted: list = field(default_factory=list)


_finder = None
_discard = None


def register(finder, discard=None) -> None:
    """`finder(user, lock=bool) -> LeftBehind`; `lock`: the rows it reads stay locked until the
    transaction ends. `discard(records)` deletes what `LeftBehind.deleted` lists."""
    global _finder, _discard
    _finder, _discard = finder, discard


def left_behind(user, *, lock: bool = False) -> LeftBehind:
    return _finder(user, lock=lock) if _finder else LeftBehind()


def discard(left: LeftBehind) -> None:
    """Delete what goes with the account (in the transaction that deletes it)."""
    if _discard and left.deleted:
        _discard(left.deleted)
