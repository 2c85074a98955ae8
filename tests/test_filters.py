import pytest
from django.http import QueryDict
from django.utils import translation

from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops.filters import WorkshopFilter
from workshops.models import EquipmentType, Workshop

pytestmark = pytest.mark.django_db


def filtered(query):
    f = WorkshopFilter(QueryDict(query), queryset=Workshop.objects.published())
    assert f.is_valid(), f.errors
    return list(f.qs.values_list("name", flat=True))


def errors(query):
    f = WorkshopFilter(QueryDict(query), queryset=Workshop.objects.published())
    assert not f.is_valid()
    return f.errors


def test_machines_mean_any_of_them():
    co2 = WorkshopFactory(name="Laser CO2")
    diode = WorkshopFactory(name="Laser diode")
    WorkshopFactory(name="Sans machine")
    printer = WorkshopFactory(name="Imprimante")
    EquipmentFactory(workshop=co2, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=diode, type=equipment_type("graveur-laser-diode"))
    EquipmentFactory(workshop=printer, type=equipment_type("imprimante-3d-fdm"))
    assert filtered("equipment=decoupeuse-laser-co2") == ["Laser CO2"]
    assert filtered("equipment=decoupeuse-laser-co2&equipment=graveur-laser-diode") == ["Laser CO2", "Laser diode"]


def test_a_category_means_any_machine_of_it_and_adds_to_the_types():
    co2 = WorkshopFactory(name="Laser CO2")
    diode = WorkshopFactory(name="Laser diode")
    printer = WorkshopFactory(name="Imprimante")
    WorkshopFactory(name="Sans machine")
    EquipmentFactory(workshop=co2, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=diode, type=equipment_type("graveur-laser-diode"))
    EquipmentFactory(workshop=printer, type=equipment_type("imprimante-3d-fdm"))
    assert filtered("equipment_category=laser_cutting") == ["Laser CO2", "Laser diode"]
    assert filtered("equipment_category=laser_cutting&equipment=imprimante-3d-fdm") == [
        "Imprimante",
        "Laser CO2",
        "Laser diode",
    ]
    assert "equipment_category" in errors("equipment_category=teleportation")


def test_the_search_by_machine_follows_the_machines_as_they_are_added_changed_and_removed():
    # On PostgreSQL the search reads the types each workshop stores (kept in step with its
    # machines); on SQLite the machines themselves: the same answers either way.
    lab = WorkshopFactory(name="Lab")
    assert filtered("equipment=decoupeuse-laser-co2") == []
    laser = EquipmentFactory(workshop=lab, type=equipment_type("decoupeuse-laser-co2"))
    assert filtered("equipment=decoupeuse-laser-co2") == ["Lab"]
    assert filtered("equipment_category=laser_cutting") == ["Lab"]
    laser.type = equipment_type("imprimante-3d-fdm")
    laser.save()
    assert filtered("equipment=decoupeuse-laser-co2") == []
    assert filtered("equipment=imprimante-3d-fdm") == ["Lab"]
    EquipmentFactory(workshop=lab, type=equipment_type("imprimante-3d-fdm"))
    laser.delete()  # another printer remains
    assert filtered("equipment=imprimante-3d-fdm") == ["Lab"]
    lab.equipment.all().delete()
    assert filtered("equipment=imprimante-3d-fdm") == []
    assert Workshop.objects.get().equipment_types == []


def test_machines_in_any_of_cost_one_query(django_assert_num_queries):
    for name in ("A", "B", "C"):
        EquipmentFactory(workshop=WorkshopFactory(name=name), type=equipment_type("decoupeuse-laser-co2"))
    f = WorkshopFilter(
        QueryDict("equipment=decoupeuse-laser-co2&equipment=graveur-laser-diode&equipment_category=3d_printing"),
        queryset=Workshop.objects.published(),
    )
    assert f.is_valid()
    # The form's check of the slugs, the category's types, then the list.
    with django_assert_num_queries(2):
        assert len(list(f.qs)) == 3


