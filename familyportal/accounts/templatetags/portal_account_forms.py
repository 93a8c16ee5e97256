"""Bootstrap markup for forms we do not build ourselves (allauth's), see allauth/elements."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "radio": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
}


@register.simple_tag
def bootstrap_widget(field: BoundField) -> SafeString:
    """The field's widget with Bootstrap classes and without a placeholder.

    The label is always shown, so a placeholder would only repeat it in low contrast. Django
    adds ``aria-invalid`` and ``aria-describedby`` (``<id>_error``, ``<id>_helptext``) itself;
    ``allauth/elements/_bound_field.html`` gives those ids to the error and help texts.
    """
    css = [field.field.widget.attrs.get("class", ""), _WIDGET_CLASSES.get(field.widget_type)]
    if not css[1]:
        css[1] = "form-control"
    if field.errors:
        css.append("is-invalid")
    attrs = {"class": " ".join(c for c in css if c), "placeholder": False}
    return field.as_widget(attrs=attrs)
