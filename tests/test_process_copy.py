"""The per-process copy of a small table (regions, departments, machine types)."""

from territories import process_copy
from territories.process_copy import ProcessCopy


def counting(table):
    reads = []

    def read():
        reads.append(1)
        return dict(table)

    return read, reads


def test_it_reads_the_table_once_then_answers_from_its_copy():
    read, reads = counting({"53": "Bretagne", "84": "Auvergne-Rhône-Alpes"})
    copy = ProcessCopy(read, seconds=600)
    assert copy.rows(["53"]) == {"53": "Bretagne"}
    assert copy.rows(["84", "53"]) == {"84": "Auvergne-Rhône-Alpes", "53": "Bretagne"}
    assert len(reads) == 1


def test_a_key_it_does_not_know_sends_it_to_the_table_again():
    table = {"53": "Bretagne"}
    read, reads = counting(table)
    copy = ProcessCopy(lambda: read() | table, seconds=600)
    copy.rows(["53"])
    table["84"] = "Auvergne-Rhône-Alpes"  # added by another process
    assert copy.rows(["84"]) == {"84": "Auvergne-Rhône-Alpes"}
    assert copy.rows(["99"]) == {}, "a key that does not exist is not made up"
    assert len(reads) == 3


def test_a_row_changed_elsewhere_is_seen_after_its_seconds_or_at_once_when_forgotten(monkeypatch):
    table = {"53": "Bretagne"}
    now = [1000.0]
    monkeypatch.setattr(process_copy.time, "monotonic", lambda: now[0])
    copy = ProcessCopy(lambda: dict(table), seconds=600)
    copy.rows(["53"])
    table["53"] = "Breizh"
    now[0] += 599
    assert copy.rows(["53"]) == {"53": "Bretagne"}, "trusted for its seconds"
    now[0] += 2
    assert copy.rows(["53"]) == {"53": "Breizh"}
    table["53"] = "Bretagne"
    copy.forget()
    assert copy.rows(["53"]) == {"53": "Bretagne"}


def test_the_whole_table_is_read_once_and_again_after_its_seconds(monkeypatch):
    table = {"53": "Bretagne", "84": "Auvergne-Rhône-Alpes"}
    now = [1000.0]
    monkeypatch.setattr(process_copy.time, "monotonic", lambda: now[0])
    read, reads = counting(table)
    copy = ProcessCopy(lambda: read() | table, seconds=600)
    assert copy.whole() == table
    copy.whole()["53"] = "changed by a caller"
    assert copy.whole() == table, "a caller's changes do not reach the copy"
    assert len(reads) == 1
    table["11"] = "Île-de-France"
    now[0] += 601
    assert copy.whole()["11"] == "Île-de-France"
    assert len(reads) == 2
