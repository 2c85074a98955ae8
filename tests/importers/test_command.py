"""manage.py import_workshops: counts, a line per skipped or noted row, one clear error for a bad file."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from workshops.models import Workshop

from .conftest import COWORKING, cget_csv, cget_row, lab, labs_json

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_workshops", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_it_prints_counts_and_a_reason_per_skipped_row(tmp_path):
    path = write(tmp_path, "census.csv", cget_csv(cget_row(), cget_row(ID="2", NOM_TL="Cowork", TYPO=COWORKING)))

    with translation.override("en"):
        output = run("--format", "cget-csv", path)

    assert "row 3, Cowork: Typed “Tiers lieux à dominante coworking”" in output
    assert "created: 1, updated: 0, unchanged: 0, linked to an existing workshop: 0, skipped: 1" in output
    assert Workshop.objects.count() == 1


def test_it_speaks_french_by_default(tmp_path):
    path = write(tmp_path, "census.csv", cget_csv(cget_row(), cget_row(ID="2", NOM_TL="Cowork", TYPO=COWORKING)))

    with translation.override("fr"):
        output = run("--format", "cget-csv", path)

    assert "ligne 3, Cowork : Typé « Tiers lieux à dominante coworking »" in output
    assert "créés : 1, mis à jour : 0" in output


def test_include_all_and_dry_run(tmp_path):
    other = cget_row(ID="2", NOM_TL="Atelier Cowork", TYPO=COWORKING, LAT="47.2300", LONG="-1.5800")
    path = write(tmp_path, "census.csv", cget_csv(cget_row(), other))

    run("--format", "cget-csv", path, "--include-all", "--dry-run")
    assert Workshop.objects.count() == 0

    run("--format", "cget-csv", path, "--include-all")
    assert Workshop.objects.count() == 2


def test_it_imports_fablabs_json(tmp_path):
    path = write(tmp_path, "labs.json", labs_json(lab(), lab(id=2, name="Madrid", country_code="es")))

    run("--format", "fablabs-json", path)

    assert Workshop.objects.get().source == "fablabs-io"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "fablabs-json", "FILE", "--include-all"],
            "--include-all applies to cget-csv, data-inclusion-json, mednum-csv only",
        ),
        (["--format", "cget-csv", "/nonexistent/census.csv"], "Nothing was imported"),
        (["--format", "fablabs-json", "FILE"], "Nothing was imported"),
    ],
)
def test_it_fails_with_one_clear_error(tmp_path, args, message):
    path = write(tmp_path, "census.csv", cget_csv(cget_row()))
    args = [path if arg == "FILE" else arg for arg in args]

    with pytest.raises(CommandError, match=message):
        run(*args)

    assert Workshop.objects.count() == 0
