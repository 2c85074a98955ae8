"""The controlled vocabularies of a workshop profile: stable codes, translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CarrierType(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    HIGHER_EDUCATION = "higher_education", _("Higher education or research")
    SCHOOL = "school", _("School or training body")
    COMPANY = "company", _("Company")
    PUBLIC_DIGITAL_SPACE = "public_digital_space", _("Public digital space or library")
    THIRD_PLACE = "third_place", _("Third place (tiers-lieu)")
    OTHER = "other", _("Other")


class InitiativeOrigin(models.TextChoices):
    """Who started the workshop: the first half of the study's first criterion."""

    CITIZENS = "citizens", _("A group of citizens or makers")
    LOCAL_AUTHORITY = "local_authority", _("A local authority")
    HIGHER_EDUCATION = "higher_education", _("A higher education or research institution")
    SCHOOL = "school", _("A school or a training body")
    COMPANY = "company", _("A company or a group of companies")
    THIRD_PLACE = "third_place", _("An existing third place (tiers-lieu)")
    OTHER = "other", _("Other")


class Governance(models.TextChoices):
    """Who governs the workshop today: the second half of the study's first criterion."""

    MEMBERS = "members", _("By its members (general meeting, board)")
    PUBLIC_BODY = "public_body", _("By a public administration")
    INSTITUTION = "institution", _("By an education or research institution")
    COMPANY = "company", _("By a company")
    COOPERATIVE = "cooperative", _("By a cooperative (SCIC, SCOP)")
    SHARED = "shared", _("By several equal partners")


class Purpose(models.TextChoices):
    """The workshop's main purpose, as its managers state it (positioning)."""

    DIGITAL_INCLUSION = "digital_inclusion", _("Digital mediation and inclusion")
    TERRITORY = "territory", _("Bringing life to and attracting people to the area")
    COMMUNITY = "community", _("The maker community and skill sharing")
    INNOVATION = "innovation", _("Innovation and research")
    BUSINESS = "business", _("Prototyping for companies")
    TRAINING = "training", _("Training")


class EquipmentLevel(models.TextChoices):
    """The equipment level the managers declare; the inventory, when listed, speaks first."""

    BASIC = "basic", _("Basic: 3D printers, small tools")
    INTERMEDIATE = "intermediate", _("Intermediate: laser cutter, vinyl cutter, electronics")
    ADVANCED = "advanced", _("Advanced: CNC milling, professional machines")


class Funder(models.TextChoices):
    """Who funds the workshop (the study's "par quels financements")."""

    STATE = "state", _("The State (ANCT, DGE, prefecture…)")
    REGION = "region", _("The region")
    DEPARTMENT = "department", _("The department")
    MUNICIPALITY = "municipality", _("The commune or the intercommunality")
    EU = "eu", _("The European Union (FEDER, FSE, LEADER…)")
    FOUNDATIONS = "foundations", _("Foundations and sponsorship")
    COMPANIES = "companies", _("Companies (partnerships)")
    FAMILY_ALLOWANCES = "caf", _("Family allowance funds (CAF)")
    OTHER = "other", _("Other")


class Access(models.TextChoices):
    OPEN = "open", _("Open to all")
    MEMBERS = "members", _("Members only")
    ON_REQUEST = "on_request", _("On request")
    INTERNAL = "internal", _("Internal (not open to the public)")


class Pricing(models.TextChoices):
    FREE = "free", _("Free")
    MEMBERSHIP = "membership", _("Membership fee")
    PAY_PER_USE = "pay_per_use", _("Pay per use")
    QUOTE = "quote", _("On quote")


