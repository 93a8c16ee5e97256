"""The desk's contact pages: record a contact (intake), list them, read one.

Lists never show names; the name and contact details a family gave with consent are shown on
the contact's own page only, and every such read is audited.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from beratung.filters.desk import DeskContactFilter
from beratung.forms.desk import CONSENT_TEXT, DeskContactForm
from beratung.models import DeskContact
from beratung.selectors.desk import (
    contact_needs,
    contact_person,
    contact_referrals,
    contact_situations,
    desk_contact,
    desk_contacts,
    topics_all,
    topics_from_params,
)
from beratung.services.desk import (
    PersonDetails,
    allowed_transitions,
    desk_contact_record,
    desk_person_erase,
    desk_person_view_audit,
)
from beratung.services.desk_errors import DeskError
from beratung.views.access import RulePermissionMixin, request_user, rule_required

DESK = "beratung.use_desk"
PAGE_SIZE = 50


class DeskContactCreateView(RulePermissionMixin, FormView):
    """The fast desk form: anonymous by default; name and contact details only with consent."""

    permission_required = DESK
    template_name = "beratung/desk/contact_form.html"
    form_class = DeskContactForm

    @cached_property
    def topics(self) -> list[Any]:
        return list(topics_all())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "topics": self.topics}

    def get_initial(self) -> dict[str, Any]:
        # The desk search passes the topics it searched for: ?topic=<code or id>, repeated.
        chosen = topics_from_params(self.request.GET.getlist("topic"))
        return {"topics": [topic.pk for topic in chosen]}

    def form_valid(self, form: DeskContactForm) -> HttpResponse:
        data = form.cleaned_data
        person = PersonDetails(
            name=data["person_name"],
            email=data["person_email"],
            phone=data["person_phone"],
            consent_text=str(CONSENT_TEXT),
        )
        try:
            contact = desk_contact_record(
                actor=request_user(self.request),
                contact_date=data["contact_date"],
                channel=data["channel"],
                district=data["district"],
                topics=data["topics"],
                situations=data["situations"],
                needs=form.needs(),
                person=person,
                consent=data["consent"],
                token=data["token"],
            )
        except DeskError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The contact has been recorded."))
        return HttpResponseRedirect(reverse("beratung:desk-contact-detail", args=[contact.pk]))


class DeskContactListView(RulePermissionMixin, FilterView):
    permission_required = DESK
    filterset_class = DeskContactFilter
    template_name = "beratung/desk/contact_list.html"
    context_object_name = "contacts"
    paginate_by = PAGE_SIZE
    strict = False

    def get_queryset(self) -> QuerySet[DeskContact]:
        return desk_contacts(user=request_user(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class DeskContactDetailView(RulePermissionMixin, TemplateView):
    permission_required = DESK
    template_name = "beratung/desk/contact_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = request_user(self.request)
        contact = desk_contact(user=user, pk=self.kwargs["pk"])
        person = contact_person(contact=contact)
        if person is not None:
            desk_person_view_audit(contact=contact, actor=user)
        referrals = list(contact_referrals(contact=contact))
        for referral in referrals:
            referral.next_statuses = allowed_transitions(referral.status)  # type: ignore[attr-defined]
        return super().get_context_data(
            contact=contact,
            person=person,
            needs=list(contact_needs(contact=contact)),
            situations=list(contact_situations(contact=contact)),
            topics=list(contact.topics.order_by("position", "name")),
            referrals=referrals,
            **kwargs,
        )


@require_POST
@rule_required(DESK)
def desk_person_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The family withdrew its consent: erase its name and contact details now."""
    user = request_user(request)
    contact = desk_contact(user=user, pk=pk)
    if desk_person_erase(contact=contact, actor=user):
        messages.success(request, _("The name and contact details have been erased."))
    else:
        messages.info(request, _("This contact has no name or contact details to erase."))
    return HttpResponseRedirect(reverse("beratung:desk-contact-detail", args=[contact.pk]))
