"""Changes to published content. Admin actions call these; nothing else sets status."""

from django.db import transaction
from django.utils import timezone

from stories.models import Publishable, Status


@transaction.atomic
def publish(*, item: Publishable) -> bool:
    """Publish a draft. The first publication date is kept when an item is republished, so
    the feed does not announce it again. Returns whether anything changed."""
    if item.status == Status.PUBLISHED:
        return False
    item.status = Status.PUBLISHED
    if item.published_at is None:
        item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    return True


@transaction.atomic
def unpublish(*, item: Publishable) -> bool:
    """Take an item back to draft: it leaves every public page, search, the feed and sitemap."""
    if item.status == Status.DRAFT:
        return False
    item.status = Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    return True
