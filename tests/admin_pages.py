"""The admin pages a member of staff may open, found from the admin site's registry, so a model
registered later is covered by the tests without changing them. Used by the link and hostile
input tests (tests/*/test_admin_*.py) and the axe crawl (tests/browser/test_admin_pages.py)."""

from django.apps import apps as global_apps
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.test import RequestFactory
from django.urls import reverse

from mentoring.mentorships import demo as mentoring_demo
from portal import demo as portal_demo
from portal.models import User
from portal.roles import COORDINATORS, EDITORS, grant
from stories import demo as stories_demo

ROLES = [EDITORS, COORDINATORS]


def restore_staff_roles() -> None:
    """Give the staff groups the rights their migrations grant. A transactional test starts from
    an empty database, without the groups, so the grants are replayed from the migrations
    themselves: a right granted by a new migration reaches these tests too."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        for operation in loader.disk_migrations[key].operations:
            code = getattr(operation, "code", None)
            if isinstance(operation, RunPython) and getattr(code, "func", None) is grant:
                code(global_apps, None)


def load_demo_data() -> None:
    restore_staff_roles()
    portal_demo.load()
    stories_demo.load()
    mentoring_demo.load()


def staff_member(role: str):
    return User.objects.get(groups__name=role, email__endswith="@example.com")


def request_as(user, path: str = "/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def visible_model_admins(user) -> list[BaseModelAdmin]:
    request = request_as(user)
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.has_module_permission(request)
        and model_admin.has_view_or_change_permission(request)
    ]


def url(model_admin, view: str, *args) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def sample_object(model_admin, request):
    """The object that refers to the most other objects, so its pages show the most links."""
    relations = [f.attname for f in model_admin.opts.concrete_fields if f.is_relation]

    def filled(obj) -> tuple[int, int]:
        return sum(getattr(obj, name) is not None for name in relations), obj.pk

    return max(model_admin.get_queryset(request).order_by("pk")[:200], key=filled, default=None)


def admin_pages(user) -> list[str]:
    """Every admin page `user` may open: the index, each app's index, and for each model they
    may see its list (searched, and filtered by each filter's first choice), the add form, one
    object's change (or view) page, its history and its delete confirmation."""
    request = request_as(user)
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    app_labels = []
    for model_admin in visible_model_admins(user):
        opts = model_admin.opts
        if opts.app_label not in app_labels:
            app_labels.append(opts.app_label)
        changelist = url(model_admin, "changelist")
        pages.append(changelist)
        if model_admin.get_search_fields(request):
            pages.append(f"{changelist}?q=a")
        change_list = model_admin.get_changelist_instance(request_as(user, changelist))
        for spec in change_list.filter_specs:
            choice = next((c for c in spec.choices(change_list) if not c["selected"]), None)
            if choice is not None:
                pages.append(changelist + choice["query_string"])
        if model_admin.has_add_permission(request):
            pages.append(url(model_admin, "add"))
        obj = sample_object(model_admin, request)
        if obj is None:
            continue
        pages.append(url(model_admin, "change", obj.pk))
        pages.append(url(model_admin, "history", obj.pk))
        if model_admin.has_delete_permission(request, obj):
            pages.append(url(model_admin, "delete", obj.pk))
    pages[1:1] = [reverse("admin:app_list", args=[label]) for label in app_labels]
    return pages


def add_and_change_forms(user) -> list[str]:
    """The add and change forms `user` may submit."""
    request = request_as(user)
    forms = []
    for model_admin in visible_model_admins(user):
        if model_admin.has_add_permission(request):
            forms.append(url(model_admin, "add"))
        obj = sample_object(model_admin, request)
        if obj is not None and model_admin.has_change_permission(request, obj):
            forms.append(url(model_admin, "change", obj.pk))
    return forms
