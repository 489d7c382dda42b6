from datetime import timedelta
from functools import cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import pluralize
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


# The layout links a dozen pages and files on every page. Their addresses do not change while
# the process runs, but `{% url %}` and `{% static %}` work each one out afresh (about 30
# microseconds each, a tenth of a list page's rendering): these tags work them out once.
@cache
def _fixed_url(name: str, urlconf: str | None, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@cache
def _asset(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_addresses(**kwargs) -> None:
    # Tests that change the URLconf, STATIC_URL or the storages get fresh addresses.
    _fixed_url.cache_clear()
    _asset.cache_clear()


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% fixed_url "portal:privacy" %}`: `{% url %}` for a page whose address takes no
    arguments, worked out once."""
    return _fixed_url(name, get_urlconf(), get_script_prefix())


@register.simple_tag
def asset(path: str) -> str:
    """`{% asset "portal/pathways.css" %}`: `{% static %}`, worked out once per file."""
    return _asset(path)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*pairs: str) -> dict:
    """Breadcrumbs from (label, URL name or path) pairs, ancestors only, nearest last.

    `{% breadcrumbs "Home" "stories:home" "My account" "portal:my-account" %}`
    """
    if not pairs or len(pairs) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label and URL pairs")
    crumbs = []
    for label, target in zip(pairs[::2], pairs[1::2], strict=True):
        crumbs.append((label, target if target.startswith("/") else fixed_url(target)))
    return {"crumbs": crumbs}


@register.filter
def minutes(duration: timedelta | None) -> str:
    """A duration in whole minutes, in words: "15 minutes", "1 minute"."""
    if duration is None:
        return "a while"
    count = max(1, round(duration.total_seconds() / 60))
    return f"{count} minute{pluralize(count)}"


@register.filter
def any_errors(forms) -> bool:
    """Whether any of several forms (or formsets) on a page has errors."""
    return any(form.errors if hasattr(form, "errors") else False for form in forms or [])


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj) -> dict:
    """NHS.UK numbered pagination that keeps the other query parameters (filters) in the links."""
    query = context["request"].GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return f"?{query.urlencode()}"

    items = []
    if page_obj.paginator.num_pages > 1:
        for number in page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=1, on_ends=1
        ):
            if number == page_obj.paginator.ELLIPSIS:
                items.append({"ellipsis": True})
            else:
                items.append(
                    {"number": number, "href": link(number), "current": number == page_obj.number}
                )
    return {
        "items": items,
        "previous": link(page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": link(page_obj.next_page_number()) if page_obj.has_next() else None,
    }
