from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from stories import search as stories_search
from stories.views.pages import public

NOTHING_TO_SEARCH_FOR = "Enter a word or phrase to search for"


class QueryField(forms.CharField):
    """What someone searches for, tidied before Django's validators see it: a NUL or an
    over-long query from a crafted URL is cleaned or cut, never turned into an error, since the
    words in it are still worth searching for."""

    def to_python(self, value) -> str:
        return stories_search.clean_query(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(
        label="Search leaders’ stories, quotes and pathways",
        help_text="For example, a role, a skill or a leader’s name",
        error_messages={"required": NOTHING_TO_SEARCH_FOR},
        widget=forms.SearchInput(
            attrs={"maxlength": stories_search.MAX_QUERY_LENGTH, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("stories:search")
        self.helper.form_id = "search-form"
        self.helper.add_input(Submit("", "Search"))

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if not stories_search.is_searchable(query):
            raise forms.ValidationError(NOTHING_TO_SEARCH_FOR)
        return query


@public
def search(request: HttpRequest) -> HttpResponse:
    """Anyone may search what is published. Nothing is searched until a query is sent."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = stories_search.search(form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "stories/search.html", {"form": form, "results": results})
