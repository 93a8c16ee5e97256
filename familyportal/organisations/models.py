from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A Stadtbezirk (or Sozialraum) used for search, planning and statistics."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    # A point inside the district, for maps and as a fallback search origin.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PostalCode(models.Model):
    """A German postal code (PLZ) with its centre, for "near me" searches without geocoding."""

    code = models.CharField(_("postal code"), max_length=5, unique=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="postal_codes",
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ProviderType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    CATHOLIC = "catholic", _("Catholic")
    PROTESTANT = "protestant", _("Protestant")
    WELFARE = "welfare", _("Welfare association")
    PARENTS = "parents", _("Parents' initiative")
    COMPANY = "company", _("Company")
    PRIVATE = "private", _("Private provider")


class Provider(models.Model):
    """A Träger: the body that runs one or more Kitas."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    provider_type = models.CharField(
        _("type of provider"), max_length=20, choices=ProviderType.choices, db_index=True
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("provider (Träger)")
        verbose_name_plural = _("providers (Träger)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LanguageCode(models.TextChoices):
    """Languages spoken with families. Labels are translated, codes are ISO 639-1."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    TURKISH = "tr", _("Turkish")
    ARABIC = "ar", _("Arabic")
    POLISH = "pl", _("Polish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    KURDISH = "ku", _("Kurdish")
    PERSIAN = "fa", _("Persian")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    GREEK = "el", _("Greek")
    ROMANIAN = "ro", _("Romanian")
    BULGARIAN = "bg", _("Bulgarian")
    SIGN_LANGUAGE = "gsg", _("German Sign Language")


class Language(models.Model):
    code = models.CharField(_("language"), max_length=3, choices=LanguageCode.choices, unique=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())
