"""Name lists and small helpers shared by the apps' ``demo`` modules (fictional German content).

Everything that draws takes the caller's seeded ``random.Random``, so the demo city stays
deterministic for a given ``--seed``. Nothing here touches the database.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from django.utils.text import slugify

# At 51.5° north: kilometres per degree of latitude and of longitude.
KM_PER_DEG_LAT = 111.2
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(51.48))


def _split(text: str, separator: str = ",") -> tuple[str, ...]:
    """Separated lists keep the long name tables short and readable."""
    return tuple(" ".join(item.split()) for item in text.split(separator) if item.strip())


FIRST_NAMES = _split(
    """Anna, Andrea, Anja, Birgit, Claudia, Daniela, Elif, Emma, Fatma, Gabriele, Hanna, Ines,
    Julia, Katharina, Laura, Lea, Marie, Melanie, Nadine, Nicole, Petra, Sabine, Sandra, Sarah,
    Stefanie, Svenja, Tanja, Ayşe, Olga, Alexander, Andreas, Ben, Christian, Daniel, Dennis,
    Florian, Jan, Jonas, Kai, Lukas, Markus, Martin, Michael, Mehmet, Niklas, Oliver, Patrick,
    Sebastian, Stefan, Thomas, Tobias, Yusuf"""
)
LAST_NAMES = _split(
    """Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann,
    Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun,
    Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Krause, Meier, Lehmann, Schmid, Schulze,
    Maier, Köhler, Herrmann, König, Walter, Peters, Kaya, Yılmaz, Nowak, Kowalski, Öztürk,
    Brinkmann, Kemper, Terhorst, Overbeck"""
)

# Streets named after people, places and things, plus compounds built below.
_NAMED_STREETS = _split(
    """Goethestraße, Schillerstraße, Lessingstraße, Heinrich-Heine-Straße, Beethovenstraße,
    Mozartstraße, Bismarckstraße, Friedrich-Ebert-Straße, Käthe-Kollwitz-Straße,
    Sophie-Scholl-Straße, Geschwister-Scholl-Straße, Eichendorffweg, Uhlandstraße, Körnerstraße,
    Fontanestraße, Annette-von-Droste-Weg, Hedwig-Dohm-Weg, Bertha-von-Suttner-Platz,
    Marie-Curie-Straße, Albert-Schweitzer-Straße, Robert-Koch-Straße, Max-Planck-Straße,
    Wilhelm-Busch-Straße, Brüder-Grimm-Weg, Luisenstraße, Humboldtstraße, Kantstraße,
    Herderstraße, Hans-Böckler-Straße, Otto-Hahn-Straße, Clara-Zetkin-Straße, Kortumstraße,
    Hattinger Straße, Dorstener Straße, Castroper Straße, Wittener Straße, Essener Straße,
    Herner Straße, Bahnhofstraße, Hauptstraße, Kirchstraße, Schulstraße, Marktstraße,
    Poststraße, Am Stadtpark, Am Wasserturm, Am Mühlenbach, Am Schlosspark, Am Rosengarten,
    Am Kirchplatz, Am Sportplatz, Am Hang, Im Winkel, Im Grund, An der Zeche, Zechenstraße,
    Hüttenstraße, Glück-auf-Straße, Kanalstraße, Hafenweg, Alte Gärtnerei, Auf dem Kamp,
    Bergmannsweg, Steigerstraße"""
)
_STREET_PREFIXES = _split(
    """Linden, Eichen, Birken, Ahorn, Buchen, Kastanien, Erlen, Ulmen, Tannen, Rosen, Tulpen,
    Nelken, Veilchen, Flieder, Amsel, Drossel, Finken, Lerchen, Meisen, Schwalben, Mühlen,
    Garten, Wiesen, Feld, Wald, Berg, Tal, Bach, Brunnen, Park, Hof, Sonnen, Blumen, Kloster,
    Schmiede, Teich, Heide, Auen"""
)
_STREET_SUFFIXES = _split("straße, weg, allee, ring, pfad, grund")
STREETS = _NAMED_STREETS + tuple(
    prefix + suffix for prefix in _STREET_PREFIXES for suffix in _STREET_SUFFIXES
)

# Names a Kita (or a childminder's "Tagespflege …") commonly carries.
THEMES = _split(
    """Regenbogen, Sonnenschein, Pusteblume, Löwenzahn, Sonnenblume, Kunterbunt, Sternschnuppe,
    Spatzennest, Wirbelwind, Rappelkiste, Schatzkiste, Villa Kunterbunt, Zwergenland,
    Kleine Strolche, Rasselbande, Marienkäfer, Schmetterling, Igelnest, Mäuseburg, Traumland,
    Wolkenburg, Abenteuerland, Kinderinsel, Pippi Langstrumpf, Farbklecks, Wichtelhaus,
    Baumhaus, Am Stadtpark, Am Wasserturm, Am Mühlenbach, Im Grünen, Waldwichtel, Seepferdchen,
    Kleine Füße, Glühwürmchen, Purzelbaum, Räuberhöhle, Kleiner Prinz, Momo, Bullerbü,
    Sausewind, Tausendfüßler, Nimmerland, Apfelbaum, Kastanienhof, Lindenhof, Eichhörnchen,
    Biberburg, Sonnenstrahl, Bärenhöhle, Entdeckerland, Kinderwelt, Kleine Welt, Zauberwald,
    Sternenhimmel, Weltentdecker, Kleine Riesen, Flohkiste, Krümelkiste, Wiesenzwerge,
    Drachenburg, Rabennest, Fuchsbau, Kiebitz, Bienenkorb, Glückskinder, Seifenblase,
    Wundertüte, Zeche Zwerg, Kohlenpott-Kinder, Hummelnest, Schneckenhaus"""
)
PROTESTANT_THEMES = _split(
    """Arche Noah, Senfkorn, Regenbogen, Lukas, Paulus, Johannes, Martin Luther,
    Dietrich Bonhoeffer, Friedenskirche, Christuskirche, Kreuzkirche, Himmelszelt, Sonnenstrahl,
    Schatzkiste, Kinderarche, Jona, Brückenbauer, Lutherhaus, Melanchthon, Gnadenkirche,
    Erlöserkirche, Pauluskirche, Markuskirche, Matthäus, Thomas, Himmelsleiter, Lebensbaum,
    Sternenzelt, Samenkorn, Friedensreich"""
)
PATRONS = _split(
    """St. Marien, St. Josef, St. Michael, St. Elisabeth, St. Franziskus, St. Antonius,
    St. Barbara, St. Bonifatius, St. Ludgerus, St. Liborius, St. Martin, St. Nikolaus,
    St. Paulus, St. Petrus, St. Anna, St. Clemens, St. Christophorus, St. Hedwig, St. Johannes,
    St. Laurentius, St. Georg, St. Benedikt, St. Gertrud, St. Augustinus, St. Theresia,
    St. Vinzenz, St. Pius, St. Konrad, St. Engelbert, St. Suitbert, St. Meinolphus, St. Ida,
    St. Maximilian Kolbe, St. Thomas Morus, Heilig Kreuz, Herz Jesu, Liebfrauen, Maria Hilf,
    Heilige Familie, Heilig Geist, Christ König, Maria Frieden"""
)
PROTESTANT_PARISHES = _split(
    """Lukas, Paulus, Johannes, Matthäus, Markus, Christus, Friedens, Erlöser, Thomas, Petrus,
    Gnaden, Kreuz, Luther, Melanchthon, Trinitatis, Stephanus, Epiphanias, Apostel, Martin,
    Nathanael"""
)
# Single-word brands of (fictional) private Kita providers, e.g. "Sonnenland".
_BRAND_HEADS = _split(
    "Kinder, Sonnen, Sternen, Wald, Wiesen, Glücks, Zauber, Entdecker, Lern, Spiel, Mond, Wunder"
)
_BRAND_TAILS = _split("zeit, welt, land, insel, haus, nest, garten, werk, stube, kosmos, hafen")
PRIVATE_BRANDS = tuple(head + tail for head in _BRAND_HEADS for tail in _BRAND_TAILS)
PRIVATE_LEGAL_FORMS = _split("gGmbH, GmbH, Bildungs-gGmbH, Kita gGmbH, Kinderbetreuung GmbH")
PARENTS_ASSOCIATIONS = _split("Elterninitiative, Kinderladen, Elternverein, Eltern-Kind-Gruppe")

LANGUAGE_NAMES_DE = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "pl": "Polnisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
    "ku": "Kurdisch",
    "fa": "Persisch",
    "fr": "Französisch",
    "es": "Spanisch",
    "it": "Italienisch",
    "el": "Griechisch",
    "ro": "Rumänisch",
    "bg": "Bulgarisch",
    "gsg": "Deutsche Gebärdensprache",
}

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str, max_length: int = 50) -> str:
    """``"Städtische Kita Am Stadtpark"`` → ``"staedtische-kita-am-stadtpark"``."""
    return slugify(text.translate(_UMLAUTS))[:max_length].strip("-")


# Words left out of a fictional domain: "AWO Unterbezirk Musterstadt" → "awo-musterstadt".
_DOMAIN_NOISE = (
    "& Co. KG",
    "e.V.",
    "gGmbH",
    "GmbH",
    "AöR",
    " AG",
    "für die Stadt",
    "im Bistum",
    "Bildungs-",
    "Kinderbetreuung",
    "Kirchengemeinde",
    "Unterbezirk",
    "Regionalverband",
    "Gliederung",
    "Kinder- und Jugendhilfe",
    "– Jugendamt",
    "Stadt ",
)


def short_slug(text: str, max_length: int = 40) -> str:
    """A slug cut at a word boundary: ``"Kath. Kita St. Marien – Lindenweg"`` stays readable."""
    slug = german_slug(text, max_length=200)
    while len(slug) > max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:max_length]


def domain_for(name: str) -> str:
    """A fictional domain under the reserved ``.example`` top-level domain."""
    for noise in _DOMAIN_NOISE:
        name = name.replace(noise, " ")
    return f"{short_slug(name)}.example"


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def house_number(rng: random.Random) -> str:
    number = str(rng.randint(1, 140))
    return number + rng.choice("ab") if rng.random() < 0.08 else number


# A block the Bundesnetzagentur keeps free for films and examples: a demo never rings anyone.
FICTIONAL_NUMBER_BLOCK = "0221 4710"


def phone_number(rng: random.Random) -> str:
    return f"{FICTIONAL_NUMBER_BLOCK} {rng.randint(0, 999):03d}"


def join_german(items: Sequence[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b und c"``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def unique_name(base: str, taken: set[str], variants: Sequence[str] = ()) -> str:
    """``base``, else ``"base – variant"`` for the first free variant, else ``"base 2"``, ….

    Registers the name it returns in ``taken``.
    """
    candidates = [base, *(f"{base} – {variant}" for variant in variants)]
    candidates += [f"{base} {n}" for n in range(2, 1000)]
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise ValueError(f"No free name for {base!r}")  # pragma: no cover - 1,000 variants


def offset_point(lat: float, lon: float, east_km: float, north_km: float) -> tuple[float, float]:
    return lat + north_km / KM_PER_DEG_LAT, lon + east_km / KM_PER_DEG_LON


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within a city."""
    return math.hypot((lat1 - lat2) * KM_PER_DEG_LAT, (lon1 - lon2) * KM_PER_DEG_LON)


