from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import notice_enqueue


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox: what is waiting, what was sent, what failed, and a way to retry.

    Only Administration may open it (the permission matrix, ADMIN_CHANGELISTS). The list shows
    template, recipient, status, attempts and the last error, never the notice's content; the
    content (names of children, Kitas) is on the detail page only, for fixing a failed notice.
    """

    list_display = [
        "created_at",
        "template",
        "recipient",
        "status",
        "attempts",
        "error",
        "sent_at",
    ]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "idempotency_key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notice._meta.fields]
    actions = ["retry"]
    # The list needs no other table: one query for the page, one for the count.
    list_select_related = False
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notice]:
        # The content (JSON) can be large; the list never shows it.
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            queryset = queryset.defer("context")
        return queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("last error"))
    def error(self, notice: Notice) -> str:
        return Truncator(notice.last_error).chars(80)

    @admin.action(description=_("Send the selected notices again"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        """Failed (or stuck pending) notices start over and go to the broker again; sent ones
        are left alone, so a notice never goes out twice from here."""
        retried = list(queryset.exclude(status=NoticeStatus.SENT).values_list("pk", flat=True))
        queryset.filter(pk__in=retried).update(status=NoticeStatus.PENDING, attempts=0)
        queued = sum(notice_enqueue(notice_id=notice_id) for notice_id in retried)
        self.message_user(
            request,
            ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", queued)
            % {"count": queued},
            messages.SUCCESS if queued == len(retried) else messages.WARNING,
        )
