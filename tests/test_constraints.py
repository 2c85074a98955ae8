"""The database itself refuses rows that break the rules it can hold, whatever the code path."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import EquipmentFactory, WorkshopFactory
from workshops.models import Equipment, Workshop

pytestmark = pytest.mark.django_db


def refused(**changes):
    workshop = WorkshopFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(**changes)


def test_the_database_refuses_a_latitude_out_of_range():
    refused(latitude=91)


def test_the_database_refuses_a_longitude_out_of_range():
    refused(longitude=-181)


def test_the_database_refuses_half_a_position():
    refused(longitude=None)


def test_the_database_refuses_revenue_shares_above_100_in_total():
    refused(revenue_public_pct=60, revenue_own_pct=30, revenue_private_pct=20)


def test_the_database_refuses_a_share_above_100():
    refused(revenue_own_pct=101)


def test_the_database_refuses_negative_staff():
    refused(staff_fte=-0.5)


def test_the_database_refuses_a_negative_member_count():
    refused(members=-3)


def test_the_database_refuses_a_duplicate_slug():
    WorkshopFactory(slug="le-fablab")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(slug="le-fablab")


def test_the_database_refuses_the_same_source_row_twice():
    WorkshopFactory(source="cget", source_id="42")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(source="cget", source_id="42")


def test_the_database_refuses_zero_machines():
    item = EquipmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Equipment.objects.filter(pk=item.pk).update(quantity=0)


def test_rows_without_a_source_may_share_an_empty_source_id():
    WorkshopFactory(source="", source_id="")
    WorkshopFactory(source="", source_id="")
    assert Workshop.objects.count() == 2
