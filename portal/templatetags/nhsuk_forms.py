"""Template helpers for the NHS.UK crispy-forms pack (templates/nhsuk/).

The pack's templates hold the markup; this module decides which NHS.UK component a field
becomes and works out the ids, classes and aria-describedby that tie its parts together.
"""

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import slugify

from portal.widgets import NHSDateInput

register = template.Library()

# Component template, in templates/nhsuk/fields/, for each kind of field.
FIELD_TEMPLATES = {
    "input": "single",
    "textarea": "single",
    "select": "single",
    "file": "single",
    "radios": "choices",
    "checkboxes": "choices",
    "checkbox": "checkbox",
    "date": "date",
    "group": "date",
}

# (class always on the control, extra class when the field has an error)
CONTROL_CLASSES = {
    "input": ("nhsuk-input", "nhsuk-input--error"),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error"),
    "select": ("nhsuk-select", "nhsuk-select--error"),
    "checkbox": ("nhsuk-checkboxes__input", ""),
    "file": ("", ""),
}


def field_kind(bound_field) -> str:
    """The NHS.UK component a bound field is shown as."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    # CheckboxSelectMultiple subclasses RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, NHSDateInput):
        return "date"
    if isinstance(widget, forms.MultiWidget):
        return "group"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _join_classes(*groups: str) -> str:
    seen: list[str] = []
    for group in groups:
        for name in (group or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def field_dom_id(bound_field) -> str:
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id or bound_field.html_name


def field_anchor(bound_field) -> str:
    """The id of the control a link to this field should land on: its first input."""
    dom_id = field_dom_id(bound_field)
    if field_kind(bound_field) in {"radios", "checkboxes", "date", "group"}:
        return f"{dom_id}_0"
    return dom_id


class NHSField:
    """What the pack's templates need to render one bound field."""

    def __init__(self, bound_field, *, show_errors=True, show_label=True, wrapper_class=""):
        self.field = bound_field
        self.show_errors = show_errors
        self.show_label = show_label
        self.wrapper_class = wrapper_class or ""

    @cached_property
    def kind(self) -> str:
        return field_kind(self.field)

    @property
    def template_name(self) -> str:
        return f"nhsuk/fields/{FIELD_TEMPLATES[self.kind]}.html"

    @cached_property
    def id(self) -> str:
        return field_dom_id(self.field)

    @cached_property
    def errors(self) -> list[str]:
        return list(self.field.errors) if self.show_errors else []

    @property
    def hint(self) -> str:
        return self.field.help_text

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint" if self.hint else ""

    @property
    def error_id(self) -> str:
        return f"{self.id}-error" if self.errors else ""

    @cached_property
    def max_length(self) -> int | None:
        """A textarea's limit, shown with NHS.UK's character count."""
        if self.kind != "textarea":
            return None
        return getattr(self.field.field, "max_length", None)

    @property
    def count_message(self) -> str:
        return f"You can enter up to {self.max_length:,} characters" if self.max_length else ""

    @property
    def count_id(self) -> str:
        return f"{self.id}-info" if self.max_length else ""

    @cached_property
    def described_by(self) -> str:
        own = self.field.field.widget.attrs.get("aria-describedby", "")
        return _join_classes(own, self.count_id, self.hint_id, self.error_id)

    @property
    def is_optional(self) -> bool:
        return not self.field.field.required and self.kind != "checkbox"

    @cached_property
    def label(self) -> SafeString:
        label = self.field.label or ""
        if label and self.is_optional:
            return format_html("{} (optional)", label)
        return format_html("{}", label)

    @property
    def group_classes(self) -> str:
        return _join_classes(
            "nhsuk-form-group",
            "nhsuk-character-count" if self.max_length else "",
            "nhsuk-form-group--error" if self.errors else "",
            self.wrapper_class,
        )

    @property
    def group_attrs(self) -> SafeString:
        if not self.max_length:
            return SafeString("")
        return flatatt(
            {"data-module": "nhsuk-character-count", "data-maxlength": str(self.max_length)}
        )

    @property
    def module(self) -> str:
        """The NHS.UK component name for radios and checkbox lists."""
        return "nhsuk-radios" if self.kind == "radios" else "nhsuk-checkboxes"

    @property
    def container_classes(self) -> str:
        # Classes set on a RadioSelect or CheckboxSelectMultiple widget are modifiers for
        # the group, such as nhsuk-radios--inline or nhsuk-checkboxes--small.
        return _join_classes(self.module, self.field.field.widget.attrs.get("class", ""))

    @cached_property
    def items(self) -> list[dict]:
        items = []
        for subwidget in self.field.subwidgets:
            data = subwidget.data
            attrs = dict(data["attrs"])
            attrs.pop("class", None)
            # The fieldset is described by the hint and error; each option need not repeat it.
            attrs.pop("aria-describedby", None)
            item_id = attrs.pop("id", None)
            attrs.update(
                {
                    "class": f"{self.module}__input",
                    "id": item_id,
                    "name": data["name"],
                    "type": data["type"],
                    "value": data["value"],
                }
            )
            items.append({"id": item_id, "label": data["label"], "attrs": flatatt(attrs)})
        return items

    @cached_property
    def widget(self) -> SafeString:
        widget = self.field.field.widget
        attrs = {}
        if self.kind in CONTROL_CLASSES:
            base, error = CONTROL_CLASSES[self.kind]
            classes = _join_classes(
                base,
                "nhsuk-js-character-count" if self.max_length else "",
                error if self.errors else "",
                widget.attrs.get("class"),
            )
            if classes:
                attrs["class"] = classes
            if self.described_by:
                attrs["aria-describedby"] = self.described_by
            if self.max_length:
                # The count tells people the limit; a maxlength attribute would instead cut
                # off what they paste, without a word. The form refuses too long a text.
                attrs["maxlength"] = False
        return self.field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def nhsuk_field(context, bound_field) -> NHSField:
    """`{% nhsuk_field field as f %}`: the field with the pack's view of it."""
    return NHSField(
        bound_field,
        show_errors=context.get("form_show_errors", True) is not False,
        show_label=context.get("form_show_labels", True) is not False,
        wrapper_class=context.get("wrapper_class", ""),
    )


