"""The admin lists TOTP devices so the administration can reset a lost one (delete it).

Recovery codes (django-otp static tokens) have no admin page: django-otp's would show the codes
themselves. Deleting a user's app here deletes the user's recovery codes with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's own admin shows the secret key as a QR code: nobody but the owner should see it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        from familyportal.security.services import reset_second_factor

        reset_second_factor(obj.user, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        from django.contrib.auth import get_user_model

        from familyportal.security.services import reset_second_factor

        for user in get_user_model().objects.filter(totpdevice__in=queryset).distinct():
            reset_second_factor(user, actor=request.user)