class Service(models.TextChoices):
    OPEN_LAB = "open_lab", _("Open lab sessions")
    TRAINING = "training", _("Training and workshops")
    PROTOTYPING = "prototyping", _("Prototyping for projects")
    FABRICATION = "fabrication", _("Fabrication on demand")
    REPAIR = "repair", _("Repair café")
    DIGITAL_INCLUSION = "digital_inclusion", _("Digital inclusion support")
    COWORKING = "coworking", _("Coworking")
    SCHOOL_PROGRAMS = "school_programs", _("Programmes for schools")
    BUSINESS_SUPPORT = "business_support", _("Support for entrepreneurs")
    MACHINE_RENTAL = "machine_rental", _("Machine rental")
    EVENTS = "events", _("Events and hackathons")
    RESIDENCIES = "residencies", _("Artist or maker residencies")


class Audience(models.TextChoices):
    GENERAL_PUBLIC = "general_public", _("General public")
    CHILDREN = "children", _("Children and teenagers")
    STUDENTS = "students", _("Students")
    RESEARCHERS = "researchers", _("Researchers")
    COMPANIES = "companies", _("Companies")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs and start-ups")
    ARTISANS = "artisans", _("Craftspeople and artists")
    JOB_SEEKERS = "job_seekers", _("Job seekers")
    SENIORS = "seniors", _("Seniors")
    SCHOOLS = "schools", _("Schools and teachers")
    ASSOCIATIONS = "associations", _("Associations")


class Label(models.TextChoices):
    FABRIQUE_DE_TERRITOIRE = "fabrique_de_territoire", _("Fabrique de Territoire")
    MANUFACTURE_DE_PROXIMITE = "manufacture_de_proximite", _("Manufacture de proximité")
    FAB_CHARTER = "fab_charter", _("Fab Lab charter (MIT)")
    RFFLABS = "rfflabs", _("RFFLabs member")
    FRANCE_SERVICES = "france_services", _("France Services")
    GRANDE_ECOLE_NUMERIQUE = "grande_ecole_numerique", _("Grande École du Numérique")
    NUMERIQUE_INCLUSIF = "numerique_inclusif", _("Numérique inclusif")
    FRANCE_TIERS_LIEUX = "france_tiers_lieux", _("France Tiers-Lieux network")
    FAMILLES_RURALES = "familles_rurales", _("Familles Rurales")


class Wheelchair(models.TextChoices):
    """Step-free access for a wheelchair user, in OpenStreetMap's `wheelchair` terms."""

    YES = "yes", _("Wheelchair accessible")
    LIMITED = "limited", _("Partly wheelchair accessible")
    NO = "no", _("Not wheelchair accessible")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class ActivityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


class LocationSource(models.TextChoices):
    MANUAL = "manual", _("Placed by hand")
    GEOCODER = "geocoder", _("Geocoded address")
    IMPORT = "import", _("Imported")


class LocationPrecision(models.TextChoices):
    ADDRESS = "address", _("Address")
    STREET = "street", _("Street")
    COMMUNE = "commune", _("Commune")


class EquipmentCategory(models.TextChoices):
    PRINTING_3D = "3d_printing", _("3D printing")
    LASER = "laser_cutting", _("Laser cutting and engraving")
    CNC = "cnc_milling", _("CNC milling")
    VINYL = "vinyl_cutting", _("Vinyl cutting")
    ELECTRONICS = "electronics", _("Electronics and PCB")
    SCANNING = "3d_scanning", _("3D scanning")
    TEXTILE = "textile", _("Textile")
    WOOD = "wood", _("Woodworking")
    METAL = "metal", _("Metalworking")
    PRINTING = "printing", _("Printing and finishing")
    COMPUTING = "computing", _("Computing and design")
    OTHER = "other", _("Other")


class Archetype(models.IntegerChoices):
    MEDIATION = 1, _("New digital mediation spaces")
    VILLAGE_SQUARE = 2, _("Village square 4.0")
    GENERIC_FABLAB = 3, _("Generic fablabs")
    TERRITORIAL_LAB = 4, _("Territorial innovation laboratories")
    PROTOTYPING = 5, _("Professional design offices and prototyping workshops")
    TRAINING = 6, _("New digital training spaces")


# The profile's lists (JSON fields of Workshop) and the vocabulary their codes come from.
LIST_VOCABULARIES = {"services": Service, "audiences": Audience, "labels": Label, "funders": Funder}
