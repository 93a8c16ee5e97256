"""German texts of the demo service directory (data, not UI: staff and families read them).

``CENTRAL`` services exist once in the city (offices of the Stadt, the Jobcenter, the
Familienkasse); ``PER_DISTRICT`` services exist in every district, run by a local provider.
Placeholders: ``{city}``, ``{district}``, ``{org}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Template:
    name: str
    topics: tuple[str, ...]
    description: str
    kind: str = "counselling"
    alternate_name: str = ""
    application: str = ""
    # Organisation key (ORGANISATIONS) or "local" for the district's welfare provider.
    org: str = "local"
    hours: str = "counselling"
    fee: tuple[str, str, str] | None = None  # (what is charged, amount, note)
    documents: tuple[str, ...] = ()
    age: tuple[int | None, int | None] = (None, None)  # months
    groups: tuple[str, ...] = ("alle-familien",)
    eligibility: str = ""
    multilingual: bool = False
    interpreting: str = ""
    status: str = "active"


@dataclass(frozen=True)
class Organisation:
    name: str
    description: str
    legal_status: str
    domain: str
    location: str
    district: str = ""  # "" = the city centre's district
    alternate_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


ORGANISATIONS = {
    "jugendamt": Organisation(
        "Stadt {city} – Jugendamt",
        "Das Jugendamt berät und unterstützt Familien, Kinder und Jugendliche in {city}.",
        "Gebietskörperschaft",
        "jugendamt.{slug}.example",
        "Technisches Rathaus",
        alternate_name="Jugendamt {city}",
    ),
    "soziales": Organisation(
        "Stadt {city} – Amt für Soziales und Wohnen",
        "Zuständig für Wohngeld, Wohnberechtigungsschein, Bildung und Teilhabe und Hilfen in "
        "Wohnungsnot.",
        "Gebietskörperschaft",
        "soziales.{slug}.example",
        "Bürgerhaus am Markt",
    ),
    "gesundheitsamt": Organisation(
        "Stadt {city} – Gesundheitsamt",
        "Kinder- und Jugendgesundheitsdienst, Impfberatung, Schuleingangsuntersuchung.",
        "Gebietskörperschaft",
        "gesundheit.{slug}.example",
        "Gesundheitsamt",
    ),
    "jobcenter": Organisation(
        "Jobcenter {city}",
        "Grundsicherung für Arbeitsuchende (Bürgergeld) und Unterstützung bei Arbeit und "
        "Ausbildung.",
        "Gemeinsame Einrichtung",
        "jobcenter-{slug}.example",
        "Jobcenter Standort Mitte",
    ),
    "familienkasse": Organisation(
        "Familienkasse der Bundesagentur für Arbeit",
        "Zahlt Kindergeld und Kinderzuschlag.",
        "Bundesbehörde",
        "familienkasse.example",
        "Agentur für Arbeit {city}",
    ),
    "schulamt": Organisation(
        "Stadt {city} – Schulverwaltungsamt",
        "Schulanmeldung, Offener Ganztag und Schulwegfragen.",
        "Gebietskörperschaft",
        "schulen.{slug}.example",
        "Rathaus",
    ),
}

# Welfare providers that run district offices, one chosen per district and template.
LOCAL_PROVIDERS = [
    ("Caritasverband für {city} e. V.", "caritas-{slug}.example", "e. V."),
    ("Diakonisches Werk {city}", "diakonie-{slug}.example", "gGmbH"),
    ("AWO Unterbezirk {city}", "awo-{slug}.example", "e. V."),
    ("DRK-Kreisverband {city} e. V.", "drk-{slug}.example", "e. V."),
    ("Der Paritätische {city}", "paritaet-{slug}.example", "e. V."),
    ("pro familia {city}", "profamilia-{slug}.example", "e. V."),
    ("Deutscher Kinderschutzbund Ortsverband {city}", "kinderschutzbund-{slug}.example", "e. V."),
    ("Evangelische Familienbildungsstätte {city}", "fbs-{slug}.example", "gGmbH"),
]

_DOCS_ID = "Personalausweis oder Reisepass"
_DOCS_BIRTH = "Geburtsurkunde des Kindes"
_DOCS_INCOME = "Einkommensnachweise (z. B. Gehaltsabrechnungen der letzten 12 Monate)"
_DOCS_RENT = "Mietvertrag und aktuelle Mietbescheinigung"
_DOCS_BANK = "Kontoverbindung (IBAN)"

CENTRAL = [
    Template(
        "Elterngeld beantragen",
        ("elterngeld",),
        "Die Elterngeldstelle berät zu Basiselterngeld, ElterngeldPlus und dem "
        "Partnerschaftsbonus und bearbeitet Ihren Antrag. Elterngeld gleicht fehlendes "
        "Einkommen aus, wenn Sie nach der Geburt Ihr Kind selbst betreuen.",
        kind="administrative",
        alternate_name="Elterngeldstelle",
        application="Antrag online über ElterngeldDigital oder auf Papier; Beratung nach "
        "Terminvereinbarung. Stellen Sie den Antrag in den ersten drei Lebensmonaten, "
        "rückwirkend wird nur für drei Monate gezahlt.",
        org="jugendamt",
        hours="office",
        documents=(
            _DOCS_BIRTH,
            _DOCS_INCOME,
            "Bescheinigung der Krankenkasse über Mutterschaftsgeld",
            _DOCS_BANK,
        ),
        age=(0, 36),
        groups=("schwangere", "eltern-baby"),
        eligibility="Eltern mit Wohnsitz in Deutschland, die ihr Kind selbst betreuen.",
    ),
    Template(
        "Unterhaltsvorschuss beantragen",
        ("unterhaltsvorschuss", "alleinerziehende"),
        "Wenn der andere Elternteil keinen oder zu wenig Unterhalt zahlt, zahlt die "
        "Unterhaltsvorschusskasse einen Vorschuss und holt das Geld beim anderen Elternteil "
        "zurück.",
        kind="administrative",
        alternate_name="Unterhaltsvorschusskasse",
        application="Antrag schriftlich oder online; eine Beratung vorab ist möglich.",
        org="jugendamt",
        hours="office",
        documents=(_DOCS_BIRTH, _DOCS_ID, "Nachweise über gezahlten Unterhalt", _DOCS_BANK),
        age=(0, 215),
        groups=("alleinerziehende",),
        eligibility="Kinder bis 18 Jahre, die bei einem alleinerziehenden Elternteil leben.",
    ),
    Template(
        "Beistandschaft und Vaterschaftsanerkennung",
        ("trennung", "unterhaltsvorschuss"),
        "Das Jugendamt hilft kostenlos bei der Feststellung der Vaterschaft und bei der "
        "Berechnung und Durchsetzung von Kindesunterhalt. Auch Sorgeerklärungen werden hier "
        "beurkundet.",
        kind="administrative",
        alternate_name="Beistandschaften und Beurkundungen",
        application="Termin telefonisch vereinbaren.",
        org="jugendamt",
        hours="office",
        documents=(_DOCS_ID, _DOCS_BIRTH),
        groups=("alleinerziehende", "vaeter"),
    ),
    Template(
        "Kita-Platz finden und vormerken",
        ("kita-platz",),
        "Die zentrale Platzvergabe berät Eltern bei der Suche nach einem Platz in einer "
        "Kindertageseinrichtung und nimmt Voranmeldungen über das Familienportal entgegen. "
        "Ab dem ersten Geburtstag besteht ein Rechtsanspruch auf einen Betreuungsplatz.",
        kind="administrative",
        alternate_name="Kita-Platzvergabe",
        application="Voranmeldung im Familienportal unter „Kitas“; Beratung telefonisch oder "
        "im Familienbüro.",
        org="jugendamt",
        hours="office",
        documents=(_DOCS_BIRTH, "Nachweis über Berufstätigkeit oder Ausbildung (falls vorhanden)"),
        age=(0, 72),
        groups=("alle-familien",),
    ),
    Template(
        "Fachberatung Kindertagespflege",
        ("kindertagespflege",),
        "Die Fachberatung vermittelt Tagesmütter und Tagesväter, berät Eltern zur Betreuung in "
        "der Kindertagespflege und begleitet die Tagespflegepersonen.",
        org="jugendamt",
        hours="office",
        age=(0, 168),
        documents=(_DOCS_BIRTH,),
    ),
    Template(
        "Elternbeiträge für Kita und Kindertagespflege",
        ("kita-platz", "kindertagespflege"),
        "Die Beitragsstelle setzt die Elternbeiträge nach dem Einkommen fest und berät zur "
        "Beitragsbefreiung. Die letzten beiden Kita-Jahre vor der Schule sind beitragsfrei.",
        kind="administrative",
        alternate_name="Beitragsstelle",
        org="jugendamt",
        hours="office",
        documents=(_DOCS_INCOME, "Betreuungsvertrag"),
        age=(0, 84),
    ),
    Template(
        "Begrüßungsbesuch für Neugeborene",
        ("begruessungsbesuch", "fruehe-hilfen"),
        "Nach der Geburt besuchen Fachkräfte der Frühen Hilfen Familien zu Hause, bringen das "
        "Begrüßungspaket der Stadt und informieren über Angebote rund um das Baby. Der Besuch "
        "ist freiwillig.",
        kind="support",
        alternate_name="Babybegrüßung",
        application="Sie erhalten nach der Geburt einen Brief mit Terminvorschlag; oder rufen "
        "Sie an.",
        org="jugendamt",
        hours="office",
        age=(0, 6),
        groups=("eltern-baby",),
        multilingual=True,
    ),
    Template(
        "Koordinierungsstelle Frühe Hilfen",
        ("fruehe-hilfen",),
        "Frühe Hilfen unterstützen Schwangere und Familien mit Kindern bis drei Jahre – mit "
        "Familienhebammen, Familienpatenschaften und Beratung. Die Koordinierungsstelle "
        "vermittelt das passende Angebot.",
        org="jugendamt",
        hours="office",
        age=(0, 36),
        groups=("schwangere", "eltern-baby"),
        multilingual=True,
    ),
    Template(
        "Bürgergeld für Familien",
        ("jobcenter",),
        "Das Jobcenter sichert den Lebensunterhalt von Familien, die ihren Bedarf nicht aus "
        "eigenem Einkommen decken können, und unterstützt bei der Arbeitssuche.",
        kind="administrative",
        application="Antrag online über jobcenter.digital oder persönlich im Jobcenter.",
        org="jobcenter",
        hours="office",
        documents=(_DOCS_ID, _DOCS_RENT, _DOCS_INCOME, "Kontoauszüge der letzten drei Monate"),
        groups=("geringes-einkommen",),
        interpreting="Dolmetschen auf Anfrage",
    ),
    Template(
        "Kinderbetreuung für Arbeitsuchende – Beratung im Jobcenter",
        ("jobcenter", "kita-platz"),
        "Beauftragte für Chancengleichheit beraten Eltern, die eine Arbeit oder Ausbildung "
        "aufnehmen wollen, zur Vereinbarkeit von Familie und Beruf.",
        org="jobcenter",
        hours="office",
        groups=("alleinerziehende", "geringes-einkommen"),
    ),
    Template(
        "Kindergeld beantragen",
        ("kindergeld",),
        "Die Familienkasse zahlt Kindergeld für jedes Kind bis 18 Jahre, in Ausbildung bis 25. "
        "Den Antrag stellen Sie nach der Geburt einmal.",
        kind="administrative",
        application="Antrag online bei der Familienkasse.",
        org="familienkasse",
        hours="office",
        documents=(_DOCS_BIRTH, "Steuer-Identifikationsnummern von Eltern und Kind", _DOCS_BANK),
        age=(0, 300),
    ),
    Template(
        "Kinderzuschlag beantragen",
        ("kindergeld",),
        "Der Kinderzuschlag (KiZ) unterstützt Familien mit kleinem Einkommen zusätzlich zum "
        "Kindergeld. Wer ihn bekommt, hat auch Anspruch auf Bildung und Teilhabe.",
        kind="administrative",
        alternate_name="KiZ",
        application="Antrag online bei der Familienkasse; der KiZ-Lotse prüft den Anspruch.",
        org="familienkasse",
        hours="office",
        documents=(_DOCS_INCOME, _DOCS_RENT),
        groups=("geringes-einkommen",),
        age=(0, 300),
    ),
    Template(
        "Wohngeld beantragen",
        ("wohnen",),
        "Wohngeld ist ein Zuschuss zur Miete für Haushalte mit geringem Einkommen. Familien "
        "mit Kindern erhalten häufig Wohngeld und Kinderzuschlag zusammen.",
        kind="administrative",
        org="soziales",
        hours="office",
        documents=(_DOCS_RENT, _DOCS_INCOME, _DOCS_ID),
        groups=("geringes-einkommen",),
    ),
    Template(
        "Wohnberechtigungsschein (WBS)",
        ("wohnen",),
        "Mit dem Wohnberechtigungsschein können Sie eine öffentlich geförderte Wohnung mieten.",
        kind="administrative",
        alternate_name="WBS",
        org="soziales",
        hours="office",
        documents=(_DOCS_ID, _DOCS_INCOME),
        fee=("Verwaltungsgebühr", "", "kostenlos für Familien mit Bürgergeld"),
    ),
    Template(
        "Fachstelle Wohnungsnotfälle",
        ("wohnen", "kinderschutz"),
        "Hilfe bei drohendem Wohnungsverlust, Räumungsklage oder Mietschulden – je früher Sie "
        "kommen, desto mehr lässt sich tun.",
        org="soziales",
        hours="office",
        groups=("geringes-einkommen",),
    ),
    Template(
        "Bildung und Teilhabe (BuT)",
        ("bildung-teilhabe",),
        "Leistungen aus dem Bildungspaket: Mittagessen in Kita und Schule, Ausflüge und "
        "Klassenfahrten, Schulbedarf, Lernförderung und Beiträge für Sportverein oder "
        "Musikschule.",
        kind="administrative",
        alternate_name="Bildungspaket",
        org="soziales",
        hours="office",
        documents=("Bescheid über Bürgergeld, Wohngeld oder Kinderzuschlag",),
        age=(0, 300),
        groups=("geringes-einkommen",),
    ),
    Template(
        "Kinder- und Jugendgesundheitsdienst",
        ("gesundheit", "schule"),
        "Schuleingangsuntersuchung, Beratung zur Entwicklung und zu Vorsorgeuntersuchungen "
        "(U-Untersuchungen) und Impfberatung.",
        org="gesundheitsamt",
        hours="office",
        age=(0, 216),
        documents=("Vorsorgeheft (gelbes Heft)", "Impfpass"),
    ),
    Template(
        "Impfsprechstunde für Kinder",
        ("gesundheit",),
        "Kostenlose Impfungen und Impfberatung für Kinder ohne Krankenversicherung oder ohne "
        "Kinderärztin.",
        kind="support",
        org="gesundheitsamt",
        hours="weekly",
        documents=("Impfpass",),
        multilingual=True,
    ),
    Template(
        "Schulanmeldung und Offener Ganztag",
        ("schule",),
        "Anmeldung zur Grundschule und zum Offenen Ganztag (OGS); Beratung zur Schulwahl.",
        kind="administrative",
        org="schulamt",
        hours="office",
        documents=(_DOCS_BIRTH, "Meldebescheinigung"),
        age=(60, 84),
    ),
    Template(
        "Frühförderstelle",
        ("fruehfoerderung",),
        "Interdisziplinäre Frühförderung für Kinder mit Entwicklungsverzögerung oder "
        "Behinderung vom Säuglingsalter bis zur Einschulung: Diagnostik, Heilpädagogik, "
        "Logopädie, Ergotherapie und Physiotherapie.",
        application="Kontakt direkt oder über die Kinderärztin; Kostenträger sind Krankenkasse "
        "und Eingliederungshilfe.",
        hours="counselling",
        age=(0, 84),
        groups=("behinderung",),
        documents=("Ärztliche Verordnung oder Befund (falls vorhanden)",),
    ),
    Template(
        "Eingliederungshilfe für Kinder mit Behinderung",
        ("fruehfoerderung",),
        "Beratung und Anträge für Integrationshilfe in Kita und Schule und weitere Leistungen "
        "der Eingliederungshilfe.",
        kind="administrative",
        org="soziales",
        hours="office",
        groups=("behinderung",),
        documents=("Ärztliche Stellungnahme", "Schwerbehindertenausweis (falls vorhanden)"),
    ),
    Template(
        "Nummer gegen Kummer – Elterntelefon",
        ("kinderschutz", "erziehungsberatung"),
        "Anonyme und kostenlose Beratung am Telefon für Eltern, wenn es in der Familie schwierig "
        "wird.",
        kind="support",
        hours="evening",
    ),
    Template(
        "Kinderschutz-Hotline des Jugendamts",
        ("kinderschutz",),
        "Wenn Sie sich Sorgen um ein Kind machen: Die Fachkräfte des Allgemeinen Sozialen "
        "Dienstes sind erreichbar und gehen jedem Hinweis nach.",
        org="jugendamt",
        hours="office",
    ),
    Template(
        "Frauenhaus – Schutz bei häuslicher Gewalt",
        ("kinderschutz",),
        "Schutz und Unterkunft für Frauen und ihre Kinder, die von häuslicher Gewalt betroffen "
        "sind. Aufnahme rund um die Uhr.",
        kind="support",
        hours="office",
        multilingual=True,
    ),
    Template(
        "Suchtberatung für Eltern",
        ("sucht-psyche",),
        "Beratung für Eltern mit Alkohol-, Medikamenten- oder Drogenproblemen und für "
        "Angehörige; Vermittlung in Therapie und Selbsthilfe.",
        hours="counselling",
    ),
    Template(
        "Ferienprogramm der Stadt",
        ("freizeit",),
        "Ferienspiele, Ausflüge und Ferienfreizeiten in allen Schulferien für Kinder von 6 bis "
        "14 Jahren; ermäßigt mit dem Familienpass.",
        kind="support",
        org="jugendamt",
        hours="office",
        fee=("Teilnahmebeitrag pro Woche", "45.00", "ermäßigt 10 € mit Familienpass"),
        age=(72, 179),
    ),
    Template(
        "Familienpass beantragen",
        ("freizeit", "bildung-teilhabe"),
        "Mit dem Familienpass erhalten Familien mit geringem Einkommen Ermäßigungen in Bädern, "
        "Museen, Musikschule und beim Ferienprogramm.",
        kind="administrative",
        org="soziales",
        hours="office",
        documents=("Bescheid über Bürgergeld, Wohngeld oder Kinderzuschlag",),
        groups=("geringes-einkommen",),
    ),
    Template(
        "Jugendmigrationsdienst",
        ("migration", "schule"),
        "Begleitung junger Menschen mit Migrationsgeschichte von 12 bis 27 Jahren bei Schule, "
        "Ausbildung und Beruf.",
        hours="counselling",
        age=(144, 323),
        groups=("zugewanderte", "jugendliche"),
        multilingual=True,
    ),
]

PER_DISTRICT = [
    Template(
        "Erziehungs- und Familienberatung {district}",
        ("erziehungsberatung",),
        "Beratung für Eltern, Kinder und Jugendliche bei Fragen zur Erziehung, bei Konflikten "
        "in der Familie, Schulproblemen oder in der Pubertät. Vertraulich und kostenlos.",
        alternate_name="Erziehungsberatungsstelle",
        application="Anmeldung telefonisch; ein Erstgespräch gibt es meist innerhalb von zwei "
        "Wochen.",
        age=(0, 323),
        multilingual=True,
    ),
    Template(
        "Trennungs- und Scheidungsberatung {district}",
        ("trennung", "erziehungsberatung"),
        "Beratung zu Umgang, Sorgerecht und dem Leben nach der Trennung – für beide Eltern, "
        "auch gemeinsam. Kinder werden altersgerecht einbezogen.",
        groups=("alleinerziehende", "vaeter"),
    ),
    Template(
        "Schuldnerberatung {district}",
        ("schuldnerberatung",),
        "Kostenlose Schuldner- und Insolvenzberatung: Überblick über die Schulden, Verhandlung "
        "mit Gläubigern, Pfändungsschutzkonto (P-Konto) und Begleitung in die "
        "Verbraucherinsolvenz.",
        application="Offene Sprechstunde für Notfälle (Pfändung, Stromsperre); sonst Termin.",
        documents=("Alle Mahnungen und Schreiben von Gläubigern", "Kontoauszüge", _DOCS_INCOME),
        groups=("geringes-einkommen",),
    ),
    Template(
        "Hebammensprechstunde im Familienzentrum {district}",
        ("fruehe-hilfen", "gesundheit"),
        "Hebammen beraten Schwangere und junge Eltern zu Schwangerschaft, Geburt, Wochenbett, "
        "Stillen und Ernährung des Babys – auch wenn Sie noch keine Hebamme gefunden haben.",
        kind="support",
        hours="weekly",
        age=(0, 12),
        groups=("schwangere", "eltern-baby"),
        multilingual=True,
    ),
    Template(
        "Hebammenpraxis {district}",
        ("fruehe-hilfen", "gesundheit"),
        "Hebammenhilfe in Schwangerschaft und Wochenbett, Geburtsvorbereitung und "
        "Rückbildungskurse. Die Kosten trägt die Krankenkasse.",
        kind="support",
        org="midwives",
        hours="counselling",
        age=(0, 12),
        groups=("schwangere", "eltern-baby"),
        documents=("Mutterpass", "Versichertenkarte"),
    ),
    Template(
        "Familienhebammen {district}",
        ("fruehe-hilfen",),
        "Familienhebammen und Familien-Gesundheits- und Kinderkrankenpflegerinnen begleiten "
        "Familien mit besonderem Unterstützungsbedarf bis zum ersten Geburtstag des Kindes zu "
        "Hause.",
        kind="support",
        age=(0, 12),
        groups=("schwangere", "eltern-baby"),
    ),
    Template(
        "Schwangerschaftsberatung {district}",
        ("fruehe-hilfen",),
        "Beratung in der Schwangerschaft zu finanziellen Hilfen (Bundesstiftung Mutter und "
        "Kind), Mutterschutz, Elterngeld und zu allen persönlichen Fragen.",
        groups=("schwangere",),
        multilingual=True,
        documents=("Mutterpass",),
    ),
    Template(
        "Elterncafé {district}",
        ("familienbildung",),
        "Offener Treff für Eltern mit Babys und Kleinkindern: Austausch, Frühstück und "
        "Fachkräfte, die Fragen beantworten. Ohne Anmeldung.",
        kind="support",
        hours="weekly",
        age=(0, 36),
        groups=("eltern-baby",),
        multilingual=True,
    ),
    Template(
        "Eltern-Kind-Gruppe {district}",
        ("familienbildung",),
        "Spiel- und Krabbelgruppe für Eltern mit Kindern von 6 bis 24 Monaten; Anregungen für "
        "Spiel, Bewegung und Entwicklung.",
        kind="support",
        alternate_name="Krabbelgruppe",
        hours="weekly",
        fee=("Kursgebühr für 10 Termine", "30.00", "ermäßigt mit Familienpass"),
        age=(6, 24),
        groups=("eltern-baby",),
    ),
    Template(
        "Elternkurs „Starke Eltern – Starke Kinder“ {district}",
        ("familienbildung", "erziehungsberatung"),
        "Elternkurs an zehn Abenden: Erziehung ohne Gewalt, Grenzen setzen und Stress im "
        "Familienalltag bewältigen.",
        kind="support",
        hours="evening",
        fee=("Kursgebühr", "40.00", "ermäßigt oder kostenlos mit Familienpass"),
        age=(24, 168),
    ),
    Template(
        "Babymassage und PEKiP {district}",
        ("familienbildung",),
        "Kurse für Eltern mit Babys im ersten Lebensjahr: Babymassage, PEKiP und "
        "Entwicklungsbegleitung.",
        kind="support",
        hours="weekly",
        fee=("Kursgebühr", "55.00", "ermäßigt mit Familienpass"),
        age=(1, 12),
        groups=("eltern-baby",),
    ),
    Template(
        "Migrationsberatung für Familien {district}",
        ("migration",),
        "Migrationsberatung für Erwachsene: Aufenthalt, Sprachkurse und Integrationskurse, "
        "Anerkennung von Abschlüssen, Behördenwege und Anträge.",
        alternate_name="MBE",
        groups=("zugewanderte",),
        multilingual=True,
        interpreting="Dolmetschen in weitere Sprachen nach Absprache",
        documents=("Aufenthaltstitel", _DOCS_ID),
    ),
    Template(
        "Deutschkurs mit Kinderbetreuung {district}",
        ("migration", "familienbildung"),
        "Deutschkurs für Mütter und Väter; während des Kurses werden die Kinder betreut.",
        kind="support",
        hours="weekly",
        groups=("zugewanderte",),
        multilingual=True,
    ),
    Template(
        "Familienzentrum {district} – offene Sprechstunde",
        ("erziehungsberatung", "familienbildung", "kita-platz"),
        "Das Familienzentrum ist Anlaufstelle für alle Familien im Stadtteil: offene "
        "Sprechstunde der Erziehungsberatung, Informationen zu Kita-Plätzen und Kursen.",
        kind="support",
        hours="weekly",
        age=(0, 84),
    ),
    Template(
        "Offene Kinder- und Jugendarbeit {district}",
        ("freizeit",),
        "Jugendzentrum mit offenem Treff, Hausaufgabenhilfe, Sport und Ferienangeboten für "
        "Kinder und Jugendliche von 8 bis 21 Jahren.",
        kind="support",
        alternate_name="Jugendtreff",
        hours="afternoon",
        age=(96, 263),
        groups=("jugendliche",),
    ),
    Template(
        "Schulsozialarbeit {district}",
        ("schule", "bildung-teilhabe"),
        "Die Schulsozialarbeit berät Schülerinnen, Schüler und Eltern und hilft bei Anträgen "
        "auf Bildung und Teilhabe.",
        hours="counselling",
        age=(72, 216),
    ),
    Template(
        "Treff für Alleinerziehende {district}",
        ("alleinerziehende", "familienbildung"),
        "Austausch, Beratung und gemeinsame Ausflüge für Alleinerziehende und ihre Kinder; "
        "Kinderbetreuung während des Treffs.",
        kind="support",
        hours="weekly",
        groups=("alleinerziehende",),
    ),
    Template(
        "Beratung für Familien mit einem Kind mit Behinderung {district}",
        ("fruehfoerderung",),
        "Ergänzende unabhängige Teilhabeberatung (EUTB): Beratung zu Leistungen, Anträgen und "
        "Entlastung im Alltag.",
        alternate_name="EUTB",
        groups=("behinderung",),
    ),
    Template(
        "Psychologische Beratung für Eltern {district}",
        ("sucht-psyche", "erziehungsberatung"),
        "Beratung bei Erschöpfung, Depression nach der Geburt oder psychischer Erkrankung eines "
        "Elternteils; Vermittlung in Therapie und Selbsthilfegruppen.",
        age=(0, 216),
    ),
    Template(
        "Sozialberatung {district}",
        ("jobcenter", "wohnen", "kindergeld"),
        "Allgemeine Sozialberatung: Hilfe bei Anträgen auf Bürgergeld, Wohngeld, Kindergeld "
        "und Kinderzuschlag, bei Bescheiden und Widersprüchen.",
        groups=("geringes-einkommen",),
        multilingual=True,
        documents=("Aktuelle Bescheide und Schreiben von Behörden",),
    ),
    Template(
        "Sprechstunde Elterngeld und Elternzeit {district}",
        ("elterngeld",),
        "Beratung im Stadtteil zu Elterngeld, Elternzeit und Mutterschutz; Hilfe beim "
        "Ausfüllen des Antrags.",
        hours="weekly",
        groups=("schwangere", "eltern-baby"),
        documents=(_DOCS_INCOME,),
    ),
    Template(
        "Kinderarztpraxis {district} – Vorsorge und Impfungen",
        ("gesundheit",),
        "Vorsorgeuntersuchungen (U1 bis J2), Impfungen und Sprechstunde für kranke Kinder.",
        kind="support",
        org="pediatrics",
        hours="office",
        age=(0, 216),
        documents=("Versichertenkarte", "Vorsorgeheft (gelbes Heft)", "Impfpass"),
    ),
    Template(
        "Ehemalige Krabbelgruppe {district}",
        ("familienbildung",),
        "Das Angebot wird zurzeit nicht fortgeführt.",
        kind="support",
        hours="weekly",
        status="inactive",
    ),
]

# Weekly hours: (weekday, opens, closes) with weekday 1 = Monday.
HOURS = {
    "office": [
        (1, "08:30", "12:00"),
        (2, "08:30", "12:00"),
        (3, "08:30", "12:00"),
        (4, "08:30", "12:00"),
        (4, "14:00", "17:30"),
        (5, "08:30", "12:00"),
    ],
    "counselling": [
        (1, "09:00", "16:00"),
        (2, "09:00", "16:00"),
        (3, "09:00", "16:00"),
        (4, "09:00", "18:00"),
        (5, "09:00", "13:00"),
    ],
    "weekly": [(2, "09:30", "11:30")],
    "evening": [(1, "17:00", "20:00"), (3, "17:00", "20:00")],
    "afternoon": [
        (1, "14:00", "19:00"),
        (2, "14:00", "19:00"),
        (3, "14:00", "19:00"),
        (4, "14:00", "19:00"),
        (5, "14:00", "21:00"),
    ],
}

EXTRA_LANGUAGES = ["tr", "ar", "ru", "uk", "en", "pl", "fa", "ku", "ro", "bg"]
LOCATION_KINDS = ["Beratungsstelle", "Familienzentrum", "Stadtteilbüro", "Begegnungszentrum"]

# Per-district services that several providers offer in each district (name → how many).
COPIES = {
    "Hebammensprechstunde im Familienzentrum {district}": 2,
    "Erziehungs- und Familienberatung {district}": 2,
    "Schuldnerberatung {district}": 2,
    "Hebammenpraxis {district}": 3,
    "Elterncafé {district}": 3,
    "Eltern-Kind-Gruppe {district}": 3,
    "Elternkurs „Starke Eltern – Starke Kinder“ {district}": 2,
    "Babymassage und PEKiP {district}": 2,
    "Migrationsberatung für Familien {district}": 2,
    "Deutschkurs mit Kinderbetreuung {district}": 2,
    "Familienzentrum {district} – offene Sprechstunde": 3,
    "Offene Kinder- und Jugendarbeit {district}": 2,
    "Schulsozialarbeit {district}": 3,
    "Treff für Alleinerziehende {district}": 2,
    "Psychologische Beratung für Eltern {district}": 2,
    "Sozialberatung {district}": 2,
    "Sprechstunde Elterngeld und Elternzeit {district}": 2,
    "Kinderarztpraxis {district} – Vorsorge und Impfungen": 3,
}
