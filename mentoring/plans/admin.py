"""Career plans in admin: for superusers only, and every look at a plan is kept.

Plans are private to their owner. Coordinators and editors do not see them in admin at all
(not in the index, not in lists, not by URL); a superuser may open one, for example to answer a
subject access request, and each time they do a `PlanViewing` records who and when."""

from django.contrib import admin
from django.http import HttpRequest

from mentoring.plans import services
from mentoring.plans.models import CareerPlan, PlanGoal


class SuperusersOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class PlanGoalInline(SuperusersOnly, admin.TabularInline):
    model = PlanGoal
    fields = ["skill", "what", "by_when", "status"]
    readonly_fields = fields
    extra = 0


@admin.register(CareerPlan)
class CareerPlanAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["__str__", "owner", "target_role_level", "updated_at"]
    list_select_related = ["owner", "target_role_level"]
    fields = ["owner", "current_role_level", "current_role_text", "target_role_level"]
    readonly_fields = fields
    inlines = [PlanGoalInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        plan = self.get_object(request, object_id)
        if plan is not None and response.status_code == 200:
            services.record_viewing(plan=plan, viewer=request.user)
        return response
