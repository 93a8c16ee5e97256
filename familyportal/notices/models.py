from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The recipient of a notice whose details were erased (account deleted, retention period over).
ERASED_RECIPIENT = "geloescht@invalid"


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will not be retried)")


class Notice(models.Model):
    """One e-mail in the transactional outbox.

    Written in the same transaction as the change that causes it, so a notice exists exactly
    when its cause was saved; the ``notices.deliver`` task sends it later, idempotently. A broker
    outage delays notices, it never loses them: ``notices.deliver_pending`` picks up whatever is
    still pending.
    """

    # Names the cause, e.g. "kita.application.received:42"; the same cause never sends twice.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    template = models.CharField(
        _("template"), max_length=100, help_text=_("Under templates/notices/emails/")
    )
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.JSONField(_("content"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="notice_pending_idx",
            ),
            # The retention job's filter: delivered (or given up) and not yet erased.
            models.Index(
                fields=["created_at"],
                condition=~models.Q(status="pending") & ~models.Q(recipient=ERASED_RECIPIENT),
                name="notice_unerased_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient}"