def test_the_values_of_a_search_are_checked_against_what_the_process_keeps(django_assert_num_queries):
    """Regions, departments and machine types are checked against the names and the taxonomy each
    process keeps (read once): a search for machines in a region runs its list alone."""
    lab = WorkshopFactory(name="Lab")
    EquipmentFactory(workshop=lab, type=equipment_type("decoupeuse-laser-co2"))
    assert filtered("region=52&department=44&equipment=decoupeuse-laser-co2") == ["Lab"]
    with django_assert_num_queries(1):
        assert filtered("region=52&department=44&equipment=decoupeuse-laser-co2&equipment=imprimante-3d-fdm") == ["Lab"]
    with django_assert_num_queries(1):
        assert filtered("region=84&equipment=imprimante-3d-fdm") == []
    assert "region" in errors("region=99")
    assert "equipment" in errors("equipment=imprimante-3d-fdm&equipment=teleporteur")


def test_a_machine_type_added_since_the_process_kept_the_taxonomy_is_found_at_once():
    assert filtered("equipment=decoupeuse-laser-co2") == []  # the taxonomy is kept
    # Added by another process: no signal here, this one does not know the slug and reads the types again.
    EquipmentType.objects.bulk_create([EquipmentType(slug="tour-a-poterie", name="Tour de potier", category="other")])
    EquipmentFactory(workshop=WorkshopFactory(name="Lab"), type=EquipmentType.objects.get(slug="tour-a-poterie"))
    assert filtered("equipment=tour-a-poterie") == ["Lab"]
    assert "equipment" in errors("equipment=tour-de-magie")


def test_a_machine_type_saved_here_is_seen_at_once():
    laser = equipment_type("decoupeuse-laser-co2")
    EquipmentFactory(workshop=WorkshopFactory(name="Lab"), type=laser)
    assert filtered("equipment=decoupeuse-laser-co2") == ["Lab"]
    laser.slug = "laser-co2"
    laser.save()
    assert filtered("equipment=laser-co2") == ["Lab"]
    assert "equipment" in errors("equipment=decoupeuse-laser-co2")


def test_region_and_department_take_insee_codes():
    WorkshopFactory(name="Nantes")
    WorkshopFactory(name="Bastia", commune=commune("2B033"), postal_code="20200", latitude=42.69, longitude=9.45)
    assert filtered("region=94") == ["Bastia"]
    assert filtered("department=44") == ["Nantes"]


def test_unknown_values_are_errors_naming_the_parameter():
    assert "equipment" in errors("equipment=teleporteur")
    assert "region" in errors("region=99")
    assert "access" in errors("access=sometimes")
    assert "archetype" in errors("archetype=9")


def test_lat_without_lon_is_an_error():
    assert "lon" in errors("lat=47.2")


def test_a_radius_beyond_500_km_is_an_error():
    assert "radius_km" in errors("lat=47.2&lon=-1.5&radius_km=900")


def test_around_a_point_sorts_by_distance_within_the_radius():
    WorkshopFactory(name="Centre", latitude=47.2184, longitude=-1.5536)
    WorkshopFactory(name="Rezé", latitude=47.19, longitude=-1.55, postal_code="44000")
    WorkshopFactory(name="Loin", latitude=48.8566, longitude=2.3522, commune=commune("75056"), postal_code="75004")
    assert filtered("lat=47.20&lon=-1.55&radius_km=20") == ["Rezé", "Centre"]


def test_open_now_asks_each_workshop_in_its_own_region():
    """The same hours can be open in Paris and closed in Martinique at the same instant;
    hours open everywhere they are used need no condition on the region."""
    import time_machine

    WorkshopFactory(name="Nantes semaine", opening_hours="Mo-Fr 08:00-17:00")
    WorkshopFactory(name="Fort-de-France semaine", opening_hours="Mo-Fr 08:00-17:00", commune=commune("97209"))
    WorkshopFactory(name="Nantes soir", opening_hours="Tu 18:00-22:00")
    WorkshopFactory(name="Fort-de-France après-midi", opening_hours="Tu 07:00-09:00", commune=commune("97209"))
    WorkshopFactory(name="Nantes sans horaires", opening_hours="")
    # Tuesday 11:00 in Paris is 06:00 in Martinique.
    with time_machine.travel("2025-11-18 11:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Nantes semaine"]
    # Tuesday 14:30 in Paris is 09:30 in Martinique.
    with time_machine.travel("2025-11-18 14:30:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France semaine", "Nantes semaine"]
    # Tuesday 13:00 in Paris is 08:00 in Martinique: both "semaine" and the morning slot there.
    with time_machine.travel("2025-11-18 13:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France après-midi", "Fort-de-France semaine", "Nantes semaine"]
    # Tuesday 19:00 in Paris is 14:00 in Martinique.
    with time_machine.travel("2025-11-18 19:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France semaine", "Nantes soir"]