def point_near(rng: random.Random, lat: float, lon: float, max_km: float) -> tuple[float, float]:
    """A point spread evenly over the disc of ``max_km`` around (lat, lon), rounded to ~1 m."""
    radius = max_km * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    new_lat, new_lon = offset_point(lat, lon, radius * math.cos(angle), radius * math.sin(angle))
    return round(new_lat, 5), round(new_lon, 5)


# Short German descriptions of a facility, built from a few sentences.
_SETTINGS = _split(
    """in einer ruhigen Wohnstraße, mitten im Quartier, nahe dem Stadtpark,
    in einem sanierten Altbau, in einem hellen Neubau, am Rand eines Grüngürtels,
    in direkter Nachbarschaft zur Grundschule, wenige Schritte von der Straßenbahnhaltestelle"""
)
_NUMBER_WORDS = _split("zwei, drei, vier, fünf, sechs, sieben, acht, neun, zehn")
_AGES_FROM = {4: "vier Monaten", 12: "einem Jahr", 24: "zwei Jahren", 36: "drei Jahren"}
CONCEPT_SENTENCES = {
    "montessori": "Wir arbeiten nach Maria Montessori: „Hilf mir, es selbst zu tun.“",
    "waldorf": "Unsere Arbeit folgt der Waldorfpädagogik mit festen Rhythmen im Tag und im Jahr.",
    "forest": "Bei fast jedem Wetter sind wir draußen – im Wald, auf der Wiese und am Bach.",
    "bilingual": "Im Alltag begegnen die Kinder zwei Sprachen, gesprochen von Muttersprachlern.",
    "reggio": "Nach der Reggio-Pädagogik verstehen wir Räume als „dritte Erzieherin“.",
    "situational": "Wir arbeiten nach dem Situationsansatz und greifen auf, was die Kinder bewegt.",
    "open": "In der offenen Arbeit wählen die Kinder selbst zwischen Funktionsräumen.",
    "movement": "Als Bewegungskita haben wir eine eigene Turnhalle und gehen jede Woche schwimmen.",
    "music": "Jeden Tag wird bei uns gesungen, musiziert und getanzt.",
    "religious": "Christliche Feste und Werte begleiten uns durch das Jahr.",
}
_EXTRAS = _split(
    """Unser großes Außengelände mit altem Baumbestand lädt zum Toben und Entdecken ein.;
    Wir legen Wert auf eine enge und vertrauensvolle Zusammenarbeit mit den Eltern.;
    Die Eingewöhnung gestalten wir behutsam nach dem Berliner Modell.;
    Ein eigener Garten mit Hochbeeten lässt die Kinder säen, pflegen und ernten.;
    Sprachbildung begleitet bei uns den ganzen Tag.""",
    separator=";",
)


