import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from surveys.models import Questionnaire, Response
from territories.models import Commune
from workshops.models import Equipment, EquipmentType, Membership, Workshop
from workshops.vocabularies import Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery-staple")


def commune(code):
    return Commune.objects.select_related("department", "region").get(code=code)


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A published workshop in Nantes unless told otherwise (pass `commune=commune("…")`)."""

    class Meta:
        model = Workshop

    name = factory.Sequence(lambda n: f"Atelier numérique {n}")
    slug = factory.Sequence(lambda n: f"atelier-numerique-{n}")
    summary = "Un atelier de fabrication numérique ouvert à tous."
    status = Status.PUBLISHED
    street = "2 rue de la Gare"
    postal_code = "44000"
    latitude = 47.2184
    longitude = -1.5536
    access = "open"
    pricing = "membership"
    carrier_type = "association"
    opening_hours = "Tu-Sa 10:00-18:00"

    @factory.lazy_attribute
    def commune(self):
        return commune("44109")


def equipment_type(slug):
    return EquipmentType.objects.get(slug=slug)


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    workshop = factory.SubFactory(WorkshopFactory)
    type = factory.LazyFunction(lambda: equipment_type("imprimante-3d-fdm"))
    brand = "Prusa"
    model = "MK4"
    quantity = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    role = Membership.Role.OWNER


class UserResponseFactory(factory.django.DjangoModelFactory):
    """An anonymous user's response to the active user questionnaire (pass `answers=`)."""

    class Meta:
        model = Response

    questionnaire = factory.LazyFunction(lambda: Questionnaire.objects.current("user"))
    workshop = factory.SubFactory(WorkshopFactory)
    answers = factory.LazyFunction(lambda: {"age_band": "26_35", "situation": "employee", "satisfaction": 4})
    consent_at = factory.LazyFunction(timezone.now)