def test_filtersets_alive_at_once_each_filter_by_their_own_parameters():
    # A filterset's filters are copies bound to it: one built after another does not take over
    # the first's methods (concurrent requests in one process build them side by side).
    laser = WorkshopFactory(name="Laser")
    printer = WorkshopFactory(name="Imprimante")
    EquipmentFactory(workshop=laser, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=printer, type=equipment_type("imprimante-3d-fdm"))
    # The machines' filter reads its own filterset's form.
    lasers = WorkshopFilter(QueryDict("equipment=decoupeuse-laser-co2"), queryset=Workshop.objects.published())
    printers = WorkshopFilter(QueryDict("equipment=imprimante-3d-fdm"), queryset=Workshop.objects.published())
    assert list(lasers.qs.values_list("name", flat=True)) == ["Laser"]
    assert list(printers.qs.values_list("name", flat=True)) == ["Imprimante"]
    assert lasers.form.__class__ is printers.form.__class__  # the form class is built once
    assert lasers.form.fields["equipment"] is not printers.form.fields["equipment"]


def test_the_filter_form_speaks_the_visitors_language_though_built_once():
    from django.utils import translation

    with translation.override("en"):
        assert WorkshopFilter(QueryDict("")).form.fields["open_now"].label == "Open now"
    with translation.override("fr"):
        assert str(WorkshopFilter(QueryDict("")).form.fields["open_now"].label) == "Ouvert en ce moment"


def test_the_apis_filter_forms_share_their_fields_and_keep_their_own_values_and_errors():
    from django.utils import translation

    from workshops.api.filters import WorkshopAPIFilter

    WorkshopFactory(name="Ouvert", access="open")
    WorkshopFactory(name="Adhérents", access="members")
    published = Workshop.objects.published()
    with translation.override("en"):
        wrong = WorkshopAPIFilter(QueryDict("access=nowhere&lat=91"), queryset=published)
        assert not wrong.is_valid()
        assert "nowhere is not one of the available choices" in str(wrong.errors["access"])
    with translation.override("fr"):
        right = WorkshopAPIFilter(QueryDict("access=members"), queryset=published)
        assert list(right.qs.values_list("name", flat=True)) == ["Adhérents"]
        too_far = WorkshopAPIFilter(QueryDict("lat=91"), queryset=published)
        assert not too_far.is_valid()
    assert right.form.fields["access"] is wrong.form.fields["access"]  # shared, not copied per form
    assert set(wrong.errors) == {"access", "lat"}
    assert "91" not in str(right.form.cleaned_data) and right.errors == {}
    assert "inférieure ou égale à 90" in str(too_far.errors["lat"])
    # The directory's own page keeps its forms' fields to itself (its view changes them).
    page_form = WorkshopFilter(QueryDict("")).form
    assert page_form.fields["access"] is not right.form.fields["access"]
    assert page_form.fields["commune"].widget.__class__.__name__ == "Select"


@pytest.mark.django_db
def test_the_browsable_api_asks_for_a_communes_code_in_a_text_box(client):
    html = client.get("/api/v1/workshops/?format=api").content.decode()
    assert 'name="commune"' in html and 'inputmode="numeric"' in html
    assert '<select name="commune"' not in html


