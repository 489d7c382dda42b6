from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict:
    """The service name and the header's navigation, with the section being viewed marked."""
    navigation = []
    for label, url_name in settings.PRIMARY_NAVIGATION:
        url = reverse(url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        navigation.append({"label": label, "url": url, "current": current})
    return {"service_name": settings.SERVICE_NAME, "navigation": navigation}
