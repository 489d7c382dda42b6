"""A URLconf with a view that fails, to see the server error page a visitor would get."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path


@login_not_required
def fail(request):
    raise RuntimeError("something broke")


urlpatterns = [path("fail/", fail), path("", include("portal.urls"))]
