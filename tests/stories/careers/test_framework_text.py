from django.template import Context, Template

from stories.templatetags.framework_text import framework_text


def render(text: str) -> str:
    return Template("{% load framework_text %}{{ text|framework_text }}").render(
        Context({"text": text})
    )


def test_lines_become_paragraphs_and_dash_lines_a_bulleted_list():
    text = (
        "A business architect develops a view.\n\nIn this role, you will:\n- understand\n- ensure"
    )

    assert render(text) == (
        "<p>A business architect develops a view.</p><p>In this role, you will:</p>"
        '<ul class="nhsuk-list nhsuk-list--bullet"><li>understand</li><li>ensure</li></ul>'
    )


def test_a_paragraph_after_a_list_starts_a_new_list_after_it():
    text = "You can:\n- lead\nExamples of leadership using this skill:\n- growing communities"

    assert render(text) == (
        '<p>You can:</p><ul class="nhsuk-list nhsuk-list--bullet"><li>lead</li></ul>'
        "<p>Examples of leadership using this skill:</p>"
        '<ul class="nhsuk-list nhsuk-list--bullet"><li>growing communities</li></ul>'
    )


def test_windows_line_breaks_and_stray_spaces_are_read_the_same():
    assert render("  You can:\r\n -  plan \r\n\r\n") == (
        '<p>You can:</p><ul class="nhsuk-list nhsuk-list--bullet"><li>plan</li></ul>'
    )


def test_everything_is_escaped():
    html = render('<script>alert(1)</script>\n- <b onclick="x">&amp;</b>')

    assert "<script>" not in html and "<b" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>&lt;b onclick=&quot;x&quot;&gt;&amp;amp;&lt;/b&gt;</li>" in html


def test_empty_or_missing_text_renders_nothing():
    assert render("") == ""
    assert framework_text(None) == ""
    assert render("\n-\n\n") == ""


def test_a_hyphen_inside_a_line_is_not_a_bullet():
    assert render("Data - the basics") == "<p>Data - the basics</p>"
