"""What a page of workshops shows besides the workshops themselves — their machines, their
sources — read as plain rows with SQL written once per page size.

A page of the API lists 20 to 200 workshops, then reads their machines and their sources in one
query each. Through the ORM, compiling those two queries and turning their rows into dicts cost
more than running them (measured on a nearby page of 100,000 workshops: 4.2 → 2.1 ms for the
machines, 1.8 → 0.5 ms for the sources, in `docs/performance.md`). Their shape never changes:
here it is written from the models' metadata, once per number of workshops, and the rows are
taken as the database driver gives them (with Django's own conversions where SQLite needs them:
booleans and dates come converted by the driver, date-times naive in UTC).
"""

import weakref
from collections import defaultdict
from functools import cache

from django.db import connections, router
from django.utils import timezone

# A machine's own fields as the API shows them (its id and type aside).
MACHINE_FIELDS = (
    "brand",
    "model",
    "quantity",
    "work_area",
    "power_w",
    "professional_grade",
    "requires_training",
    "notes",
)
# A machine's row: its own columns, then its type's (as `serializers.machine_representation` reads them).
MACHINE_COLUMNS = ("id", "workshop", "type", *MACHINE_FIELDS)
TYPE_COLUMNS = ("slug", "name", "name_en", "category")
MACHINE_KEYS = (
    "id",
    "workshop_id",
    "type_id",
    *MACHINE_FIELDS,
    "type_slug",
    "type_name_fr",
    "type_name_en",
    "type_category",
)


def _columns(connection, alias: str, model, names) -> list[str]:
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(model._meta.get_field(name).column)}" for name in names]


@cache
def _machines_sql(database: str, count: int) -> str:
    from .models import Equipment, EquipmentType

    connection = connections[database]
    quote = connection.ops.quote_name
    machine = _columns(connection, "e", Equipment, MACHINE_COLUMNS)
    kind = _columns(connection, "t", EquipmentType, TYPE_COLUMNS)
    type_id, workshop_id, pk = _columns(connection, "e", Equipment, ("type", "workshop", "id"))
    (type_pk,) = _columns(connection, "t", EquipmentType, ("id",))
    category, name = kind[3], kind[1]
    return (
        f"SELECT {', '.join(machine + kind)} FROM {quote(Equipment._meta.db_table)} e "
        f"JOIN {quote(EquipmentType._meta.db_table)} t ON {type_pk} = {type_id} "
        f"WHERE {workshop_id} IN ({', '.join(['%s'] * count)}) ORDER BY {category}, {name}, {pk}"
    )


def machine_rows(ids, using: str | None = None) -> dict[int, list[dict]]:
    """The machines of the workshops `ids`, each a dict of MACHINE_KEYS, by workshop, in the
    order the model gives them (category, type, then as added)."""
    from .models import Equipment

    by_workshop = defaultdict(list)
    if not ids:
        return by_workshop
    database = using or router.db_for_read(Equipment)
    with connections[database].cursor() as cursor:
        cursor.execute(_machines_sql(database, len(ids)), list(ids))
        for row in cursor.fetchall():
            by_workshop[row[1]].append(dict(zip(MACHINE_KEYS, row, strict=True)))
    return by_workshop


@cache
def _sources_sql(database: str, count: int) -> str:
    from .models import WorkshopSource

    connection = connections[database]
    workshop_id, source, source_date, last_seen, source_id = _columns(
        connection, "s", WorkshopSource, ("workshop", "source", "source_date", "last_seen", "source_id")
    )
    return (
        f"SELECT {workshop_id}, {source}, {source_date}, {last_seen} "
        f"FROM {connection.ops.quote_name(WorkshopSource._meta.db_table)} s "
        f"WHERE {workshop_id} IN ({', '.join(['%s'] * count)}) ORDER BY {source}, {source_id}"
    )


def source_rows(ids, using: str | None = None) -> dict[int, list[dict]]:
    """The open-data records of the workshops `ids` ({"workshop_id", "source", "source_date",
    "last_seen"}), by workshop, in the model's order."""
    from .models import WorkshopSource

    by_workshop = defaultdict(list)
    if not ids:
        return by_workshop
    database = using or router.db_for_read(WorkshopSource)
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(_sources_sql(database, len(ids)), list(ids))
        for workshop_id, source, source_date, last_seen in cursor.fetchall():
            if timezone.is_naive(last_seen):  # SQLite keeps UTC without its offset, as Django's converter knows
                last_seen = timezone.make_aware(last_seen, connection.timezone)
            by_workshop[workshop_id].append(
                {"workshop_id": workshop_id, "source": source, "source_date": source_date, "last_seen": last_seen}
            )
    return by_workshop


class CompiledRows:
    """A `values()` query of one fixed shape, compiled by the ORM once per database connection and
    then run with another value of its one parameter: a workshop's row read by its slug.

    Building and compiling the queryset of a workshop's 40 columns costs several times the query
    itself (measured on 100,000 workshops: ~2 ms against 0.3); its SQL never changes but for the
    slug. The ORM still writes it — the columns, the joins, the conversions of each field are
    Django's — once, with a mark where the value goes; each call runs that SQL with the value and
    converts the row as `values()` would (`tests/api/test_workshops.py` compares the two).
    """

    MARK = "\x00compiled-rows-parameter\x00"

    def __init__(self, model, build):
        self.model = model
        self.build = build  # value -> the queryset of values() to run
        # Per connection: a compiled query's converters are bound to the connection it was built on.
        self._compiled = weakref.WeakKeyDictionary()

    def _compile(self, database: str):
        queryset = self.build(self.MARK).using(database)
        query = queryset.query
        compiler = query.get_compiler(using=database)
        sql, params = compiler.as_sql()
        params = list(params)
        [position] = [i for i, param in enumerate(params) if param == self.MARK]
        converters = list(
            compiler.get_converters([column for column, *_ in compiler.select[: compiler.col_count]]).items()
        )
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return sql, params, position, converters, names

    def __call__(self, value, using: str | None = None) -> list[dict]:
        database = using or router.db_for_read(self.model)
        connection = connections[database]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(database)
        sql, params, position, converters, names = compiled
        params = params.copy()
        params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        result = []
        for row in rows:
            row = list(row)
            for index, (functions, expression) in converters:
                for convert in functions:
                    row[index] = convert(row[index], expression, connection)
            result.append(dict(zip(names, row, strict=True)))
        return result
