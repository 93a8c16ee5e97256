"""German texts for the Kita-Sozialarbeit demo (demo data, like the demo city's names)."""

from __future__ import annotations

import random

from beratung.models import Destination, Topic

DESCRIPTIONS = [
    "Mutter mit zwei Kindern, Fragen zum Kinderzuschlag und Wohngeld.",
    "Vater alleinerziehend, Unterstützung bei Anträgen beim Jobcenter.",
    "Familie neu in der Stadt, sucht Orientierung bei Behörden und Ärzten.",
    "Eltern unsicher wegen der Sprachentwicklung des Kindes.",
    "Mietrückstände, Räumungsklage angedroht.",
    "Mutter erschöpft, wünscht Entlastung und Beratung zur Erziehung.",
    "Familie aus der Ukraine, Fragen zu Aufenthalt, Leistungen und Kita-Beitrag.",
    "Eltern in Trennung, Fragen zu Umgang und Unterhalt.",
    "Schulden, Briefe vom Inkasso, Unterstützung bei der Schuldnerberatung gewünscht.",
    "Kind häufig krank, Begleitung zum Kinderarzt und zur Frühförderung.",
]
NOTES = [
    "Antrag auf Kinderzuschlag gemeinsam ausgefüllt.",
    "Wohngeldantrag besprochen, Unterlagen fehlen noch.",
    "Termin beim Jobcenter vorbereitet.",
    "Gespräch über Schlafprobleme des Kindes und Tagesstruktur.",
    "Mit Vermieter telefoniert, Ratenzahlung vereinbart.",
    "Dolmetscherin für Termin beim Gesundheitsamt organisiert.",
    "Begleitung zur Ausländerbehörde.",
    "Kontakt zur Erziehungsberatungsstelle hergestellt.",
    "Mutter berichtet von Erschöpfung, Entlastungsangebote besprochen.",
    "Rückruf vereinbart.",
    "Unterlagen für BuT-Leistungen sortiert.",
    "Entwicklungsstand mit Kita-Fachkraft besprochen (Einwilligung liegt vor).",
]
CHILD_PROTECTION_NOTES = [
    "Hinweise der Kita auf Vernachlässigung; Gefährdungseinschätzung mit Teamleitung.",
    "Häusliche Gewalt geschildert; Schutzplan besprochen, ASD informiert.",
]
OTHER_SERVICES = ["Mieterverein", "Frauenberatungsstelle", "Sozialamt", "Tafel"]
OFFICE_HOUR_NOTES = [
    "",
    "",
    "Ohne Termin, auch telefonisch erreichbar.",
    "Türkisch und Arabisch sprechende Kollegin vor Ort.",
    "Jede zweite Woche.",
    "In den Schulferien nach Vereinbarung.",
]
KITA_ROOMS = ["Elterncafé", "Besprechungsraum", "Familienzentrum, Raum 1", "Büro der Leitung"]
REQUESTS = [
    "Mutter eines dreijährigen Kindes, Schwierigkeiten mit einem Antrag auf Leistungen; "
    "möchte in der Kita angesprochen werden.",
    "Familie neu in Deutschland, braucht Hilfe bei Behördenpost; Vater spricht Arabisch.",
]

TOPIC_WEIGHTS = {
    Topic.MONEY: 20,
    Topic.APPLICATIONS: 18,
    Topic.PARENTING: 16,
    Topic.DEVELOPMENT: 12,
    Topic.NEW_IN_GERMANY: 10,
    Topic.HOUSING: 8,
    Topic.SINGLE_PARENT: 8,
    Topic.CRISIS: 5,
    Topic.CHILD_PROTECTION: 2,
}
DESTINATION_WEIGHTS = {
    Destination.PARENTING_COUNSELLING: 20,
    Destination.JOBCENTER: 18,
    Destination.FAMILY_EDUCATION: 15,
    Destination.EARLY_INTERVENTION: 10,
    Destination.MIGRATION: 9,
    Destination.DEBT_COUNSELLING: 8,
    Destination.MIDWIVES: 8,
    Destination.HEALTH: 8,
    Destination.OTHER: 4,
}


def topics_for(rng: random.Random) -> list[str]:
    """One to three different topics."""
    count = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    pool = dict(TOPIC_WEIGHTS)
    chosen: list[str] = []
    while len(chosen) < count:
        topic = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(topic.value)
        del pool[topic]
    return chosen


def destination(rng: random.Random) -> str:
    choices = list(DESTINATION_WEIGHTS)
    return rng.choices(choices, weights=list(DESTINATION_WEIGHTS.values()))[0].value
