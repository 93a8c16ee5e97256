from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import notice_enqueue


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox: what is waiting, what was sent, what failed, and a way to retry."""

    list_display = ["created_at", "template", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "idempotency_key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notice._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the selected notices again"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        retried = list(queryset.exclude(status=NoticeStatus.SENT).values_list("pk", flat=True))
        queryset.filter(pk__in=retried).update(status=NoticeStatus.PENDING, attempts=0)
        queued = sum(notice_enqueue(notice_id=notice_id) for notice_id in retried)
        self.message_user(
            request,
            ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", queued)
            % {"count": queued},
            messages.SUCCESS if queued == len(retried) else messages.WARNING,
        )
