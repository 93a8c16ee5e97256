"""The pre-registration wizard (/voranmeldung/<step>/): five steps kept in the session.

Each step has its own URL, so the review page links back to every step and the browser's back
button works. A step opens only when the steps before it are complete. The review step's form
carries the submission token: a double click or a resubmitted page finds the first application.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from formtools.wizard.views import NamedUrlSessionWizardView

from kita import calendar, selectors, services
from kita.forms_family import (
    CareForm,
    ChooseChildForm,
    CriteriaForm,
    KitaChoices,
    ReviewForm,
    WishesForm,
)
from kita.models import Child, Kita
from kita.services.registration import district_for_postal_code, kita_year_label
from kita.views_family.base import FamilyView, base_url, home_url
from kita.views_family.wishlist import wishlist_ids
from tagespflege.models import Provider

STEPS = [
    ("kind", ChooseChildForm),
    ("betreuung", CareForm),
    ("wuensche", WishesForm),
    ("kriterien", CriteriaForm),
    ("pruefen", ReviewForm),
]
STEP_TITLES = {
    "kind": gettext_lazy("Child"),
    "betreuung": gettext_lazy("Start and address"),
    "wuensche": gettext_lazy("Kita wishes"),
    "kriterien": gettext_lazy("Criteria and consent"),
    "pruefen": gettext_lazy("Review and send"),
}
# Where a service's complaint about a field is shown when the final check fails.
FIELD_STEPS = {
    "child": "kind",
    "desired_start": "betreuung",
    "care_hours": "betreuung",
    "street": "betreuung",
    "postal_code": "betreuung",
    "kitas": "wuensche",
    "criteria": "kriterien",
    "inclusion_description": "kriterien",
}
PREFIX = "voranmeldung"


class ApplicationWizardView(FamilyView, NamedUrlSessionWizardView):  # type: ignore[misc]
    form_list = STEPS
    url_name = "family:apply-step"
    done_step_name = "fertig"

    def get_prefix(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return PREFIX

    def get_template_names(self) -> list[str]:
        return [f"kita/family/apply_{self.steps.current}.html"]

    # --- What the steps need from each other ------------------------------------------------

    @cached_property
    def kita_choices(self) -> KitaChoices:
        """Kitas, and the childminders that take the child at its start for the hours asked."""
        child = self._child()
        care = self._step_data("betreuung")
        start = care.get("desired_start")
        return KitaChoices(
            selectors.kitas_for_wishes(),
            selectors.providers_for_wishes(
                birth_date=child.birth_date if child is not None else None,
                desired_start=start,
                care_hours=care.get("care_hours"),
            ),
            start=start,
        )

    @cached_property
    def criteria(self) -> list[Any]:
        return list(selectors.criteria_offered())

    def stored_form(self, step: str) -> forms.Form:
        """A step's form bound to its stored answers, validated once per request.

        Every step depends on the ones before it, and the last one re-checks them all; without
        this each would be rebuilt and validated again, with its queries, several times.
        """
        cache: dict[str, forms.Form] = self.__dict__.setdefault("_stored_forms", {})
        if step not in cache:
            cache[step] = self.get_form(step=step, data=self.storage.get_step_data(step))
            cache[step].is_valid()
        return cache[step]

    def get_cleaned_data_for_step(self, step: str) -> dict[str, Any] | None:
        if step not in self.form_list:
            return None
        form = self.stored_form(step)
        return form.cleaned_data if form.is_bound and form.is_valid() else None

    def _step_data(self, step: str) -> dict[str, Any]:
        return self.get_cleaned_data_for_step(step) or {}

    def _child(self) -> Child | None:
        return self._step_data("kind").get("child")

    def _kitas(self) -> list[Kita | Provider]:
        return self._step_data("wuensche").get("kitas", [])

    @property
    def submission_token(self) -> str:
        extra = self.storage.extra_data
        if "submission_token" not in extra:
            self.storage.extra_data = {**extra, "submission_token": str(uuid.uuid4())}
        return str(self.storage.extra_data["submission_token"])

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step == "kind":
            return {"user": self.request.user}
        if step == "betreuung":
            return {"child": self._child()}
        if step == "wuensche":
            return {
                "child": self._child(),
                "desired_start": self._step_data("betreuung").get("desired_start"),
                "care_hours": self._step_data("betreuung").get("care_hours"),
                "kita_choices": self.kita_choices,
            }
        if step == "kriterien":
            return {"kitas": self._kitas(), "criteria": self.criteria}
        return {}

    def get_form(self, step: str | None = None, data: Any = None, files: Any = None) -> forms.Form:
        # Initial values only matter to an unbound form; skipping them saves their queries.
        self._binding = data is not None
        try:
            return super().get_form(step, data, files)  # type: ignore[no-any-return]
        finally:
            self._binding = False

    def get_form_initial(self, step: str) -> dict[str, Any]:
        if getattr(self, "_binding", False):
            return {}
        user = self.request.user
        if step == "kind":
            children = list(selectors.children_for_parent(user=user).values_list("pk", flat=True))
            wanted = self.request.GET.get("kind", "")
            if wanted.isdigit() and int(wanted) in children:
                return {"child": int(wanted)}
            return {"child": children[0]} if len(children) == 1 else {}
        if step == "betreuung":
            initial: dict[str, Any] = {
                "desired_start": calendar.next_kita_year_start(timezone.localdate())
            }
            address = selectors.last_address_for_parent(user=user)
            if address:
                initial["street"], initial["postal_code"] = address
            return initial
        if step == "wuensche":
            return {"kitas": wishlist_ids(self.request)[: self._max_wishes()]}
        if step == "pruefen":
            return {"submission_token": self.submission_token}
        return {}

    @staticmethod
    def _max_wishes() -> int:
        return int(settings.MAX_WISHES)

    # --- Navigation ---------------------------------------------------------------------------

    def _first_incomplete(self, step: str) -> str | None:
        """The first step before ``step`` whose stored answers are missing or no longer valid."""
        for name in self.get_form_list():
            if name == step:
                return None
            if self.get_cleaned_data_for_step(name) is None:
                return name
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        step = kwargs.get("step")
        if step == self.done_step_name:
            return redirect("family:home")
        if step in self.get_form_list():
            missing = self._first_incomplete(step)
            if missing is not None:
                self.storage.current_step = missing
                return redirect(self.get_step_url(missing))
            if step == "kind" and "kind" in request.GET:
                # "Start a pre-registration for this child": the choice is made, not restored.
                self.storage.current_step = step
                return self.render(self.get_form(step=step))
        return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        posted_step = self.request.POST.get(f"{PREFIX}-current_step", "")
        if posted_step and posted_step not in self.get_form_list():
            # A tampered or outdated form names no step of ours (formtools would fail with a
            # KeyError): show the step the family is at.
            return redirect(self.get_step_url(self.steps.current))
        if posted_step == "pruefen":
            submitted = self._already_submitted()
            if submitted is not None:
                return self._received_before(submitted)
        if posted_step in self.get_form_list():
            missing = self._first_incomplete(posted_step)
            if missing is not None:
                self.storage.current_step = missing
                return redirect(self.get_step_url(missing))
        return super().post(*args, **kwargs)  # type: ignore[no-any-return]

    def _received_before(self, application: Any) -> HttpResponse:
        self.storage.reset()
        messages.info(self.request, _("We have already received this pre-registration."))
        return redirect(home_url(application))

    def _already_submitted(self) -> Any:
        try:
            token = uuid.UUID(self.request.POST.get("pruefen-submission_token", ""))
        except ValueError:
            return None
        return (
            selectors.applications_for_parent(user=self.request.user)
            .filter(submission_token=token)
            .first()
        )

    # --- The end ------------------------------------------------------------------------------

    def render_done(self, form: forms.Form, **kwargs: Any) -> HttpResponse:
        # formtools' own version resets the stored answers even when saving fails; ours keeps
        # them, so a refused submission loses nothing.
        final: dict[str, forms.Form] = {}
        # The last step's answers were just stored; the others are as validated before.
        self.__dict__.get("_stored_forms", {}).pop(self.steps.last, None)
        for step in self.get_form_list():
            step_form = self.stored_form(step)
            if not step_form.is_valid():
                # A double click's twin may have committed meanwhile: its application now
                # fails "one per child and year". Then this is no error but the same form.
                submitted = self._already_submitted()
                if submitted is not None:
                    return self._received_before(submitted)
                return self.render_revalidation_failure(step, step_form, **kwargs)  # type: ignore[no-any-return]
            final[step] = step_form
        try:
            return self.done(list(final.values()), form_dict=final, **kwargs)
        except services.ApplicationError as exc:
            step = FIELD_STEPS.get(exc.field or "", "pruefen")
            failed = final[step]
            failed.add_error(exc.field if exc.field in failed.fields else None, exc.message)
            self.storage.current_step = step
            return self.render(failed)  # type: ignore[no-any-return]

    def done(self, form_list: list[forms.Form], **kwargs: Any) -> HttpResponse:
        forms_by_step: dict[str, Any] = kwargs["form_dict"]
        care = forms_by_step["betreuung"].cleaned_data
        criteria_form: CriteriaForm = forms_by_step["kriterien"]
        application = services.application_submit(
            user=self.request.user,
            child=forms_by_step["kind"].cleaned_data["child"],
            desired_start=care["desired_start"],
            care_hours=care["care_hours"],
            street=care["street"],
            postal_code=care["postal_code"],
            wishes=forms_by_step["wuensche"].cleaned_data["kitas"],
            criteria=criteria_form.criteria_claimed,
            wish_criteria=criteria_form.wish_criteria_claimed,
            inclusion_description=criteria_form.cleaned_data["inclusion_description"],
            remark=criteria_form.cleaned_data["remark"],
            submission_token=forms_by_step["pruefen"].cleaned_data["submission_token"],
            base_url=base_url(self.request),
        )
        self.storage.reset()
        messages.success(
            self.request,
            _(
                "Thank you! We have received the pre-registration for %(child)s and sent you a "
                "confirmation by e-mail."
            )
            % {"child": application.child.first_name},
        )
        return redirect(home_url(application))

    # --- Pages --------------------------------------------------------------------------------

    def get_context_data(self, form: forms.Form, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        names = list(self.get_form_list())
        context["step_links"] = [
            {
                "name": name,
                "number": number,
                "title": STEP_TITLES[name],
                "current": name == current,
                # Steps before the current one are done and may be revisited.
                "done": number <= names.index(current),
            }
            for number, name in enumerate(names, 1)
        ]
        context["step_title"] = STEP_TITLES[current]
        context["max_wishes"] = self._max_wishes()
        if current == "kind":
            context["children"] = list(selectors.children_for_parent(user=self.request.user))
        if current == "pruefen":
            context["summary"] = self._summary()
        return context

    def _summary(self) -> dict[str, Any]:
        care = self._step_data("betreuung")
        criteria_form = self.stored_form("kriterien")
        kitas = self._kitas()
        per_kita = getattr(criteria_form, "wish_criteria_claimed", {})
        start = care.get("desired_start")
        postal_code = care.get("postal_code", "")
        district = district_for_postal_code(postal_code).name if postal_code else ""
        return {
            "child": self._child(),
            "desired_start": start,
            "kita_year": kita_year_label(calendar.kita_year_of(start)) if start else "",
            "care_hours": care.get("care_hours"),
            "street": care.get("street"),
            "postal_code": postal_code,
            "district": district,
            "wishes": [
                {
                    "kita": kita,
                    "is_tagespflege": isinstance(kita, Provider),
                    "criteria": per_kita.get(kita.pk, []) if isinstance(kita, Kita) else [],
                }
                for kita in kitas
            ],
            "criteria": getattr(criteria_form, "criteria_claimed", []),
            "inclusion_description": criteria_form.cleaned_data.get("inclusion_description"),
            "remark": criteria_form.cleaned_data.get("remark"),
        }
