"""My area (Mein Bereich): children, their pre-registrations, changes and withdrawal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from kita import selectors, services
from kita.forms_family import ApplicationEditForm, ChildForm, KitaChoices
from kita.services.registration import kita_year_label
from kita.views_family.base import (
    FamilyView,
    OwnApplicationMixin,
    OwnChildMixin,
    base_url,
    home_url,
    safe_next,
)
from kita.views_family.text import event_text, next_step_text
from kita.views_family.wishlist import wishlist_ids


class HomeView(FamilyView, TemplateView):
    template_name = "kita/family/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        children = list(selectors.children_with_applications_for_parent(user=user))
        now = timezone.now()
        for child in children:
            child.co_parents = [g.user for g in child.guardianships.all() if g.user_id != user.pk]
            child.open_invitations = [i for i in child.pending_invitations if i.expires_at > now]
            child.application_list = list(child.applications.all())
            for application in child.application_list:
                application.editable = services.application_is_editable(application)
                application.kita_year_label = kita_year_label(application.kita_year)
                application.next_step = next_step_text(application)
                application.history = [
                    {"event": event, "text": event_text(event)}
                    for event in application.events.all()
                ]
        context["children"] = children
        context["wishlist"] = selectors.kitas_by_ids(wishlist_ids(self.request))
        return context


class ChildCreateView(FamilyView, FormView):
    template_name = "kita/family/child_form.html"
    form_class = ChildForm

    def form_valid(self, form: ChildForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            child = services.child_create(
                user=self.request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                is_expected=data["is_expected"],
            )
        except services.ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(child)s was added.") % {"child": child.first_name})
        wizard = reverse("family:apply-step", kwargs={"step": "kind"})
        target = safe_next(self.request, reverse("family:home"))
        if target == wizard:
            target = f"{wizard}?kind={child.pk}"
        return HttpResponseRedirect(target)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = safe_next(self.request, "")
        return context


class ChildUpdateView(OwnChildMixin, FormView):
    template_name = "kita/family/child_form.html"
    form_class = ChildForm

    def get_initial(self) -> dict[str, Any]:
        child = self.child
        return {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "birth_date": child.birth_date,
            "is_expected": child.is_expected_birth_date,
        }

    def form_valid(self, form: ChildForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.child_update(
                user=self.request.user,
                child=self.child,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                is_expected=data["is_expected"],
            )
        except services.ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes have been saved."))
        return redirect("family:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(child=self.child, **kwargs)


class EditableApplicationMixin(OwnApplicationMixin):
    """Pages that change a pre-registration send the parent back once it is not editable."""

    def not_editable(self) -> HttpResponse:
        messages.error(
            self.request,
            _("This pre-registration can no longer be changed (status: %(status)s).")
            % {"status": self.application.get_status_display()},
        )
        return redirect(home_url(self.application))


class ApplicationEditView(EditableApplicationMixin, FormView):
    template_name = "kita/family/application_edit.html"
    form_class = ApplicationEditForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.application_is_editable(self.application):
            return self.not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.application_is_editable(self.application):
            return self.not_editable()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            child=self.application.child,
            desired_start=self.application.desired_start,
            kita_choices=KitaChoices(
                selectors.kitas_for_wishes(),
                selectors.providers_for_wishes(
                    birth_date=self.application.child.birth_date,
                    desired_start=self.application.desired_start,
                    care_hours=self.application.care_hours,
                ),
                start=self.application.desired_start,
            ),
            criteria=list(selectors.criteria_offered()),
            care_hours=self.application.care_hours,
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        wishes = list(self.application.wishes.all())
        initial: dict[str, Any] = {
            "kitas": [
                f"tp:{wish.provider_id}" if wish.provider_id else str(wish.kita_id)
                for wish in wishes
            ],
            "criteria": [c.code for c in self.application.criteria.all()],
            "inclusion_description": self.application.inclusion_description,
        }
        for wish in wishes:
            for criterion in wish.criteria.all():
                initial.setdefault(f"wish_{criterion.code}", []).append(str(wish.rank))
        return initial

    def form_valid(self, form: ApplicationEditForm) -> HttpResponse:
        try:
            changed = services.application_update(
                user=self.request.user,
                application=self.application,
                wishes=form.cleaned_data["kitas"],
                criteria=form.criteria_claimed,
                wish_criteria=form.wish_criteria_claimed,
                inclusion_description=form.cleaned_data["inclusion_description"],
                base_url=base_url(self.request),
            )
        except services.ApplicationNotEditable as exc:
            messages.error(self.request, exc.message)
            return redirect(home_url(self.application))
        except services.ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        if changed:
            messages.success(
                self.request,
                _("Your changes have been saved. We sent you a confirmation by e-mail."),
            )
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect(home_url(self.application))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            application=self.application, max_wishes=settings.MAX_WISHES, **kwargs
        )


class ApplicationWithdrawView(EditableApplicationMixin, TemplateView):
    """GET asks for confirmation; POST withdraws (a second POST changes nothing more)."""

    template_name = "kita/family/application_withdraw.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.application_is_editable(self.application):
            return self.not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            withdrawn = services.application_withdraw(
                user=request.user, application=self.application, base_url=base_url(request)
            )
        except services.ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(home_url(self.application))
        if withdrawn:
            messages.success(
                request,
                _("The pre-registration for %(child)s has been withdrawn.")
                % {"child": self.application.child.first_name},
            )
        else:
            messages.info(request, _("This pre-registration had already been withdrawn."))
        return redirect(home_url(self.application))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(application=self.application, **kwargs)
