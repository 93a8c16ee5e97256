"""The CSV format of the Kita import: its columns and how one cell becomes a value.

``COLUMNS`` is the one description of the format; the import service, the admin's import page
and docs/kita-import.md all read it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyportal.organisations.models import District, Language, LanguageCode, Provider
from kita.models import Concept, ConceptCode, Kita, MealOption

# Plausible coordinates for a German municipality (Germany's extent with a margin). Swapped or
# mistyped coordinates would otherwise put a Kita in the sea and break "near me" searches.
LATITUDE_RANGE = (47.0, 55.5)
LONGITUDE_RANGE = (5.5, 15.5)

_TRUE = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x"})
_FALSE = frozenset({"nein", "n", "no", "false", "falsch", "0"})
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# Spreadsheets drop the leading zero of postal codes such as 01067, so four digits are accepted.
_POSTAL_CODE = re.compile(r"\d{4,5}")
_INTEGER = re.compile(r"\d+")
_MULTI_SEPARATOR = re.compile(r"[|,]")
MULTI_KINDS = frozenset({"concepts", "languages"})
DELIMITERS = (";", ",", "\t")


_HINTS: dict[str, Promise] = {
    "key": gettext_lazy("Updates the Kita with this number, otherwise creates a new one."),
    "provider": gettext_lazy("Name of a provider that exists in the admin."),
    "district": gettext_lazy("Name or short name of a district."),
    "postal_code": gettext_lazy("Five digits."),
    "latitude": gettext_lazy("Decimal number with . or , e.g. 51.4818."),
    "longitude": gettext_lazy("Decimal number with . or , e.g. 7.2162."),
    "url": gettext_lazy("https:// is added when missing."),
    "time": gettext_lazy("HH:MM, e.g. 07:30."),
    "integer": gettext_lazy("Whole number."),
    "boolean": gettext_lazy("ja or nein."),
    "concepts": gettext_lazy("Codes separated by | or a comma."),
    "languages": gettext_lazy("ISO codes separated by | or a comma."),
    "meals": gettext_lazy("One code."),
}


def model_field(name: str) -> models.Field:
    return cast(models.Field, Kita._meta.get_field(name))


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str
    required: bool

    @property
    def label(self) -> Promise:
        return model_field(self.field).verbose_name  # type: ignore[return-value]

    @property
    def hint(self) -> Promise | str:
        return _HINTS.get(self.kind, "")

    @property
    def default(self) -> Any:
        """What an empty cell means, for an optional column."""
        if self.required or self.kind in MULTI_KINDS:
            return None
        return model_field(self.field).get_default()

    @property
    def empty_value(self) -> str:
        """An empty cell written out ("ja", "72" …); "" when it means nothing or is an error."""
        value = self.default
        if isinstance(value, bool):
            return "ja" if value else "nein"
        return "" if value is None else str(value)

    @property
    def allowed(self) -> tuple[str, ...]:
        choices = {"concepts": ConceptCode, "languages": LanguageCode, "meals": MealOption}
        return tuple(choices[self.kind].values) if self.kind in choices else ()


COLUMNS: tuple[Column, ...] = tuple(
    Column(*spec)
    for spec in [
        ("kita_nummer", "number", "key", True),
        ("name", "name", "text", True),
        ("traeger", "provider", "provider", True),
        ("bezirk", "district", "district", True),
        ("strasse", "street", "text", True),
        ("plz", "postal_code", "postal_code", True),
        ("ort", "city", "text", True),
        ("breitengrad", "latitude", "latitude", True),
        ("laengengrad", "longitude", "longitude", True),
        ("telefon", "phone", "text", False),
        ("email", "email", "text", False),
        ("website", "website", "url", False),
        ("oeffnet", "opens_at", "time", True),
        ("schliesst", "closes_at", "time", True),
        ("oeffnungszeiten_hinweis", "opening_notes", "text", False),
        ("mindestalter_monate", "min_age_months", "integer", True),
        ("hoechstalter_monate", "max_age_months", "integer", False),
        ("konzepte", "concepts", "concepts", False),
        ("sprachen", "languages", "languages", False),
        ("integrative_plaetze", "integrative_places", "integer", False),
        ("familienzentrum", "is_familienzentrum", "boolean", False),
        ("barrierefrei", "is_barrier_free", "boolean", False),
        ("verpflegung", "meals", "meals", True),
        ("beschreibung", "description", "text", False),
        ("aktiv", "is_active", "boolean", False),
    ]
)
BY_HEADER = {column.header: column for column in COLUMNS}
BY_FIELD = {column.field: column for column in COLUMNS}


class CellError(Exception):
    pass


class CellParser:
    """Turns one non-empty cell into a Python value; lookups are loaded once per file."""

    def __init__(self) -> None:
        self.providers = {p.name.casefold(): p for p in Provider.objects.all()}
        self.districts: dict[str, District] = {}
        for district in District.objects.all():
            self.districts[district.slug.casefold()] = district
            self.districts[district.name.casefold()] = district
        self.concepts = {c.code: c for c in Concept.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}

    def parse(self, column: Column, value: str) -> Any:
        return getattr(self, f"_{column.kind}")(value, column)

    def _text(self, value: str, column: Column) -> str:
        return value

    _key = _text

    def _url(self, value: str, column: Column) -> str:
        # Spreadsheet users write "www.kita.de"; the model needs a scheme.
        return value if "://" in value else f"https://{value}"

    def _postal_code(self, value: str, column: Column) -> str:
        if not _POSTAL_CODE.fullmatch(value):
            raise CellError(_("Enter a postal code of five digits."))
        return value.zfill(5)

    def _decimal(self, value: str) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise CellError(_("Enter a decimal number such as 51.4818 or 51,4818."))
        return number

    def _coordinate(self, value: str, column: Column) -> float:
        number = self._decimal(value)
        low, high = LATITUDE_RANGE if column.kind == "latitude" else LONGITUDE_RANGE
        if not low <= number <= high:
            raise CellError(
                _("%(value)s is outside %(min)s to %(max)s. Are latitude and longitude swapped?")
                % {"value": number, "min": low, "max": high}
            )
        return number

    _latitude = _longitude = _coordinate

    def _time(self, value: str, column: Column) -> dt.time:
        match = _TIME.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            hour, minute, second = (int(part) for part in match.groups(default="0"))
            return dt.time(hour, minute, second)
        except ValueError:
            raise CellError(_("Enter a time as HH:MM, e.g. 07:30.")) from None

    def _integer(self, value: str, column: Column) -> int:
        if not _INTEGER.fullmatch(value):
            raise CellError(_("Enter a whole number of 0 or more."))
        return int(value)

    def _boolean(self, value: str, column: Column) -> bool:
        if value.casefold() in _TRUE:
            return True
        if value.casefold() in _FALSE:
            return False
        raise CellError(_("Enter “ja” or “nein”."))

    def _meals(self, value: str, column: Column) -> str:
        return self._codes([value], {code: code for code in column.allowed}, column)[0]

    def _provider(self, value: str, column: Column) -> Provider:
        if provider := self.providers.get(value.casefold()):
            return provider
        message = _("There is no provider named “%(value)s”. Add it in the admin first.")
        raise CellError(message % {"value": value})

    def _district(self, value: str, column: Column) -> District:
        if district := self.districts.get(value.casefold()):
            return district
        message = _("There is no district with the name or short name “%(value)s”.")
        raise CellError(message % {"value": value})

    def _concepts(self, value: str, column: Column) -> list[Concept]:
        return self._codes(_MULTI_SEPARATOR.split(value), self.concepts, column)

    def _languages(self, value: str, column: Column) -> list[Language]:
        return self._codes(_MULTI_SEPARATOR.split(value), self.languages, column)

    def _codes(self, values: list[str], known: dict[str, Any], column: Column) -> list[Any]:
        codes = list(dict.fromkeys(code.strip().lower() for code in values if code.strip()))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise CellError(
                _("Unknown code “%(codes)s”. Allowed codes: %(allowed)s.")
                % {"codes": "”, “".join(unknown), "allowed": ", ".join(column.allowed)}
            )
        return [known[code] for code in codes]
