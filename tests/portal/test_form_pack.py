"""The NHS.UK crispy-forms pack renders NHS.UK frontend v10 markup for every kind of field."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Button, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template
from django.test.html import Element, parse_html

from portal.widgets import NHSDateField, NHSDateInput

ROLE_CHOICES = [("mentor", "Mentor"), ("mentee", "Mentee")]
TOPIC_CHOICES = [("data", "Data"), ("design", "Design"), ("delivery", "Delivery")]


class EveryFieldForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        help_text="As it appears on your ID badge",
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "nhsuk-input--width-20"}),
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    about = forms.CharField(label="About you", widget=forms.Textarea, required=False)
    region = forms.ChoiceField(
        label="Region", choices=[("", "Choose a region"), ("london", "London"), ("north", "North")]
    )
    role = forms.ChoiceField(
        label="How do you want to take part?",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(
        label="I agree to the terms", help_text="You can withdraw at any time"
    )
    newsletter = forms.BooleanField(label="Send me news", required=False)
    start = NHSDateField(label="Start date", help_text="For example, 15 3 2024")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save and continue"))


VALID_DATA = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.nhs.uk",
    "password": "a long passphrase",
    "region": "london",
    "role": "mentor",
    "agree": "on",
    "start_0": "15",
    "start_1": "3",
    "start_2": "2024",
}

INVALID_DATA = {"role": "", "start_0": "31", "start_1": "", "start_2": "2024"}


# Reading rendered HTML --------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load crispy_forms_tags %}" + template).render(Context(context))


def dom(html: str) -> Element:
    return parse_html(html)


def walk(node):
    if isinstance(node, Element):
        yield node
        for child in node.children:
            yield from walk(child)


def attrs(element: Element) -> dict:
    return {name: ("" if value is None else value) for name, value in element.attributes}


def classes(element: Element) -> set[str]:
    return set(attrs(element).get("class", "").split())


def find_all(root, tag: str | None = None, class_: str | None = None, **wanted) -> list:
    """Elements matching `tag`, having class `class_` and attributes `wanted` (a trailing
    underscore in a name stands for a hyphen: aria_describedby)."""
    wanted = {name.replace("_", "-"): value for name, value in wanted.items()}
    found = []
    for element in walk(root):
        if tag and element.name != tag:
            continue
        if class_ and class_ not in classes(element):
            continue
        if all(attrs(element).get(name) == value for name, value in wanted.items()):
            found.append(element)
    return found


def find(root, tag=None, class_=None, **wanted) -> Element:
    matches = find_all(root, tag, class_, **wanted)
    assert len(matches) == 1, f"expected one {tag} .{class_} {wanted}, found {len(matches)}"
    return matches[0]


def by_id(root, element_id: str) -> Element:
    return find(root, id=element_id)


def text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join("".join(_text_parts(node)).split())


def _text_parts(node):
    if isinstance(node, str):
        yield node
        return
    # The parser trims text next to tags, so put back the space a browser would show.
    for child in node.children:
        if isinstance(child, Element):
            yield " "
            yield from _text_parts(child)
            yield " "
        else:
            yield child


def group_of(root, element_id: str) -> Element:
    """The nhsuk-form-group that directly holds the control with this id."""
    groups = [
        group
        for group in find_all(root, "div", "nhsuk-form-group")
        if any(attrs(e).get("id") == element_id for e in walk(group))
    ]
    # The innermost group is the last one in document order among the nested ones.
    return groups[-1]


def outer_group_of(root, element_id: str) -> Element:
    groups = [
        group
        for group in find_all(root, "div", "nhsuk-form-group")
        if any(attrs(e).get("id") == element_id for e in walk(group))
    ]
    return groups[0]


def described_by(element: Element) -> list[str]:
    return attrs(element).get("aria-describedby", "").split()


@pytest.fixture
def page():
    return dom(render("{% crispy form %}", form=EveryFieldForm()))


@pytest.fixture
def error_page():
    form = EveryFieldForm(INVALID_DATA)
    assert not form.is_valid()
    return dom(render("{% crispy form %}", form=form))


# The form tag and buttons -----------------------------------------------------------------


def test_form_tag_posts_without_browser_validation_and_carries_csrf():
    html = render("{% crispy form %}", form=EveryFieldForm(), csrf_token="token123")
    form = find(dom(html), "form")
    assert attrs(form)["method"] == "post"
    assert "novalidate" in attrs(form)
    assert "action" not in attrs(form)
    assert find(form, "input", name="csrfmiddlewaretoken", type="hidden")


def test_form_tag_follows_the_helper():
    form = EveryFieldForm()
    form.helper.form_method = "get"
    form.helper.form_action = "/search/"
    form.helper.form_id = "search-form"
    form.helper.form_class = "app-search"
    form.helper.attrs = {"data-module": "app-search"}
    tag = find(dom(render("{% crispy form %}", form=form, csrf_token="token123")), "form")
    assert attrs(tag)["method"] == "get"
    assert attrs(tag)["action"] == "/search/"
    assert attrs(tag)["id"] == "search-form"
    assert "app-search" in classes(tag)
    assert attrs(tag)["data-module"] == "app-search"
    assert "novalidate" in attrs(tag)
    assert not find_all(tag, "input", name="csrfmiddlewaretoken")


def test_form_tag_can_be_left_out():
    form = EveryFieldForm()
    form.helper.form_tag = False
    root = dom(render("{% crispy form %}", form=form))
    assert not find_all(root, "form")
    assert find(root, "input", id="id_full_name")


def test_submit_renders_an_nhs_button(page):
    button = find(page, "button")
    assert attrs(button) == {
        "type": "submit",
        "class": "nhsuk-button",
        "data-module": "nhsuk-button",
        "name": "submit",
        "value": "Save and continue",
    }
    assert text(button) == "Save and continue"
    assert "nhsuk-button-group" in classes(find(page, "div", "nhsuk-button-group"))


def test_buttons_keep_order_and_extra_classes_but_not_bootstrap_ones():
    form = EveryFieldForm()
    form.helper.inputs = []
    form.helper.add_input(Submit("save", "Save"))
    form.helper.add_input(Submit("draft", "Save as draft", css_class="nhsuk-button--secondary"))
    form.helper.add_input(Button("remove", "Remove", css_class="nhsuk-button--warning"))
    buttons = find_all(dom(render("{% crispy form %}", form=form)), "button")
    assert [text(b) for b in buttons] == ["Save", "Save as draft", "Remove"]
    assert classes(buttons[0]) == {"nhsuk-button"}
    assert classes(buttons[1]) == {"nhsuk-button", "nhsuk-button--secondary"}
    assert classes(buttons[2]) == {"nhsuk-button", "nhsuk-button--warning"}
    assert attrs(buttons[2])["type"] == "button"
    assert all("id" not in attrs(b) for b in buttons)


def test_crispy_filter_renders_fields_without_a_form_tag():
    root = dom(render("{{ form|crispy }}", form=EveryFieldForm()))
    assert not find_all(root, "form")
    assert not find_all(root, "button")
    assert find(root, "input", id="id_full_name")
    assert find(root, "fieldset", class_="nhsuk-fieldset", role="group")


# Text, email and password inputs --------------------------------------------------------


def test_text_input(page):
    control = by_id(page, "id_full_name")
    assert control.name == "input"
    assert attrs(control)["type"] == "text"
    assert attrs(control)["name"] == "full_name"
    assert classes(control) == {"nhsuk-input", "nhsuk-input--width-20"}
    assert attrs(control)["autocomplete"] == "name"
    group = group_of(page, "id_full_name")
    assert classes(group) == {"nhsuk-form-group"}
    label = find(group, "label")
    assert classes(label) == {"nhsuk-label"}
    assert attrs(label)["for"] == "id_full_name"
    assert text(label) == "Full name"


def test_email_input_keeps_type_and_widget_attributes(page):
    control = by_id(page, "id_email")
    assert attrs(control)["type"] == "email"
    assert attrs(control)["autocomplete"] == "email"
    assert attrs(control)["spellcheck"] == "false"
    assert classes(control) == {"nhsuk-input"}


def test_password_input_is_plain_with_its_autocomplete():
    form = EveryFieldForm({**VALID_DATA, "full_name": ""})
    form.is_valid()
    root = dom(render("{% crispy form %}", form=form))
    control = by_id(root, "id_password")
    assert attrs(control)["type"] == "password"
    assert attrs(control)["autocomplete"] == "new-password"
    assert classes(control) == {"nhsuk-input"}
    # A password is never sent back to the browser.
    assert "value" not in attrs(control)
    assert not find_all(root, "button", class_="nhsuk-password-input__toggle")


def test_textarea(page):
    control = by_id(page, "id_about")
    assert control.name == "textarea"
    assert classes(control) == {"nhsuk-textarea"}
    assert text(find(group_of(page, "id_about"), "label")) == "About you (optional)"


def test_select(page):
    control = by_id(page, "id_region")
    assert control.name == "select"
    assert classes(control) == {"nhsuk-select"}
    assert [attrs(o)["value"] for o in find_all(control, "option")] == ["", "london", "north"]
    assert attrs(find(group_of(page, "id_region"), "label"))["for"] == "id_region"


def test_disabled_and_readonly_are_kept():
    form = EveryFieldForm()
    form.fields["full_name"].disabled = True
    form.fields["email"].widget.attrs["readonly"] = True
    root = dom(render("{% crispy form %}", form=form))
    assert "disabled" in attrs(by_id(root, "id_full_name"))
    assert "readonly" in attrs(by_id(root, "id_email"))


# Hints, labels and required fields --------------------------------------------------------


def test_help_text_is_a_hint_linked_by_aria_describedby(page):
    hint = by_id(page, "id_full_name-hint")
    assert classes(hint) == {"nhsuk-hint"}
    assert text(hint) == "As it appears on your ID badge"
    assert described_by(by_id(page, "id_full_name")) == ["id_full_name-hint"]
    # Without help text nothing describes the input.
    assert "aria-describedby" not in attrs(by_id(page, "id_email"))


def test_optional_fields_say_so_and_required_fields_do_not(page):
    assert text(find(group_of(page, "id_full_name"), "label")) == "Full name"
    assert text(find(group_of(page, "id_about"), "label")) == "About you (optional)"
    legend = find(outer_group_of(page, "id_topics_0"), "legend")
    assert text(legend) == "Topics (optional)"
    # A single checkbox is a yes or no, never "optional".
    assert text(find(group_of(page, "id_newsletter"), "label")) == "Send me news"


# Radios and checkboxes --------------------------------------------------------------------


def test_radios_are_a_fieldset_with_a_legend(page):
    group = outer_group_of(page, "id_role_0")
    assert classes(group) == {"nhsuk-form-group"}
    fieldset = find(group, "fieldset")
    assert classes(fieldset) == {"nhsuk-fieldset"}
    assert described_by(fieldset) == ["id_role-hint"]
    legend = find(fieldset, "legend")
    assert classes(legend) == {"nhsuk-fieldset__legend", "nhsuk-fieldset__legend--s"}
    assert text(legend) == "How do you want to take part?"
    assert text(by_id(fieldset, "id_role-hint")) == "Choose one"
    radios = find(fieldset, "div", "nhsuk-radios")
    assert attrs(radios)["data-module"] == "nhsuk-radios"
    items = find_all(radios, "div", "nhsuk-radios__item")
    assert len(items) == 2
    for index, (value, label_text) in enumerate(ROLE_CHOICES):
        control = find(items[index], "input")
        assert attrs(control)["id"] == f"id_role_{index}"
        assert attrs(control)["type"] == "radio"
        assert attrs(control)["name"] == "role"
        assert attrs(control)["value"] == value
        assert classes(control) == {"nhsuk-radios__input"}
        label = find(items[index], "label")
        assert classes(label) == {"nhsuk-label", "nhsuk-radios__label"}
        assert attrs(label)["for"] == f"id_role_{index}"
        assert text(label) == label_text


def test_chosen_radio_is_checked():
    root = dom(render("{% crispy form %}", form=EveryFieldForm(initial={"role": "mentee"})))
    assert "checked" not in attrs(by_id(root, "id_role_0"))
    assert "checked" in attrs(by_id(root, "id_role_1"))


def test_checkbox_list_is_a_fieldset_with_a_legend():
    form = EveryFieldForm(initial={"topics": ["design"]})
    root = dom(render("{% crispy form %}", form=form))
    fieldset = find(outer_group_of(root, "id_topics_0"), "fieldset")
    assert classes(find(fieldset, "legend")) == {
        "nhsuk-fieldset__legend",
        "nhsuk-fieldset__legend--s",
    }
    boxes = find(fieldset, "div", "nhsuk-checkboxes")
    assert attrs(boxes)["data-module"] == "nhsuk-checkboxes"
    controls = find_all(boxes, "input")
    assert [attrs(c)["id"] for c in controls] == ["id_topics_0", "id_topics_1", "id_topics_2"]
    assert all(attrs(c)["type"] == "checkbox" and attrs(c)["name"] == "topics" for c in controls)
    assert all(classes(c) == {"nhsuk-checkboxes__input"} for c in controls)
    assert ["checked" in attrs(c) for c in controls] == [False, True, False]
    labels = find_all(boxes, "label", "nhsuk-checkboxes__label")
    assert [text(label) for label in labels] == ["Data", "Design", "Delivery"]


def test_widget_classes_on_radios_modify_the_group():
    form = EveryFieldForm()
    form.fields["role"].widget.attrs["class"] = "nhsuk-radios--inline"
    root = dom(render("{% crispy form %}", form=form))
    assert classes(find(root, "div", "nhsuk-radios")) == {"nhsuk-radios", "nhsuk-radios--inline"}
    assert classes(by_id(root, "id_role_0")) == {"nhsuk-radios__input"}


def test_single_checkbox_has_its_own_label_and_hint_and_no_legend(page):
    group = group_of(page, "id_agree")
    assert not find_all(group, "fieldset")
    assert not find_all(group, "legend")
    item = find(group, "div", "nhsuk-checkboxes__item")
    control = find(item, "input")
    assert attrs(control)["type"] == "checkbox"
    assert classes(control) == {"nhsuk-checkboxes__input"}
    label = find(item, "label")
    assert classes(label) == {"nhsuk-label", "nhsuk-checkboxes__label"}
    assert attrs(label)["for"] == "id_agree"
    assert text(label) == "I agree to the terms"
    hint = find(item, "div", "nhsuk-hint")
    assert classes(hint) == {"nhsuk-hint", "nhsuk-checkboxes__hint"}
    assert attrs(hint)["id"] == "id_agree-hint"
    assert described_by(control) == ["id_agree-hint"]
    # The label appears once only.
    assert text(group).count("I agree to the terms") == 1


# Date input -------------------------------------------------------------------------------


def test_date_input_markup(page):
    group = outer_group_of(page, "id_start_0")
    fieldset = find(group, "fieldset")
    assert attrs(fieldset)["role"] == "group"
    assert described_by(fieldset) == ["id_start-hint"]
    assert text(find(fieldset, "legend")) == "Start date"
    date_input = find(fieldset, "div", "nhsuk-date-input")
    items = find_all(date_input, "div", "nhsuk-date-input__item")
    assert len(items) == 3
    expected = [("Day", "2"), ("Month", "2"), ("Year", "4")]
    for index, (item, (label_text, width)) in enumerate(zip(items, expected, strict=True)):
        control = find(item, "input")
        assert attrs(control)["id"] == f"id_start_{index}"
        assert attrs(control)["name"] == f"start_{index}"
        assert attrs(control)["type"] == "text"
        assert attrs(control)["inputmode"] == "numeric"
        assert classes(control) == {
            "nhsuk-input",
            f"nhsuk-input--width-{width}",
            "nhsuk-date-input__input",
        }
        label = find(item, "label")
        assert classes(label) == {"nhsuk-label", "nhsuk-date-input__label"}
        assert attrs(label)["for"] == f"id_start_{index}"
        assert text(label) == label_text


def test_date_input_shows_a_date_value():
    form = EveryFieldForm(initial={"start": datetime.date(2024, 3, 9)})
    root = dom(render("{% crispy form %}", form=form))
    values = [attrs(by_id(root, f"id_start_{i}")).get("value") for i in range(3)]
    assert values == ["9", "3", "2024"]


def test_date_input_can_offer_birthday_autocomplete():
    widget = NHSDateInput(autocomplete="bday")
    root = dom(widget.render("born", None, attrs={"id": "id_born"}))
    assert [attrs(e)["autocomplete"] for e in find_all(root, "input")] == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]


# Errors -----------------------------------------------------------------------------------


def error_message(root, field_id: str) -> Element:
    message = by_id(root, f"{field_id}-error")
    assert message.name == "span"
    assert classes(message) == {"nhsuk-error-message"}
    hidden = find(message, "span", "nhsuk-u-visually-hidden")
    assert text(hidden) == "Error:"
    return message


@pytest.mark.parametrize(
    ("field_id", "control_class", "error_class"),
    [
        ("id_full_name", "nhsuk-input", "nhsuk-input--error"),
        ("id_email", "nhsuk-input", "nhsuk-input--error"),
        ("id_password", "nhsuk-input", "nhsuk-input--error"),
        ("id_region", "nhsuk-select", "nhsuk-select--error"),
    ],
)
def test_field_with_an_error(error_page, field_id, control_class, error_class):
    group = group_of(error_page, field_id)
    assert classes(group) == {"nhsuk-form-group", "nhsuk-form-group--error"}
    message = error_message(error_page, field_id)
    assert text(message) == "Error: This field is required."
    control = by_id(error_page, field_id)
    assert {control_class, error_class} <= classes(control)
    assert f"{field_id}-error" in described_by(control)


def test_error_follows_the_hint_in_aria_describedby(error_page):
    assert described_by(by_id(error_page, "id_full_name")) == [
        "id_full_name-hint",
        "id_full_name-error",
    ]


def test_textarea_with_an_error():
    class NotesForm(forms.Form):
        notes = forms.CharField(widget=forms.Textarea)

    form = NotesForm({"notes": ""})
    root = dom(render("{% crispy form %}", form=form))
    assert classes(by_id(root, "id_notes")) == {"nhsuk-textarea", "nhsuk-textarea--error"}
    assert described_by(by_id(root, "id_notes")) == ["id_notes-error"]
    assert "nhsuk-form-group--error" in classes(group_of(root, "id_notes"))


def test_a_textarea_with_a_limit_is_an_nhs_character_count():
    class NotesForm(forms.Form):
        notes = forms.CharField(
            widget=forms.Textarea, max_length=2000, help_text="What you talked about"
        )

    form = NotesForm({"notes": "x" * 2001})
    root = dom(render("{% crispy form %}", form=form))
    group = group_of(root, "id_notes")
    assert classes(group) == {
        "nhsuk-form-group",
        "nhsuk-character-count",
        "nhsuk-form-group--error",
    }
    assert attrs(group)["data-module"] == "nhsuk-character-count"
    assert attrs(group)["data-maxlength"] == "2000"
    control = by_id(root, "id_notes")
    assert classes(control) == {
        "nhsuk-textarea",
        "nhsuk-js-character-count",
        "nhsuk-textarea--error",
    }
    # No maxlength: it would cut off pasted text without a word; the form refuses instead.
    assert "maxlength" not in attrs(control)
    assert text(control) == "x" * 2001
    assert described_by(control) == ["id_notes-info", "id_notes-hint", "id_notes-error"]
    message = by_id(root, "id_notes-info")
    assert classes(message) == {"nhsuk-hint", "nhsuk-character-count__message"}
    assert text(message) == "You can enter up to 2,000 characters"


def test_a_textarea_without_a_limit_has_no_character_count(page):
    assert "nhsuk-character-count" not in classes(group_of(page, "id_about"))
    assert not find_all(page, id="id_about-info")


def test_radios_with_an_error(error_page):
    group = outer_group_of(error_page, "id_role_0")
    assert classes(group) == {"nhsuk-form-group", "nhsuk-form-group--error"}
    fieldset = find(group, "fieldset")
    assert described_by(fieldset) == ["id_role-hint", "id_role-error"]
    assert text(error_message(fieldset, "id_role")) == "Error: This field is required."


def test_single_checkbox_with_an_error(error_page):
    group = group_of(error_page, "id_agree")
    assert "nhsuk-form-group--error" in classes(group)
    error_message(group, "id_agree")
    assert described_by(by_id(group, "id_agree")) == ["id_agree-hint", "id_agree-error"]


def test_date_with_a_missing_part_highlights_that_part(error_page):
    group = outer_group_of(error_page, "id_start_0")
    assert classes(group) == {"nhsuk-form-group", "nhsuk-form-group--error"}
    assert described_by(find(group, "fieldset")) == ["id_start-hint", "id_start-error"]
    assert text(error_message(group, "id_start")) == "Error: Start date must include a month"
    in_error = ["nhsuk-input--error" in classes(by_id(group, f"id_start_{i}")) for i in range(3)]
    assert in_error == [False, True, False]
    # What was typed is kept.
    assert attrs(by_id(group, "id_start_0"))["value"] == "31"
    assert attrs(by_id(group, "id_start_2"))["value"] == "2024"


def test_date_that_is_not_real_highlights_every_part():
    form = EveryFieldForm({**VALID_DATA, "start_0": "31", "start_1": "2", "start_2": "2023"})
    root = dom(render("{% crispy form %}", form=form))
    assert text(error_message(root, "id_start")) == "Error: Start date must be a real date"
    assert all("nhsuk-input--error" in classes(by_id(root, f"id_start_{i}")) for i in range(3))


def test_valid_form_shows_no_errors():
    form = EveryFieldForm(VALID_DATA)
    assert form.is_valid(), form.errors
    root = dom(render("{% crispy form %}", form=form))
    assert not find_all(root, class_="nhsuk-form-group--error")
    assert not find_all(root, class_="nhsuk-error-message")


def test_several_errors_on_one_field_share_one_message():
    class PasswordForm(forms.Form):
        password = forms.CharField(widget=forms.PasswordInput)

        def clean_password(self):
            raise forms.ValidationError(["Too short", "Too common"])

    root = dom(render("{% crispy form %}", form=PasswordForm({"password": "x"})))
    message = error_message(root, "id_password")
    assert text(message) == "Error: Too short Too common"
    assert len(find_all(root, class_="nhsuk-error-message")) == 1


# Accessibility of the whole form ----------------------------------------------------------


@pytest.mark.parametrize("bound", [False, True])
def test_ids_are_unique_controls_labelled_and_descriptions_exist(bound):
    form = EveryFieldForm(INVALID_DATA if bound else None)
    root = dom(render("{% crispy form %}", form=form))
    ids = [attrs(e)["id"] for e in walk(root) if "id" in attrs(e)]
    assert len(ids) == len(set(ids))
    label_targets = {attrs(label)["for"] for label in find_all(root, "label")}
    for control in walk(root):
        if control.name not in {"input", "select", "textarea"}:
            continue
        if attrs(control).get("type") == "hidden":
            continue
        assert attrs(control)["id"] in label_targets, attrs(control)["id"]
    for element in walk(root):
        for target in described_by(element):
            assert target in ids
    for fieldset in find_all(root, "fieldset"):
        assert text(find(fieldset, "legend"))


# Layout objects ---------------------------------------------------------------------------


def test_layout_objects():
    class AddressForm(forms.Form):
        line_1 = forms.CharField(label="Address line 1")
        town = forms.CharField(label="Town or city")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(
                Fieldset("What is your address?", "line_1", Field("town", wrapper_class="app-x")),
                Div(HTML('<a class="nhsuk-link" href="/back/">Cancel</a>'), css_class="app-y"),
            )
            self.helper.add_input(Submit("submit", "Continue"))

    root = dom(render("{% crispy form %}", form=AddressForm()))
    fieldset = find(root, "fieldset", "nhsuk-fieldset")
    legend = find(fieldset, "legend")
    assert classes(legend) == {"nhsuk-fieldset__legend", "nhsuk-fieldset__legend--m"}
    assert text(legend) == "What is your address?"
    assert find(fieldset, "input", id="id_line_1")
    assert classes(group_of(root, "id_town")) == {"nhsuk-form-group", "app-x"}
    assert attrs(find(find(root, "div", "app-y"), "a"))["href"] == "/back/"
    assert text(find(root, "button")) == "Continue"


# NHSDateField -----------------------------------------------------------------------------


class DateForm(forms.Form):
    start = NHSDateField(label="Start date")
    finish = NHSDateField(required=False)


def date_errors(day, month, year, field="start"):
    data = {"start_0": "1", "start_1": "1", "start_2": "2024"}
    data.update({f"{field}_0": day, f"{field}_1": month, f"{field}_2": year})
    form = DateForm(data)
    form.is_valid()
    return form.errors.get(field, []), form.cleaned_data.get(field)


def test_date_field_makes_a_date():
    assert date_errors("15", "3", "2024") == ([], datetime.date(2024, 3, 15))
    assert date_errors(" 05 ", "03", "2024") == ([], datetime.date(2024, 3, 5))


def test_date_field_accepts_month_names():
    assert date_errors("1", "Feb", "2024")[1] == datetime.date(2024, 2, 1)
    assert date_errors("1", "september", "2024")[1] == datetime.date(2024, 9, 1)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date"),
        ("15", "", "2024", "Start date must include a month"),
        ("", "3", "2024", "Start date must include a day"),
        ("15", "3", "", "Start date must include a year"),
        ("", "", "2024", "Start date must include a day and month"),
        ("31", "2", "2024", "Start date must be a real date"),
        ("30", "13", "2024", "Start date must be a real date"),
        ("0", "1", "2024", "Start date must be a real date"),
        ("1st", "3", "2024", "Start date must be a real date"),
        ("²", "3", "2024", "Start date must be a real date"),
        ("15", "3", "24", "Year must include 4 numbers"),
    ],
)
def test_date_field_messages(day, month, year, message):
    assert date_errors(day, month, year)[0] == [message]


def test_optional_date_field_may_be_left_empty_and_names_itself_without_a_label():
    assert date_errors("", "", "", field="finish") == ([], None)
    assert date_errors("1", "", "2024", field="finish")[0] == ["Finish must include a month"]


def test_date_field_messages_can_be_replaced():
    class BirthForm(forms.Form):
        born = NHSDateField(
            label="Date of birth",
            error_messages={
                "required": "Enter your date of birth",
                "invalid": "%(label)s must be a real date, like 27 3 2007",
            },
        )

    form = BirthForm({"born_0": "", "born_1": "", "born_2": ""})
    assert form.errors["born"] == ["Enter your date of birth"]
    form = BirthForm({"born_0": "30", "born_1": "2", "born_2": "2000"})
    assert form.errors["born"] == ["Date of birth must be a real date, like 27 3 2007"]


def test_date_field_unchanged_when_the_same_date_is_entered():
    form = DateForm(
        {"start_0": "1", "start_1": "1", "start_2": "2024"},
        initial={"start": datetime.date(2024, 1, 1)},
    )
    assert not form.has_changed()


def test_date_widget_decompresses_dates():
    widget = NHSDateInput()
    assert widget.decompress(datetime.date(2024, 12, 25)) == ["25", "12", "2024"]
    assert widget.decompress(None) == [None, None, None]


# The error summary ------------------------------------------------------------------------


def summary(**context) -> Element | None:
    html = Template('{% include "includes/error_summary.html" %}').render(Context(context))
    if not html.strip():
        return None
    return dom(html)


def summary_entries(root) -> list[tuple[str, str | None]]:
    entries = []
    for item in find_all(root, "li"):
        links = find_all(item, "a")
        entries.append((text(item), attrs(links[0])["href"] if links else None))
    return entries


class NamedForm(forms.Form):
    name = forms.CharField(label="Name")

    def clean(self):
        raise forms.ValidationError("Check the details you entered")


def test_summary_is_empty_without_errors():
    assert summary(form=EveryFieldForm()) is None
    assert summary(form=EveryFieldForm(VALID_DATA)) is None
    assert summary() is None


def test_summary_markup():
    root = summary(form=EveryFieldForm(INVALID_DATA))
    outer = find(root, "div", "nhsuk-error-summary")
    assert attrs(outer)["data-module"] == "nhsuk-error-summary"
    alert = find(outer, "div", role="alert")
    heading = find(alert, "h2")
    assert classes(heading) == {"nhsuk-error-summary__heading"}
    assert text(heading) == "There is a problem"
    assert find(alert, "ul", "nhsuk-error-summary__list")


def test_summary_links_go_to_the_first_control_of_each_field():
    entries = summary_entries(summary(form=EveryFieldForm(INVALID_DATA)))
    hrefs = dict((href, message) for message, href in entries)
    assert hrefs["#id_full_name"] == "This field is required."
    assert hrefs["#id_region"] == "This field is required."
    assert hrefs["#id_role_0"] == "This field is required."
    assert hrefs["#id_agree"] == "This field is required."
    assert hrefs["#id_start_0"] == "Start date must include a month"


def test_summary_links_to_checkbox_lists_land_on_the_first_box():
    class TopicsForm(forms.Form):
        topics = forms.MultipleChoiceField(
            choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple
        )

    entries = summary_entries(summary(form=TopicsForm({})))
    assert entries == [("This field is required.", "#id_topics_0")]


def test_summary_shows_non_field_errors_as_text_first():
    entries = summary_entries(summary(form=NamedForm({"name": ""})))
    assert entries == [
        ("Check the details you entered", None),
        ("This field is required.", "#id_name"),
    ]


def test_summary_covers_several_forms_without_repeating_one():
    class TopicsForm(forms.Form):
        topics = forms.MultipleChoiceField(
            choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple
        )

    first = NamedForm({"first-name": ""}, prefix="first")
    second = TopicsForm({}, prefix="second")
    entries = summary_entries(summary(form=first, forms=[first, second]))
    assert entries == [
        ("Check the details you entered", None),
        ("This field is required.", "#id_first-name"),
        ("This field is required.", "#id_second-topics_0"),
    ]


def test_summary_covers_formsets():
    NameFormSet = forms.formset_factory(NamedForm, extra=0)
    formset = NameFormSet({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-name": ""})
    entries = summary_entries(summary(forms=[formset]))
    assert ("This field is required.", "#id_form-0-name") in entries


def test_summary_escapes_messages():
    class EvilForm(forms.Form):
        def clean(self):
            raise forms.ValidationError("<script>alert(1)</script>")

    html = Template('{% include "includes/error_summary.html" %}').render(
        Context({"form": EvilForm({})})
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
