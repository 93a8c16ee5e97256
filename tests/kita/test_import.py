"""The CSV import of Kita master data: all rows or none, every error with its row number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from familyportal.organisations.models import District, Provider
from kita.models import Kita, MealOption
from kita.services import ImportResult, kita_import_csv
from tests.factories import DistrictFactory, KitaFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def kita_row(number: str = "K-001", **cells: str) -> dict[str, str]:
    row = {
        "kita_nummer": number,
        "name": f"Kita Regenbogen {number}",
        "traeger": "Stadt Musterstadt",
        "bezirk": "Mitte",
        "strasse": "Hauptstraße 1",
        "plz": "44787",
        "ort": "Musterstadt",
        "breitengrad": "51,4818",
        "laengengrad": "7,2162",
        "telefon": "0234 12345",
        "email": "regenbogen@example.org",
        "website": "www.kita-regenbogen.example",
        "oeffnet": "07:00",
        "schliesst": "16:30",
        "oeffnungszeiten_hinweis": "",
        "mindestalter_monate": "12",
        "hoechstalter_monate": "72",
        "konzepte": "montessori|forest",
        "sprachen": "de,tr",
        "integrative_plaetze": "2",
        "familienzentrum": "ja",
        "barrierefrei": "nein",
        "verpflegung": "own_kitchen",
        "beschreibung": "",
        "aktiv": "ja",
    }
    row.update(cells)
    return row


# The defaults of kita_row() are in the documented column order.
HEADER = list(kita_row())


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ";",
    bom: bool = False,
) -> bytes:
    header = header if header is not None else HEADER

    def quote(cell: str) -> str:
        if delimiter in cell or '"' in cell or "\n" in cell:
            return '"' + cell.replace('"', '""') + '"'
        return cell

    lines = [delimiter.join(header)]
    lines += [delimiter.join(quote(row.get(column, "")) for column in header) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


@pytest.fixture
def provider() -> Provider:
    return ProviderFactory(name="Stadt Musterstadt")


@pytest.fixture
def district() -> District:
    return DistrictFactory(name="Mitte", slug="mitte")


@pytest.fixture
def actor(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATION)


@pytest.fixture
def run(provider: Provider, district: District, actor: User) -> Callable[[bytes], ImportResult]:
    def run_import(data: bytes) -> ImportResult:
        with translation.override("en"):
            return kita_import_csv(data=data, actor=actor)

    return run_import


def located(result: ImportResult) -> list[tuple[int, str]]:
    return [(error.row_number, error.column) for error in result.errors]


def test_valid_file_creates_every_kita_with_its_master_data(run, provider, district, actor):
    result = run(csv_bytes([kita_row("K-001"), kita_row("K-002", konzepte="", sprachen="")]))

    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    kita = Kita.objects.get(number="K-001")
    assert kita.name == "Kita Regenbogen K-001"
    assert (kita.provider, kita.district) == (provider, district)
    assert (kita.latitude, kita.longitude) == (51.4818, 7.2162)
    assert (kita.opens_at, kita.closes_at) == (dt.time(7, 0), dt.time(16, 30))
    assert kita.website == "https://www.kita-regenbogen.example"
    assert kita.is_familienzentrum is True
    assert kita.is_barrier_free is False
    assert kita.integrative_places == 2
    assert kita.meals == MealOption.OWN_KITCHEN
    assert sorted(c.code for c in kita.concepts.all()) == ["forest", "montessori"]
    assert sorted(language.code for language in kita.languages.all()) == ["de", "tr"]
    assert not Kita.objects.get(number="K-002").concepts.exists()
    event = AuditEvent.objects.get(action="kita.import.completed")
    assert event.actor == actor
    assert event.data == {"created": 2, "updated": 0}


def test_second_import_updates_kitas_by_number(run):
    run(csv_bytes([kita_row("K-001"), kita_row("K-002")]))

    result = run(
        csv_bytes(
            [
                kita_row("K-001", name="Kita Sonnenblume", konzepte="waldorf", aktiv="nein"),
                kita_row("K-003"),
            ]
        )
    )

    assert (result.created, result.updated) == (1, 1)
    assert Kita.objects.count() == 3
    kita = Kita.objects.get(number="K-001")
    assert kita.name == "Kita Sonnenblume"
    assert kita.is_active is False
    assert [c.code for c in kita.concepts.all()] == ["waldorf"]
    assert sorted(language.code for language in kita.languages.all()) == ["de", "tr"]


def test_a_column_left_out_keeps_the_existing_value(run):
    run(csv_bytes([kita_row("K-001", beschreibung="Mit Garten")]))
    header = [column for column in HEADER if column not in {"beschreibung", "konzepte"}]

    result = run(csv_bytes([kita_row("K-001", name="Neuer Name")], header=header))

    assert result.updated == 1
    kita = Kita.objects.get(number="K-001")
    assert (kita.name, kita.description) == ("Neuer Name", "Mit Garten")
    assert kita.concepts.count() == 2


def test_kitas_without_a_number_stay_valid_beside_imported_ones(run):
    KitaFactory.create_batch(2)

    assert run(csv_bytes([kita_row("K-001")])).created == 1
    assert Kita.objects.filter(number=None).count() == 2


def test_district_by_short_name_comma_decimals_and_optional_defaults(run):
    row = kita_row(
        bezirk="MITTE",
        breitengrad="51.5",
        hoechstalter_monate="",
        integrative_plaetze="",
        familienzentrum="",
        aktiv="",
        plz="1067",
    )
    result = run(csv_bytes([row]))

    assert result.ok, result.errors
    kita = Kita.objects.get()
    assert (kita.max_age_months, kita.integrative_places) == (72, 0)
    assert (kita.is_familienzentrum, kita.is_active) == (False, True)
    assert kita.postal_code == "01067"
    assert kita.district.slug == "mitte"


BAD_CELLS = [
    ("plz", "4478x"),
    ("breitengrad", "einundfünfzig"),
    ("breitengrad", "7,2162"),
    ("laengengrad", "51,4818"),
    ("laengengrad", "nan"),
    ("oeffnet", "7 Uhr"),
    ("oeffnet", "25:00"),
    ("mindestalter_monate", "zwölf"),
    ("integrative_plaetze", "-1"),
    ("familienzentrum", "vielleicht"),
    ("traeger", "Unbekannter Träger"),
    ("bezirk", "Nirgendwo"),
    ("konzepte", "montessori|yoga"),
    ("sprachen", "de|xx"),
    ("verpflegung", "buffet"),
    ("email", "keine-adresse"),
    ("name", ""),
    ("kita_nummer", "K-" + "9" * 30),
]


@pytest.mark.parametrize("bad_row", [2, 4], ids=["first-row", "last-row"])
@pytest.mark.parametrize(("column", "value"), BAD_CELLS)
def test_a_bad_cell_is_reported_by_row_and_column_and_nothing_is_saved(run, column, value, bad_row):
    existing = KitaFactory(number="K-001", name="Alter Name")
    rows = [kita_row("K-001", name="Neuer Name"), kita_row("K-002"), kita_row("K-003")]
    rows[bad_row - 2][column] = value

    result = run(csv_bytes(rows))

    assert located(result) == [(bad_row, column)]
    assert result.errors[0].message
    assert (result.created, result.updated) == (0, 0)
    assert Kita.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Alter Name"
    assert not AuditEvent.objects.filter(action="kita.import.completed").exists()


def test_ages_and_opening_hours_must_be_in_order(run):
    rows = [
        kita_row("K-001", mindestalter_monate="36", hoechstalter_monate="24"),
        kita_row("K-002", oeffnet="17:00", schliesst="08:00"),
    ]

    result = run(csv_bytes(rows))

    assert located(result) == [(2, "mindestalter_monate"), (3, "schliesst")]
    assert "36" in result.errors[0].message
    assert Kita.objects.count() == 0


def test_every_error_of_the_file_is_collected(run):
    rows = [
        kita_row("K-001", plz="x"),
        kita_row("K-002"),
        kita_row("K-003", oeffnet="früh", traeger="Niemand"),
    ]

    result = run(csv_bytes(rows))

    assert located(result) == [(2, "plz"), (4, "traeger"), (4, "oeffnet")]
    with translation.override("en"):
        assert str(result.errors[0]).startswith("Row 2, column “plz”: ")
    with translation.override("de"):
        assert str(result.errors[0]).startswith("Zeile 2, Spalte „plz“: ")


def test_a_number_repeated_in_the_file_is_an_error_naming_the_first_row(run):
    rows = [kita_row("K-001"), kita_row("K-002"), kita_row("K-001")]

    result = run(csv_bytes(rows))

    assert located(result) == [(4, "kita_nummer")]
    assert "row 2" in result.errors[0].message
    assert Kita.objects.count() == 0


def test_missing_unknown_and_duplicate_columns_are_reported_once_on_row_one(run):
    header = [c for c in HEADER if c != "plz"] + ["postleitzahl", "name"]
    rows = [kita_row(f"K-{n}") for n in range(5)]

    result = run(csv_bytes(rows, header=header))

    assert sorted(located(result)) == [(1, "name"), (1, "plz"), (1, "postleitzahl")]
    assert Kita.objects.count() == 0


def test_an_unknown_column_suggests_the_closest_known_one(run):
    header = [("strassse" if c == "strasse" else c) for c in HEADER]

    result = run(csv_bytes([kita_row()], header=header))

    assert (1, "strassse") in located(result)
    assert "strasse" in result.errors[0].message


def test_headers_ignore_case_spaces_and_trailing_empty_columns(run):
    data = csv_bytes([kita_row()]).replace(b"kita_nummer;name", b" Kita_Nummer ; NAME ", 1)
    data = data.replace(b"\r\n", b";;\r\n")

    result = run(data)

    assert result.ok, result.errors


def test_a_byte_order_mark_is_ignored(run):
    result = run(csv_bytes([kita_row()], bom=True))

    assert result.ok, result.errors
    assert Kita.objects.get().number == "K-001"


def test_comma_separated_files_are_detected_from_the_header(run):
    result = run(csv_bytes([kita_row(sprachen="de,tr", breitengrad="51,4818")], delimiter=","))

    assert result.ok, result.errors
    kita = Kita.objects.get()
    assert kita.latitude == 51.4818
    assert kita.languages.count() == 2


def test_a_quoted_cell_over_several_lines_is_one_row(run):
    rows = [kita_row("K-001", beschreibung="Erste Zeile\nZweite Zeile"), kita_row("K-002", plz="")]

    result = run(csv_bytes(rows))

    assert located(result) == [(3, "plz")]


def test_blank_rows_are_skipped_but_counted(run):
    header, first = csv_bytes([kita_row("K-001")]).decode().splitlines()
    bad = csv_bytes([kita_row("K-002", plz="x")]).decode().splitlines()[1]

    result = run("\r\n".join([header, first, ";;;", bad, ""]).encode())

    assert located(result) == [(4, "plz")]


def test_a_row_with_too_few_or_too_many_values_is_reported(run):
    good = csv_bytes([kita_row("K-001")]).decode().splitlines()[1]
    text = "\r\n".join([";".join(HEADER), good, "K-002;Kita", good.replace("K-001", "K-3") + ";x"])

    result = run(text.encode())

    assert located(result) == [(3, ""), (4, "")]
    assert Kita.objects.count() == 0


def test_a_file_not_in_utf8_is_rejected_with_the_row(run):
    rows = [kita_row("K-001"), kita_row("K-002", name="Kita Bärenhöhle")]
    data = csv_bytes([{**row, "strasse": "Hauptstrasse 1"} for row in rows])

    result = run(data.decode().encode("cp1252"))

    assert located(result) == [(3, "")]
    assert "UTF-8" in result.errors[0].message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf\r\n", (";".join(HEADER) + "\r\n").encode()])
def test_an_empty_file_or_one_without_kitas_is_an_error(run, data):
    result = run(data)

    assert not result.ok
    assert Kita.objects.count() == 0


def test_the_command_imports_a_file(tmp_path, provider, district, actor):
    path = tmp_path / "kitas.csv"
    path.write_bytes(csv_bytes([kita_row("K-001"), kita_row("K-002")]))

    call_command("import_kitas", str(path), "--actor", actor.email.upper())

    assert Kita.objects.count() == 2
    assert AuditEvent.objects.get(action="kita.import.completed").actor == actor


def test_the_command_prints_errors_by_row_and_fails(tmp_path, capsys, provider, district):
    path = tmp_path / "kitas.csv"
    path.write_bytes(csv_bytes([kita_row("K-001"), kita_row("K-002", plz="x")]))

    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_kitas", str(path))

    assert "Row 3, column “plz”" in capsys.readouterr().err
    assert Kita.objects.count() == 0


def test_the_command_refuses_an_unknown_actor(tmp_path, provider, district):
    path = tmp_path / "kitas.csv"
    path.write_bytes(csv_bytes([kita_row()]))

    with pytest.raises(CommandError):
        call_command("import_kitas", str(path), "--actor", "nobody@example.org")
    assert Kita.objects.count() == 0


def test_a_number_saved_meanwhile_rolls_the_whole_import_back(run, monkeypatch):
    KitaFactory(number="K-002", name="Von Hand angelegt")
    # As if another user saved K-002 after the import looked up the existing numbers.
    monkeypatch.setattr(Kita.objects, "in_bulk", lambda *args, **kwargs: {})

    result = run(csv_bytes([kita_row("K-001"), kita_row("K-002")]))

    assert located(result) == [(1, "")]
    assert list(Kita.objects.values_list("number", "name")) == [("K-002", "Von Hand angelegt")]
    assert not AuditEvent.objects.filter(action="kita.import.completed").exists()


def test_the_example_in_the_docs_imports(actor):
    docs = (Path(__file__).parents[2] / "docs" / "kita-import.md").read_text(encoding="utf-8")
    example = docs.split("```csv\n", 1)[1].split("```", 1)[0]
    ProviderFactory(name="Stadt Bochum")
    ProviderFactory(name="Katholischer Kita-Verbund")
    DistrictFactory(name="Mitte", slug="mitte")
    DistrictFactory(name="Wattenscheid", slug="wattenscheid")

    with translation.override("en"):
        result = kita_import_csv(data=example.encode(), actor=actor)

    assert result.ok, [str(error) for error in result.errors]
    assert result.created == 2
