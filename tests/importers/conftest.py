"""Builders for small import files: CGET census CSV rows and fablabs.io labs, in their real shapes."""

import csv
import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from workshops.importers.cget import REQUIRED_COLUMNS

# Beside the project (../shared/data), or where AFN_SHARED_DATA says (a git worktree elsewhere).
SHARED = Path(os.environ.get("AFN_SHARED_DATA", Path(settings.BASE_DIR).parent / "shared" / "data"))
REAL_CGET = SHARED / "cget_tiers_lieux_2019.csv"
CGET_HEADER = [
    "ID", "NOM_TL", "ADRESSE", "CP", "COMINIT", "INSEECOM", "NOMCOM", "WEB", "TWITTER", "FACEBOOK", "TYPO",
    "LAT", "LONG", "GEOCOD", "PRECISION", "CONTACT", "MAIL", "METRO", "NOMMETRO", "INSEEREG", "NOMREG",
    "INSEEMETRO", "INSEEDEP", "NOMCOMMETRO", "POPCOM", "COMCLASS", "INSEE_ZE", "NOM_ZE", "CLASS_ZE", "POP_ZE",
]  # fmt: skip
FABLAB = "Tiers lieux à dominante fablab"
COWORKING = "Tiers lieux à dominante coworking"
assert set(REQUIRED_COLUMNS) <= set(CGET_HEADER)


def cget_row(**values) -> dict:
    """A census row for a fablab in Nantes unless told otherwise."""
    row = dict.fromkeys(CGET_HEADER, "")
    row.update(
        {
            "ID": "1",
            "NOM_TL": "Ping Fablab",
            "ADRESSE": "2 rue de la Gare",
            "CP": "44000",
            "COMINIT": "Nantes",
            "INSEECOM": "44109",
            "NOMCOM": "Nantes",
            "WEB": "www.ping.example.org",
            "TYPO": FABLAB,
            "LAT": "47.2184",
            "LONG": "-1.5536",
            "GEOCOD": "2 rue de la Gare 44000 Nantes",
            "PRECISION": "0.94",
            "METRO": "1",
            "INSEEDEP": "44",
        }
    )
    row.update(values)
    return row


def cget_csv(*rows, encoding="utf-8", delimiter=",", header=CGET_HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def lab(**values) -> dict:
    """A fablabs.io lab, as its API lists it: in Nantes unless told otherwise."""
    data = {
        "id": 1001,
        "name": "Fab Lab Ping",
        "kind_name": "fab_lab",
        "slug": "fablabping",
        "blurb": "Un fablab associatif ouvert à tous.",
        "description": "Machines, ateliers et entraide.\r\n\r\nOuvert le samedi.",
        "address_1": "2 rue de la Gare",
        "address_2": "",
        "city": "Nantes",
        "county": "Loire-Atlantique",
        "postal_code": "44000",
        "country_code": "fr",
        "latitude": 47.2185,
        "longitude": -1.5537,
        "phone": "+33 2 40 00 00 00",
        "email": "contact@ping.example.org",
        "capabilities": ["three_d_printing", "laser", "vinyl_cutting"],
        "activity_status": "active",
        "links": [{"id": 1, "url": "https://ping.example.org"}],
    }
    data.update(values)
    return data


def labs_json(*labs, wrapped=True) -> bytes:
    return json.dumps({"labs": list(labs)} if wrapped else list(labs)).encode()


@pytest.fixture
def real_cget_file():
    """The real 2019 census file beside the project; never silently skipped in CI."""
    if not REAL_CGET.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REAL_CGET} is missing: CI must test the real CGET census file.")
        pytest.skip(f"{REAL_CGET.parent} is absent: the real CGET census file is not available here.")
    return REAL_CGET


@pytest.fixture(autouse=True)
def _english():
    """Reasons are read in English here; test_command checks that French is the default."""
    with translation.override("en"):
        yield
