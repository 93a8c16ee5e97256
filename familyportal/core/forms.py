"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
}


class BootstrapForm(forms.Form):
    """Gives widgets Bootstrap classes and ties errors to them for assistive technology.

    Render fields with ``templates/core/_field.html``; together they replace crispy-forms on
    pages rendered very often, where its template machinery dominated the response time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget_type = self[name].widget_type
            css = _WIDGET_CLASSES.get(widget_type, "form-control")
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = self.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            described = [f"error_{n}_{bound.auto_id}" for n in range(1, len(bound.errors) + 1)]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)
