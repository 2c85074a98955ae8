import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, WorkshopFactory
from workshops.editing import StaleVersion, save_profile
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_it_saves_bumps_the_version_and_records_who():
    workshop = WorkshopFactory(opening_hours="Tu-Sa 10:00-18:00")
    editor = UserFactory()
    saved = save_profile(workshop, {"opening_hours": "We 14:00-18:00"}, expected_version=1, user=editor)
    assert saved.version == 2
    assert Workshop.objects.get(pk=workshop.pk).opening_hours == "We 14:00-18:00"
    assert saved.history.first().history_user == editor


def test_a_stale_version_is_refused_and_nothing_is_overwritten():
    workshop = WorkshopFactory(summary="Premier résumé")
    first = Workshop.objects.get(pk=workshop.pk)
    second = Workshop.objects.get(pk=workshop.pk)
    save_profile(first, {"summary": "Résumé de Alice"}, expected_version=1)
    with pytest.raises(StaleVersion) as info:
        save_profile(second, {"summary": "Résumé de Bob"}, expected_version=1)
    assert info.value.current.version == 2
    assert info.value.current.summary == "Résumé de Alice"
    assert Workshop.objects.get(pk=workshop.pk).summary == "Résumé de Alice"


def test_an_invalid_change_leaves_the_row_as_it_was():
    workshop = WorkshopFactory(opening_hours="Tu-Sa 10:00-18:00")
    with pytest.raises(ValidationError):
        save_profile(workshop, {"opening_hours": "n'importe quand"}, expected_version=1)
    stored = Workshop.objects.get(pk=workshop.pk)
    assert (stored.opening_hours, stored.version) == ("Tu-Sa 10:00-18:00", 1)
