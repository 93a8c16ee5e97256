"""Forms of the Familienbüro desk. Plain forms: the services take their cleaned data.

Forms that create a row carry a submission token (a fresh UUID per page view), so a double
submit returns the first row instead of a second one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beratung.forms.sozialarbeit import DateInput, TokenForm, today_field
from beratung.models import (
    DeskChannel,
    DirectoryOrganisation,
    FamilySituation,
    NeedOutcome,
    ReferralStatus,
    Service,
    ServiceTopic,
)
from beratung.selectors.desk import active_services
from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District

NEED_PREFIX = "need_"
CONSENT_TEXT = _(
    "The family agrees that the Familienbüro keeps this name and these contact details to get "
    "back to it about this request. They are erased automatically after the retention period."
)
REFERRAL_CONSENT = _("The family has agreed to be referred and to its request being passed on.")


def _checkboxes(field: forms.Field) -> None:
    # Each checkbox is an input of its own: Bootstrap's check class, not form-control.
    field.widget.attrs["class"] = "form-check-input"


class DeskContactForm(TokenForm):
    contact_date = today_field(_("Date"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=DeskChannel.choices,
        initial=DeskChannel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("Not known"),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=ServiceTopic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    situations = forms.MultipleChoiceField(
        label=_("Family situation"),
        choices=FamilySituation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    person_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    person_email = forms.EmailField(label=_("E-mail"), required=False)
    person_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def __init__(self, *args: Any, topics: Sequence[ServiceTopic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic_list = list(topics)
        self.fields["topics"].queryset = ServiceTopic.objects.filter(  # type: ignore[attr-defined]
            pk__in=[t.pk for t in self.topic_list]
        ).order_by("position", "name")
        for name in ("topics", "situations", "channel"):
            _checkboxes(self.fields[name])
        outcome_choices = [("", _("No need")), *NeedOutcome.choices]
        for topic in self.topic_list:
            field = forms.ChoiceField(label=topic.name, choices=outcome_choices, required=False)
            field.widget.attrs["class"] = "form-select form-select-sm"
            self.fields[f"{NEED_PREFIX}{topic.pk}"] = field

    def need_rows(self) -> list[tuple[ServiceTopic, forms.BoundField]]:
        return [(topic, self[f"{NEED_PREFIX}{topic.pk}"]) for topic in self.topic_list]

    def needs(self) -> dict[ServiceTopic, str]:
        data = self.cleaned_data
        return {
            topic: data[f"{NEED_PREFIX}{topic.pk}"]
            for topic in self.topic_list
            if data.get(f"{NEED_PREFIX}{topic.pk}")
        }

    def clean_contact_date(self) -> dt.date:
        day = self.cleaned_data["contact_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot lie in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = any(
            (data.get(name) or "").strip()
            for name in ("person_name", "person_email", "person_phone")
        )
        if given and not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "A name or contact details can only be recorded with the family's consent. "
                    "Tick the consent box or leave these fields empty."
                ),
            )
        if data.get("consent") and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Please enter the name the family gave."))
        return data


class DeskReferralForm(TokenForm):
    service = forms.ChoiceField(label=_("Service"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("or organisation"),
        queryset=DirectoryOrganisation.objects.order_by("name"),
        required=False,
        empty_label=_("None chosen"),
        help_text=_("When no single service fits, refer to the organisation as a whole."),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=ServiceTopic.objects.order_by("position", "name"),
        required=False,
        empty_label=_("From the service"),
    )
    purpose = forms.CharField(
        label=_("What for"),
        max_length=300,
        help_text=_("What the family needs there, without names."),
    )
    referred_on = today_field(_("Referred on"))
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput(), required=False)
    consent = forms.BooleanField(
        label=REFERRAL_CONSENT,
        error_messages={
            "required": _("A family can only be referred onwards with its consent."),
        },
    )

    def __init__(self, *args: Any, services: Sequence[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_on"].initial = lambda: (
            timezone.localdate() + dt.timedelta(days=settings.DESK_FOLLOW_UP_DAYS)
        )
        self.service_list = list(services)
        choices = [("", _("None chosen"))] + [
            (str(s.pk), f"{s.name} – {s.organisation.name}") for s in self.service_list
        ]
        chosen = self.data.get("service") if self.is_bound else self.initial.get("service")
        if chosen and chosen not in {value for value, _label in choices}:
            found = _service(chosen)
            if found is not None:
                choices.append((str(found.pk), f"{found.name} – {found.organisation.name}"))
        self.fields["service"].choices = choices  # type: ignore[attr-defined]
        _checkboxes(self.fields["consent"])

    def clean_service(self) -> Service | None:
        value = self.cleaned_data.get("service")
        if not value:
            return None
        found = _service(value)
        if found is None:
            raise forms.ValidationError(_("This service is no longer in the directory."))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("service") and not data.get("organisation") and "service" in data:
            self.add_error("service", _("Choose the service or organisation to refer to."))
        referred_on, follow_up_on = data.get("referred_on"), data.get("follow_up_on")
        if referred_on and referred_on > timezone.localdate():
            self.add_error("referred_on", _("The date cannot lie in the future."))
        if referred_on and follow_up_on and follow_up_on < referred_on:
            self.add_error("follow_up_on", _("The follow-up date cannot lie before the referral."))
        return data


def _service(value: object) -> Service | None:
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        return None
    return active_services().select_related("organisation").filter(pk=pk).first()


class DeskReferralUpdateForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Status"))
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput(), required=False)
    # The referral's updated_at when the form was opened: a colleague's change in between is
    # detected instead of overwritten.
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, statuses: Sequence[ReferralStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]  # type: ignore[attr-defined]

    def clean_version(self) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(self.cleaned_data["version"])
        except ValueError:
            raise forms.ValidationError(_("The form is out of date; please reload it.")) from None


class InfoSheetEmailForm(TokenForm):
    recipient = forms.EmailField(
        label=_("The family's e-mail address"),
        help_text=_(
            "Used only to send this e-mail: it is not saved with the desk records. The portal's "
            "outbox keeps the sent e-mail like every e-mail it sends."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)
