"""The national export holds the directory: the demo's valid identifiers, the rows it reports, the officials' count."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from stdnum.fr import siret

from officials.models import OfficialScope
from tests.factories import UserFactory, WorkshopFactory
from workshops import demo, exports, mednum
from workshops.models import Workshop
from workshops.validators import RNA_RE

# Beside the project (../shared/data), or where AFN_SHARED_DATA says (a git worktree elsewhere).
SHARED = Path(os.environ.get("AFN_SHARED_DATA", Path(settings.BASE_DIR).parent / "shared" / "data"))
SCHEMA = SHARED / "schemas" / "lieux-mediation-numerique.schema.json"

pytestmark = pytest.mark.django_db


def test_demo_workshops_carry_valid_identifiers():
    demo.seed(40)

    workshops = list(Workshop.objects.all())
    sirets = [w.siret for w in workshops if w.siret]
    rnas = [w.rna for w in workshops if w.rna]
    assert sirets and rnas and all(siret.is_valid(s) for s in sirets) and all(RNA_RE.match(r) for r in rnas)
    assert all(w.rna for w in workshops if w.carrier_type == "association" and (w.siret or w.rna))
    assert len(sirets) + len(rnas) == 38  # one in twenty has none yet


def test_the_demo_directorys_national_export_holds_90_percent_and_is_valid(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    if not SCHEMA.exists():
        pytest.skip(f"The national schema is not at {SCHEMA} (../shared/data/ is absent).")
    demo.seed(60)
    published = Workshop.objects.published()

    export = exports.build("mednum-csv", published, private=False)
    content = "".join(export.chunks)

    rows = content.count("\r\n") - 1
    assert rows >= 0.9 * published.count()
    assert len(export.report) == published.count() - rows
    assert all(p.missing == (mednum.MISSING_LABELS["pivot"],) for p in export.report)
    (tmp_path / "export.csv").write_text(content, encoding="utf-8")
    schema = frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    report = frictionless.Resource(path="export.csv", basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, [error.message for task in report.tasks for error in task.errors][:5]
    assert mednum.coverage(published) == mednum.Coverage(held=rows, total=published.count())


def test_the_database_reading_agrees_with_the_row_mapping():
    WorkshopFactory(slug="complete", siret="73282932000074")
    WorkshopFactory(slug="rna-only", rna="W441234567")
    WorkshopFactory(slug="no-identifier")
    WorkshopFactory(slug="no-street", siret="73282932000074", street="  ")
    WorkshopFactory(slug="no-postal-code", rna="W441234567", postal_code="")

    by_record = {w.slug for w in Workshop.objects.select_related("commune") if not mednum.record(w)[1]}

    assert set(Workshop.objects.filter(mednum.complete()).values_list("slug", flat=True)) == by_record
    assert by_record == {"complete", "rna-only"}


def test_officials_see_how_much_the_export_holds_and_the_list_to_complete(client, django_assert_max_num_queries):
    WorkshopFactory(slug="complete", siret="73282932000074")
    WorkshopFactory(slug="to-complete", name="Sans SIRET")
    user = UserFactory()
    OfficialScope.objects.create(user=user, region_id="52")
    client.force_login(user)

    page = client.get("/officials/")

    html = page.content.decode()
    assert page.context["mednum"] == mednum.Coverage(held=1, total=2)
    listed = client.get(page.context["mednum_url"])
    assert [w.slug for w in listed.context["page"]] == ["to-complete"]
    assert page.context["mednum_url"].replace("&", "&amp;") in html
