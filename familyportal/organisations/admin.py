from django.contrib import admin
from django.db import models

from familyportal.organisations.models import District, Language, PostalCode, Provider


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "postal_codes__code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PostalCodeInline]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "district"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["code"]
    autocomplete_fields = ["district"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    # Django 6 will assume https for scheme-less URLs; say so now (and avoid its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "provider_type"]
    list_filter = ["provider_type"]
    search_fields = ["name"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    search_fields = ["code"]
