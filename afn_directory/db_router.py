"""Reads from read replicas, writes to the primary (DATABASE_REPLICA_URL; docs/deploy.md).

Active only when a replica is configured. A replica lags its primary by a moment, so once a
request (or a command) has written, its later reads stay on the primary: it reads back what it
wrote. Each request starts unpinned. Migrations run on the primary only.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver

REPLICA_PREFIX = "replica"
_wrote = ContextVar("wrote_to_primary", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@receiver(request_started, dispatch_uid="replica-router-unpin")
def unpin(**kwargs) -> None:
    _wrote.set(False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _wrote.get():
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on every alias

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