def facility_description(
    rng: random.Random,
    *,
    district: str,
    places: int,
    min_age_months: int,
    concepts: Sequence[str],
    languages: Sequence[str],
    is_familienzentrum: bool = False,
    integrative_places: int = 0,
    own_kitchen: bool = False,
) -> str:
    groups = min(max(1, round(places / 20)), len(_NUMBER_WORDS) + 1)
    group_text = "einer Gruppe" if groups == 1 else f"{_NUMBER_WORDS[groups - 2]} Gruppen"
    sentences = [
        f"Unser Haus liegt {rng.choice(_SETTINGS)} im Stadtbezirk {district}.",
        f"In {group_text} betreuen wir {places} Kinder ab "
        f"{_AGES_FROM.get(min_age_months, f'{min_age_months} Monaten')} bis zum Schuleintritt.",
        *(CONCEPT_SENTENCES[code] for code in concepts if code in CONCEPT_SENTENCES),
    ]
    if is_familienzentrum:
        sentences.append(
            "Als Familienzentrum bieten wir Elterncafé, Erziehungsberatung und Kurse für Familien."
        )
    if integrative_places:
        sentences.append("Kinder mit und ohne Behinderung spielen und lernen bei uns gemeinsam.")
    if own_kitchen:
        sentences.append("Das Mittagessen kochen wir täglich frisch in unserer eigenen Küche.")
    others = [LANGUAGE_NAMES_DE[code] for code in languages if code != "de"]
    if others:
        sentences.append(f"Im Team sprechen wir neben Deutsch auch {join_german(others)}.")
    sentences.append(rng.choice(_EXTRAS))
    return " ".join(sentences)


_OPENING_NOTES = _split(
    """Schließzeit: drei Wochen in den Sommerferien und zwischen Weihnachten und Neujahr;
    Freitags bis 15:00 Uhr;
    Brückentage geschlossen, zwei Konzeptionstage im Jahr;
    Schließzeit: zwei Wochen in den Sommerferien""",
    separator=";",
)


def opening_note(rng: random.Random) -> str:
    return rng.choice(_OPENING_NOTES) if rng.random() < 0.5 else ""
