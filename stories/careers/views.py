"""The public careers pages: the capability framework's role families, roles, role levels and
skills, a side-by-side comparison of role levels, and where leaders in a role came from and
went next. Anyone may read them; every one shows the framework's licence in the footer."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stories.careers import selectors
from stories.careers.diagram import role_moves_diagram
from stories.views.pages import public


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        f"stories/careers/{template}",
        {**context, "framework_attribution": True},
        status=status,
    )


def _history_context(label: str, history: selectors.RoleHistory) -> dict:
    return {
        "history": history,
        "diagram": role_moves_diagram(
            label, came_from=history.came_from.listed, went_next=history.went_next.listed
        ),
    }


@public
def family_list(request: HttpRequest) -> HttpResponse:
    return _render(request, "family_list.html", {"families": selectors.families_with_roles()})


@public
def family_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render(request, "family_detail.html", {"family": selectors.family_for_page(slug=slug)})


@public
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = selectors.role_for_page(slug=slug)
    levels = list(role.levels.all())
    history = selectors.role_history(role=role)
    return _render(
        request,
        "role_detail.html",
        {"role": role, "levels": levels, **_history_context(role.name, history)},
    )


@public
def role_level_detail(request: HttpRequest, slug: str) -> HttpResponse:
    level = selectors.role_level_for_page(slug=slug)
    history = selectors.role_history(level=level)
    return _render(
        request,
        "role_level_detail.html",
        {
            "level": level,
            "other_levels": selectors.other_levels(level),
            **_history_context(level.name, history),
        },
    )


@public
def skill_list(request: HttpRequest) -> HttpResponse:
    return _render(request, "skill_list.html", {"letters": selectors.skills_by_letter()})


@public
def skill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render(request, "skill_detail.html", {"skill": selectors.skill_for_page(slug=slug)})


@public
def compare(request: HttpRequest) -> HttpResponse:
    """Up to three role levels side by side. Bad input (too many, or names of role levels that
    are not offered) gets a message on the page and a 400, with what could be read kept."""
    slugs = list(dict.fromkeys(s.strip() for s in request.GET.getlist("level") if s.strip()))
    # Only so many are looked up, however long the address: the rest are refused unread.
    levels, unknown = selectors.levels_to_compare(slugs[: selectors.MAX_COMPARED * 3])
    errors = []
    if unknown:
        errors.append(
            "We could not find "
            + ("these role levels" if len(unknown) > 1 else "this role level")
            + f": {', '.join(unknown)}. Choose from the lists."
        )
    if len(slugs) > selectors.MAX_COMPARED:
        errors.append(
            f"You can compare up to {selectors.MAX_COMPARED} role levels. You chose {len(slugs)}."
        )
    chosen = levels[: selectors.MAX_COMPARED]
    return _render(
        request,
        "compare.html",
        {
            "errors": errors,
            "choices": selectors.level_choices(),
            "pickers": [
                {"number": n, "selected": chosen[n - 1].slug if n <= len(chosen) else ""}
                for n in range(1, selectors.MAX_COMPARED + 1)
            ],
            "comparison": selectors.comparison(chosen) if len(chosen) > 1 and not errors else None,
            "chosen": chosen,
        },
        status=400 if errors else 200,
    )
