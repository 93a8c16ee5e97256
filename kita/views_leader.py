"""Kita leaders' pages: the pre-registrations that name a Kita they lead (/kita-leitung/).

A leader sees what they need to plan and to recognise the family later — the child's name,
birth month, age band at the desired start, desired start, hours, the rank the family gave
this Kita, the criteria claimed and their provisional points, status and submission time.
Never the family's address, e-mail or remark (docs/kita-leaders.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.core.exports import EXPORT_FORMATS, export_response
from familyportal.core.views import PermissionMixin
from kita import calendar, selectors
from kita.filters_leader import LeaderApplicationFilter
from kita.models import AgeBand, Criterion, Kita, Wish

PAGE_SIZE = 25


@dataclass(frozen=True)
class LeaderRow:
    """One pre-registration as a leader sees it: the same fields on the page and in exports."""

    application_id: int
    child_name: str
    birth_month: dt.date
    age_band: str
    desired_start: dt.date
    care_hours: int
    rank: int
    criteria: list[Criterion]
    points: int
    status: str
    status_label: str
    submitted_at: dt.datetime

    @classmethod
    def of(cls, wish: Wish) -> LeaderRow:
        application = wish.application
        child = application.child
        u3 = calendar.is_u3(child.birth_date, application.desired_start)
        return cls(
            application_id=application.pk,
            child_name=f"{child.first_name} {child.last_name}",
            birth_month=child.birth_date.replace(day=1),
            age_band=AgeBand.U3 if u3 else AgeBand.UE3,
            desired_start=application.desired_start,
            care_hours=application.care_hours,
            rank=wish.rank,
            # Prefetched: the application-wide criteria, then those claimed for this Kita.
            criteria=[*application.criteria.all(), *wish.criteria.all()],
            points=wish.points,  # type: ignore[attr-defined]
            status=application.status,
            status_label=str(application.get_status_display()),
            submitted_at=application.submitted_at,
        )

    @property
    def age_band_short(self) -> str:
        return "U3" if self.age_band == AgeBand.U3 else "Ü3"

    @property
    def age_band_label(self) -> str:
        return str(AgeBand(self.age_band).label)


def export_header() -> list[str]:
    return [
        _("Child"),
        _("Birth month"),
        _("Age band at start"),
        _("Desired start"),
        _("Care hours"),
        _("Rank"),
        _("Criteria"),
        _("Points (provisional)"),
        _("Status"),
        _("Submitted"),
    ]


def export_row(row: LeaderRow) -> list[object]:
    return [
        # familyportal.core.exports keeps text such as '=…' from running as a formula.
        row.child_name,
        f"{row.birth_month:%Y-%m}",
        row.age_band_short,
        row.desired_start,
        row.care_hours,
        row.rank,
        "; ".join(criterion.name for criterion in row.criteria),
        row.points,
        row.status_label,
        # Excel cannot store time zones: local time, as on the page.
        timezone.localtime(row.submitted_at).replace(tzinfo=None, microsecond=0),
    ]


class LeaderIndexView(PermissionMixin, TemplateView):
    """The way in: straight to the list when one leads one Kita, else a choice."""

    permission_required = "kita.view_leader_area"
    template_name = "kita/leader/index.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kitas = list(selectors.leader_kitas(user=cast(User, request.user)))
        if len(kitas) == 1:
            return HttpResponseRedirect(
                reverse("kita_leader:applications", kwargs={"kita_id": kitas[0].pk})
            )
        return self.render_to_response(self.get_context_data(kitas=kitas))


class LeaderKitaMixin(PermissionMixin):
    """Loads the Kita of the URL among the user's own: a Kita they do not lead is a 404."""

    permission_required = "kita.view_kita_applications"
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def kita(self) -> Kita | None:
        user = self.request.user
        # Other roles are refused (403, or the log-in page) before any Kita is looked up.
        if not user.has_perm("kita.view_leader_area"):
            return None
        kita = selectors.leader_kita(user=cast(User, user), kita_id=self.kwargs["kita_id"])
        if kita is None:
            raise Http404
        return kita

    def get_permission_object(self) -> Kita | None:
        return self.kita

    @property
    def user(self) -> User:
        return cast(User, self.request.user)

    def wishes(self) -> Any:
        assert self.kita is not None  # noqa: S101 - has_permission ran first
        return selectors.leader_wishes(user=self.user, kita=self.kita)


class ApplicationListView(LeaderKitaMixin, FilterView):
    filterset_class = LeaderApplicationFilter
    template_name = "kita/leader/application_list.html"
    paginate_by = PAGE_SIZE
    # Valid filters apply even when another one has an error; the form marks the error.
    strict = False

    def get_queryset(self) -> Any:
        return self.wishes()

    def get_filterset_kwargs(self, filterset_class: type[LeaderApplicationFilter]) -> Any:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            kita=self.kita,
            rows=[LeaderRow.of(wish) for wish in context["object_list"]],
            query_string=query.urlencode(),
            several_kitas=self.user.led_kitas.count() > 1,
        )
        return context


class ApplicationExportView(LeaderKitaMixin, View):
    """CSV or Excel of exactly the rows and columns of the list with the current filters."""

    def get(self, request: HttpRequest, kita_id: int, export_format: str) -> HttpResponse:
        if export_format not in EXPORT_FORMATS:
            raise Http404
        assert self.kita is not None  # noqa: S101 - has_permission ran first
        filterset = LeaderApplicationFilter(data=request.GET, queryset=self.wishes())
        if not filterset.is_valid():
            # The list shows what is wrong; nothing is exported from a filter nobody sees.
            url = reverse("kita_leader:applications", kwargs={"kita_id": kita_id})
            return HttpResponseRedirect(f"{url}?{request.GET.urlencode()}")
        rows = [export_row(LeaderRow.of(wish)) for wish in filterset.qs]
        audit_log(
            actor=self.user,
            action="kita.applications.exported",
            target=self.kita,
            data={"count": len(rows), "format": export_format},
        )
        return export_response(
            filename=f"voranmeldungen-kita-{self.kita.pk}-{timezone.localdate():%Y-%m-%d}",
            export_format=export_format,
            header=export_header(),
            rows=rows,
        )


class ApplicationDetailView(LeaderKitaMixin, TemplateView):
    template_name = "kita/leader/application_detail.html"

    @cached_property
    def wish(self) -> Wish:
        assert self.kita is not None  # noqa: S101 - has_permission ran first
        wish = selectors.leader_application_wish(
            user=self.user, kita=self.kita, application_id=self.kwargs["pk"]
        )
        if wish is None:
            raise Http404
        return wish

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = LeaderRow.of(self.wish)
        # Needed to plan support; shown only when the family claimed such a criterion.
        description = ""
        if any(criterion.requires_description for criterion in row.criteria):
            description = self.wish.application.inclusion_description
            audit_log(
                actor=self.user,
                action="kita.application.support_need_viewed",
                target=self.wish.application,
                data={"kita": self.wish.kita_id},
            )
        context.update(kita=self.kita, row=row, support_description=description)
        return context