@register.simple_tag
def nhsuk_form_attrs(attrs, method="post", form=None) -> SafeString:
    """The attributes of a <form> tag, always with novalidate so the service's own
    messages show rather than the browser's."""
    # An empty action is invalid HTML; leaving it out posts back to the page, as intended.
    attrs = {key: value for key, value in (attrs or {}).items() if value not in ("", None)}
    attrs.pop("form_group_wrapper_class", None)
    attrs["method"] = (method or "post").lower()
    if form is not None and getattr(form, "is_multipart", lambda: False)():
        attrs["enctype"] = "multipart/form-data"
    attrs["novalidate"] = True
    return flatatt(attrs)


@register.simple_tag
def nhsuk_button_attrs(button) -> SafeString:
    """The attributes of a <button> for a crispy Submit, Button or Reset."""
    # crispy's inputs carry Bootstrap classes by default; keep only the ones added on top.
    default_classes = set(type(button).field_classes.split())
    extra = [name for name in button.field_classes.split() if name not in default_classes]
    attrs = {
        "type": button.input_type,
        "class": _join_classes("nhsuk-button", *extra),
        "data-module": "nhsuk-button",
        "name": button.name,
        "value": button.value,
    }
    # crispy invents an id for every button; only keep one that was asked for, so that two
    # forms on a page do not repeat it.
    if button.id != f"{button.input_type}-id-{slugify(button.name)}":
        attrs["id"] = button.id
    return SafeString(flatatt(attrs) + button.flat_attrs)


def _forms_in(candidate):
    if candidate is None or isinstance(candidate, str):
        return
    if isinstance(candidate, BaseFormSet):
        yield candidate
        return
    if hasattr(candidate, "errors") and hasattr(candidate, "fields"):
        yield candidate
        return
    try:
        members = iter(candidate)
    except TypeError:
        return
    for member in members:
        yield from _forms_in(member)


def _form_error_items(form) -> list[dict]:
    items = [{"text": error, "href": ""} for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        bound_field = form[name] if name in form.fields else None
        href = ""
        if bound_field is not None and not bound_field.is_hidden:
            href = f"#{field_anchor(bound_field)}"
        items.extend({"text": error, "href": href} for error in errors)
    return items


@register.simple_tag
def nhsuk_error_summary_items(form=None, forms_list=None) -> list[dict]:
    """Every error of `form` and of each form in `forms_list` (formsets included), in
    page order: non-field errors as text, field errors as links to the field."""
    items: list[dict] = []
    seen: set[int] = set()
    for candidate in [*_forms_in(form), *_forms_in(forms_list)]:
        if id(candidate) in seen:
            continue
        seen.add(id(candidate))
        if isinstance(candidate, BaseFormSet):
            items.extend({"text": error, "href": ""} for error in candidate.non_form_errors())
            for member in candidate.forms:
                items.extend(_form_error_items(member))
        elif candidate.errors:
            items.extend(_form_error_items(candidate))
    return items
