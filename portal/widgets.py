"""Form widgets and fields that follow NHS.UK design system patterns."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt, pretty_name
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# (label, width class) for each box, in the order people read a UK date.
DATE_PARTS = (("Day", 2), ("Month", 2), ("Year", 4))

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class NHSDateInput(forms.MultiWidget):
    """Day, month and year boxes, rendered as the NHS.UK date input.

    The surrounding fieldset, legend, hint and error message come from the crispy pack
    (templates/nhsuk/fields/date.html); this widget renders the boxes themselves.
    Pass ``autocomplete="bday"`` for a date of birth so browsers can fill it in.
    """

    use_fieldset = True

    def __init__(self, attrs=None, *, autocomplete: str | None = None):
        widgets = []
        for label, _width in DATE_PARTS:
            sub_attrs = {"inputmode": "numeric"}
            if autocomplete:
                sub_attrs["autocomplete"] = f"{autocomplete}-{label.lower()}"
            widgets.append(forms.TextInput(attrs=sub_attrs))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        # Django marks a field with errors as aria-invalid; use it to know the boxes are wrong.
        has_error = str(widget["attrs"].get("aria-invalid", "")).lower() == "true"
        subwidgets = widget["subwidgets"]
        empty = [sub["value"] in (None, "") for sub in subwidgets]
        # When only some boxes are filled in, the error is about the empty ones: highlight
        # just those. Otherwise the date as a whole is wrong, so highlight every box.
        some_missing = any(empty) and not all(empty)
        for sub, (label, width), is_empty, own in zip(
            subwidgets, DATE_PARTS, empty, self.widgets, strict=True
        ):
            in_error = has_error and (is_empty if some_missing else True)
            extra_classes = " ".join(
                filter(None, [own.attrs.get("class", ""), widget["attrs"].get("class", "")])
            )
            classes = ["nhsuk-input"]
            if in_error:
                classes.append("nhsuk-input--error")
            classes += [f"nhsuk-input--width-{width}", "nhsuk-date-input__input"]
            classes += [c for c in extra_classes.split() if c not in classes]
            sub["attrs"]["class"] = " ".join(classes)
            if not in_error:
                sub["attrs"].pop("aria-invalid", None)
            # The fieldset carries the description; repeating it per box is noise.
            sub["attrs"].pop("aria-describedby", None)
            sub["nhsuk_label"] = label
            sub["nhsuk_error"] = in_error
        return context

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        items = format_html_join(
            "\n",
            '<div class="nhsuk-date-input__item">\n'
            '<div class="nhsuk-form-group{}">\n'
            '<label class="nhsuk-label nhsuk-date-input__label" for="{}">{}</label>\n'
            "<input{}>\n"
            "</div>\n"
            "</div>",
            (
                (
                    " nhsuk-form-group--error" if sub["nhsuk_error"] else "",
                    sub["attrs"].get("id", ""),
                    sub["nhsuk_label"],
                    self._input_attrs(sub),
                )
                for sub in widget["subwidgets"]
            ),
        )
        container_id = widget["attrs"].get("id")
        return format_html(
            '<div class="nhsuk-date-input"{}>\n{}\n</div>',
            format_html(' id="{}"', container_id) if container_id else "",
            items,
        )

    @staticmethod
    def _input_attrs(sub) -> SafeString:
        attrs = {**sub["attrs"], "name": sub["name"], "type": sub["type"]}
        if sub["value"] not in (None, ""):
            attrs["value"] = sub["value"]
        return flatatt(attrs)


class NHSDateField(forms.Field):
    """A date entered as day, month and year, checked with NHS.UK style error messages.

    Messages name the field by its label, for example "Date of birth must include a month".
    Override any of them with ``error_messages`` (keys: required, incomplete, invalid,
    year_length); ``%(label)s`` and ``%(missing)s`` are filled in.
    """

    widget = NHSDateInput
    default_error_messages = {
        "required": "Enter the date",
        "incomplete": "%(label)s must include %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_length": "Year must include 4 numbers",
    }

    def get_bound_field(self, form, field_name):
        # Fields are copied per form instance, so remembering the name here is safe; messages
        # need it when no explicit label was given.
        self._name_for_messages = pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    @property
    def message_label(self) -> str:
        return str(self.label or getattr(self, "_name_for_messages", "") or "Date")

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required")

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise self._error("invalid") from None
        parts = [str(part).strip() if part is not None else "" for part in value]
        if len(parts) != len(DATE_PARTS):
            raise self._error("invalid")
        if not any(parts):
            return None
        missing = [
            name.lower() for (name, _), part in zip(DATE_PARTS, parts, strict=True) if not part
        ]
        if missing:
            raise self._error("incomplete", missing="a " + " and ".join(missing))
        day_text, month_text, year_text = parts
        day = _whole_number(day_text)
        month = _whole_number(month_text) or MONTH_NAMES.get(month_text.lower())
        year = _whole_number(year_text)
        if day is None or month is None or year is None:
            raise self._error("invalid")
        if len(year_text) != 4:
            raise self._error("year_length")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise self._error("invalid") from None

    def _error(self, code: str, **params) -> ValidationError:
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={"label": self.message_label, **params},
        )


def _whole_number(text: str) -> int | None:
    # ASCII digits only: str.isdigit() would accept characters such as "²".
    return int(text) if re.fullmatch(r"[0-9]+", text) else None