def test_access_finds_the_declared_one_or_where_none_is_declared_the_one_open_data_gives(client):
    from workshops.importers.inference import infer

    WorkshopFactory(name="Déclaré ouvert", access="open")
    WorkshopFactory(name="Recensé", access="", provisional_profile=infer("Fablab du recensement", fablab=True))
    WorkshopFactory(
        name="Adhérents selon ses responsables",
        access="members",
        provisional_profile=infer("Fablab du recensement", fablab=True),  # their word wins
    )
    assert filtered("access=open") == ["Déclaré ouvert", "Recensé"]  # what their pages say
    assert filtered("access=members") == ["Adhérents selon ses responsables"]
    api = client.get("/api/v1/workshops/", {"access": "open"}).json()
    assert [w["name"] for w in api["results"]] == ["Déclaré ouvert", "Recensé"]


@pytest.mark.parametrize(
    "query, parameter, bound",
    [
        ("lat=1e999&lon=2", "lat", "90"),
        ("lat=47&lon=1e999", "lon", "180"),
        ("lat=47&lon=2&radius_km=1e60", "radius_km", "500"),
    ],
)
def test_a_huge_number_is_refused_with_its_own_bound_only(client, query, parameter, bound):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = client.get(f"/workshops/?{query}", **english).content.decode()
    assert bound in page
    assert "1e+50" not in page and "1E+50" not in page
    api = client.get(f"/api/v1/workshops/?{query}", **english)
    assert api.status_code == 400
    assert list(api.json()) == [parameter]
    assert len(api.json()[parameter]) == 1 and bound in api.json()[parameter][0]


def test_a_yes_no_parameter_is_read_strictly_wherever_it_is_given(client):
    """`open_now=0` and `open_now=maybe` listed the workshops open now; `open_now=false` said
    "Ouvert en ce moment : non" over every workshop; `mediation=maybe` was ignored."""
    import time_machine

    from officials.models import OfficialScope
    from tests.factories import UserFactory
    from workshops.filters import described_filters

    WorkshopFactory(name="Ouvert le mardi", opening_hours="Tu 08:00-20:00")
    WorkshopFactory(name="Fermé le mardi", opening_hours="We 08:00-20:00")
    with time_machine.travel("2025-11-18 11:00:00+01:00", tick=False):  # a Tuesday
        for yes in ("on", "1", "true", "TRUE", "yes", " Yes "):
            assert filtered(f"open_now={yes}") == ["Ouvert le mardi"], yes
        for no in ("false", "0", "no", "off", ""):  # "no" is no condition, not "closed now"
            assert filtered(f"open_now={no}") == ["Fermé le mardi", "Ouvert le mardi"], no
            said = WorkshopFilter(QueryDict(f"open_now={no}"), queryset=Workshop.objects.all())
            assert said.is_valid() and described_filters(said) == [], no
    for wrong in ("maybe", "2", "oui"):
        with translation.override("en"):
            assert errors(f"open_now={wrong}") == {"open_now": ["Give true or false (or 1 or 0)."]}
    # Where "no" means something, it is said: closed=false leaves out those that have closed.
    said = WorkshopFilter(QueryDict("closed=false"), queryset=Workshop.objects.all())
    with translation.override("en"):
        assert said.is_valid() and described_filters(said) == [("closed", "Include workshops that have closed", "no")]

    # The directory's page names the wrong parameter next to the results; the box stays unticked.
    page = client.get("/workshops/", {"open_now": "maybe"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open now" in page and "Give true or false (or 1 or 0)." in page
    assert 'name="open_now" value="maybe" id="id_open_now" checked' not in page

    # The officials' list: the same, answered with a 400.
    user = UserFactory(username="agent-52")
    OfficialScope.objects.create(user=user, region_id="52")
    client.force_login(user)
    for query in ({"open_now": "maybe"}, {"mediation": "maybe"}, {"mednum_incomplete": "peut-être"}):
        response = client.get("/officials/workshops/", query)
        assert response.status_code == 400, query
        assert "Indiquez true ou false (ou 1 ou 0)." in response.content.decode()
    for query in ({"open_now": "false"}, {"open_now": "0"}, {"mediation": "0"}):
        page = client.get("/officials/workshops/", query).content.decode()
        assert "2 ateliers correspondent." in page, query
        assert "active-filters" not in page, query
