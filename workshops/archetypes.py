"""The six archetypes of the DGE/ANCT study and the pure classifier that assigns them.

Source: *La dynamique des ateliers de fabrication numérique en France* (DGE/ANCT, 2020,
Ocalia – Terre d'Avance). No ORM here: `classification.py` builds the plain profile.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    number: int
    name_fr: str
    name_en: str
    definition_fr: str
    definition_en: str

    def name(self, language: str) -> str:
        return self.name_en if (language or "").startswith("en") else self.name_fr

    def definition(self, language: str) -> str:
        return self.definition_en if (language or "").startswith("en") else self.definition_fr


DEFINITIONS: dict[int, Definition] = {
    1: Definition(
        1,
        "Nouveaux espaces de médiation numérique",
        "New digital mediation spaces",
        "Des espaces publics numériques (EPN, médiathèques, tiers-lieux d'inclusion) qui ont ajouté des "
        "imprimantes 3D ou des découpeuses à leur offre : services de base aux particuliers, gratuits ou "
        "peu chers, pour le grand public.",
        "Public digital-inclusion spaces (public digital spaces, libraries) that added 3D printers or "
        "cutters to what they offer: basic services to individuals, free or cheap, for the general public.",
    ),
    2: Definition(
        2,
        "Place de village 4.0",
        "Village square 4.0",
        "Un atelier de fabrication au sein d'un tiers-lieu hybride qui mêle activités et publics (coworking, "
        "café, réparation, culture), souvent en milieu rural, à gouvernance associative, au service de "
        "l'attractivité du territoire.",
        "A fabrication workshop inside a hybrid third place mixing activities and audiences (coworking, café, "
        "repair, culture), often rural, with associative governance, serving the attractiveness of its "
        "territory.",
    ),
    3: Definition(
        3,
        "Fablabs génériques",
        "Generic fablabs",
        "Le fablab de la communauté des makers : adhésion, apprentissage entre pairs, partage des "
        "savoir-faire, ouvert à tous, le plus souvent associatif.",
        "The maker-community fablab: membership, peer learning, skill sharing, open to all, most often run "
        "by an association.",
    ),
    4: Definition(
        4,
        "Laboratoires territoriaux d'innovation",
        "Territorial innovation laboratories",
        "Portés par l'enseignement supérieur et la recherche ou liés à eux : bien équipés, avec une équipe "
        "technique solide, ils servent étudiants et chercheurs et s'ouvrent aux entreprises.",
        "Carried by or tied to higher education and research: well equipped, with a strong technical staff, "
        "they serve students and researchers and open up to companies.",
    ),
    5: Definition(
        5,
        "Bureaux d'étude et ateliers de prototypage professionnels",
        "Professional design offices and prototyping workshops",
        "Le prototypage professionnel pour les entreprises et les entrepreneurs : machines de niveau "
        "professionnel, prestations payantes, clientèle d'entreprises.",
        "Professional prototyping for companies and entrepreneurs: professional-grade machines, paid "
        "services, business customers.",
    ),
    6: Definition(
        6,
        "Nouveaux espaces de formation numérique",
        "New digital training spaces",
        "Des espaces centrés sur la formation (écoles, formation professionnelle, lieux de type « Grande École "
        "du Numérique ») : apprenants, jeunes et demandeurs d'emploi.",
        "Training-centred spaces (schools, vocational training, “Grande École du Numérique”-like places): "
        "learners, young people and job seekers.",
    ),
}
