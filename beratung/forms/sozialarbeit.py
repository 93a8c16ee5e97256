"""Forms of Kita-Sozialarbeit. Plain forms: the services take their cleaned data as keywords.

Each form that creates a row carries a submission token (a fresh UUID per page view), so a
double submit returns the first row instead of a second one.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beratung.models import (
    MAX_CONSULTATION_MINUTES,
    CaseOrigin,
    Channel,
    ConsentPurpose,
    Destination,
    ReferralOutcome,
    Topic,
)
from familyportal.accounts.models import User
from familyportal.core.forms import BootstrapForm
from kita.models import Kita


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def today_field(label: str | Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), initial=timezone.localdate, required=required
    )


class TokenForm(BootstrapForm):
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class SupportRequestForm(TokenForm):
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=Kita.objects.none())
    description = forms.CharField(
        label=_("What does the family need?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_(
            "Describe the situation without names, e.g. “mother of a three-year-old, "
            "trouble with an application for benefits”."
        ),
    )
    contact = forms.CharField(
        label=_("How can the team reach the family?"),
        max_length=300,
        required=False,
        help_text=_(
            "Optional: a phone number or e-mail address, only if the family wants to be "
            "contacted directly. Otherwise the team contacts the Kita."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "The family has agreed that the Kita passes this request on to the Kita social "
            "work team and that the team gets in touch."
        ),
        error_messages={"required": _("Support can only be requested with the family's consent.")},
    )

    def __init__(self, *args: Any, kitas: QuerySet[Kita], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kita"].queryset = kitas  # type: ignore[attr-defined]
        if len(kitas) == 1:
            self.fields["kita"].initial = kitas[0].pk


class CaseForm(TokenForm):
    kita = forms.ModelChoiceField(label=_("Kita"), queryset=Kita.objects.order_by("name"))
    origin = forms.ChoiceField(label=_("How the family came"), choices=CaseOrigin.choices)
    opened_on = today_field(_("Opened on"))
    social_worker = UserChoiceField(
        label=_("Responsible social worker"), queryset=User.objects.none(), required=False
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=200,
        required=False,
        help_text=_("Seen by the team only; erased when the case expires."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_("Phone, e-mail or address; seen by the team only."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text=_("What the family needs, without names."),
    )

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = team  # type: ignore[attr-defined]


class ConsultationForm(TokenForm):
    date = today_field(_("Date"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=1, max_value=MAX_CONSULTATION_MINUTES
    )
    topics = TopicsField(label=_("Topics"), choices=Topic.choices)
    note = forms.CharField(
        label=_("Short note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Erased when the case expires."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each checkbox is an input of its own: Bootstrap's check class, not form-control.
        self.fields["topics"].widget.attrs["class"] = "form-check-input"


class ReferralForm(TokenForm):
    destination = forms.ChoiceField(label=_("Referred to"), choices=Destination.choices)
    destination_detail = forms.CharField(
        label=_("Which service"),
        max_length=200,
        required=False,
        help_text=_("Needed for “Other”."),
    )
    referred_on = today_field(_("Referred on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("destination") == Destination.OTHER and not data.get("destination_detail"):
            self.add_error(
                "destination_detail", _("Please say which service the family was referred to.")
            )
        return data


class ReferralOutcomeForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    outcome_on = today_field(_("Outcome known on"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") not in (None, ReferralOutcome.OPEN) and not data.get("outcome_on"):
            self.add_error("outcome_on", _("Please enter when the outcome became known."))
        return data


class ConsentForm(TokenForm):
    purpose = forms.ChoiceField(label=_("Consented to"), choices=ConsentPurpose.choices)
    given_on = today_field(_("Given on"))
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("e.g. where the signed form is kept"),
    )


class DateForm(BootstrapForm):
    """Closing a case, withdrawing a consent: one date, today unless changed."""

    day = today_field(_("Date"))


class ChildProtectionForm(BootstrapForm):
    flag = forms.BooleanField(label=_("Child-protection concern"), required=False)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
