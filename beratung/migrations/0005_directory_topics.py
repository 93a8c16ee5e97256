"""The Familienbüro's topic taxonomy and target groups (data; German names, as staff and
families read them). ``keywords`` are synonyms the desk search matches with the topic name.

Idempotent by code: re-running updates names and search words, never deletes a topic staff
added in the admin.
"""

from django.db import migrations

# (code, name, search words)
TOPICS = [
    (
        "elterngeld",
        "Elterngeld",
        "Elternzeit Mutterschutz Basiselterngeld ElterngeldPlus Partnerschaftsbonus Elterngeldstelle",
    ),
    (
        "kita-platz",
        "Kita-Platz",
        "Kitaplatz Kindergarten Kindergartenplatz Krippe Krippenplatz Betreuungsplatz Kindertageseinrichtung Kita Rechtsanspruch U3 Ü3",
    ),
    (
        "kindertagespflege",
        "Kindertagespflege",
        "Tagesmutter Tagesvater Tagespflege Tagespflegeperson Großtagespflege Betreuung",
    ),
    (
        "unterhaltsvorschuss",
        "Unterhaltsvorschuss",
        "Unterhalt Unterhaltsvorschusskasse Alleinerziehend alleinerziehende Unterhaltsleistung Beistandschaft",
    ),
    (
        "erziehungsberatung",
        "Erziehungsberatung",
        "Erziehung Familienberatung Beratungsstelle Jugendberatung Pubertät Streit Trotz Erziehungsfragen Elternberatung",
    ),
    (
        "familienbildung",
        "Familienbildung",
        "Elternkurs Familienbildungsstätte Kurs Krabbelgruppe Eltern-Kind-Gruppe PEKiP Elterncafé Babymassage",
    ),
    (
        "fruehe-hilfen",
        "Hebammen und Frühe Hilfen",
        "Hebamme Hebammen Familienhebamme Schwangerschaft schwanger Geburt Wochenbett Stillen Säugling Baby Frühe Hilfen Schwangerschaftsberatung",
    ),
    (
        "begruessungsbesuch",
        "Begrüßungsbesuch",
        "Babybesuch Willkommensbesuch Neugeborene Geburt Begrüßungspaket Babybegrüßung",
    ),
    (
        "schuldnerberatung",
        "Schuldnerberatung",
        "Schulden Überschuldung Insolvenz Privatinsolvenz Verbraucherinsolvenz Mahnung Inkasso Pfändung P-Konto Geldsorgen",
    ),
    (
        "jobcenter",
        "Jobcenter",
        "Bürgergeld Arbeitslosengeld Grundsicherung Hartz Arbeit Job Arbeitssuche Ausbildung Arbeitsagentur Weiterbildung",
    ),
    (
        "migration",
        "Migration und Integration",
        "Migration Integration Migrationsberatung Zuwanderung Flucht Geflüchtete Aufenthalt Asyl Einbürgerung Sprachkurs Integrationskurs Deutschkurs",
    ),
    (
        "gesundheit",
        "Gesundheit",
        "Kinderarzt Kinderärztin Vorsorge U-Untersuchung Impfung Gesundheitsamt Zahngesundheit Ernährung Krankheit",
    ),
    (
        "wohnen",
        "Wohnen",
        "Wohnung Wohnungssuche Miete Wohngeld Wohnberechtigungsschein WBS Obdachlosigkeit Räumung Wohnungsnot",
    ),
    (
        "kindergeld",
        "Kindergeld und Kinderzuschlag",
        "Kindergeld Kinderzuschlag KiZ Familienkasse Kinderfreibetrag",
    ),
    (
        "bildung-teilhabe",
        "Bildung und Teilhabe",
        "BuT Bildungspaket Teilhabe Schulbedarf Lernförderung Nachhilfe Mittagessen Klassenfahrt Ausflug Sportverein Musikschule",
    ),
    (
        "fruehfoerderung",
        "Behinderung und Frühförderung",
        "Behinderung Frühförderung Entwicklungsverzögerung Inklusion Eingliederungshilfe Integrationshilfe Schwerbehindertenausweis Therapie Autismus",
    ),
    (
        "trennung",
        "Trennung und Scheidung",
        "Trennung Scheidung Umgang Umgangsrecht Sorgerecht Sorgerechtserklärung Beistandschaft Mediation Vaterschaft",
    ),
    (
        "alleinerziehende",
        "Alleinerziehende",
        "Alleinerziehend alleinerziehende Einelternfamilie Mutter Vater allein",
    ),
    (
        "freizeit",
        "Freizeit und Ferien",
        "Ferien Ferienprogramm Jugendzentrum Spielplatz Freizeit Ferienfreizeit Familienpass Jugendtreff",
    ),
    (
        "kinderschutz",
        "Kinderschutz und Krisen",
        "Kinderschutz Gewalt häusliche Gewalt Krise Notruf Frauenhaus Kindeswohl Sorgentelefon Nummer gegen Kummer",
    ),
    (
        "schule",
        "Schule und Ausbildung",
        "Schule Einschulung Schulanmeldung Offener Ganztag OGS Schulsozialarbeit Ausbildung Berufsberatung",
    ),
    (
        "sucht-psyche",
        "Sucht und seelische Gesundheit",
        "Sucht Drogen Alkohol Psyche psychisch Depression Erschöpfung Burnout Selbsthilfe",
    ),
]

# (code, name)
TARGET_GROUPS = [
    ("schwangere", "Schwangere und werdende Eltern"),
    ("eltern-baby", "Eltern mit Baby"),
    ("alleinerziehende", "Alleinerziehende"),
    ("zugewanderte", "Familien, die neu in Deutschland sind"),
    ("geringes-einkommen", "Familien mit geringem Einkommen"),
    ("behinderung", "Familien mit einem Kind mit Behinderung"),
    ("jugendliche", "Jugendliche und junge Erwachsene"),
    ("vaeter", "Väter"),
    ("alle-familien", "Alle Familien"),
]


def seed(apps, schema_editor):
    ServiceTopic = apps.get_model("beratung", "ServiceTopic")
    TargetGroup = apps.get_model("beratung", "TargetGroup")
    for position, (code, name, keywords) in enumerate(TOPICS, start=1):
        ServiceTopic.objects.update_or_create(
            code=code, defaults={"name": name, "keywords": keywords, "position": position * 10}
        )
    for code, name in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("beratung", "0004_directory_search")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
