"""Changes to published content. Admin actions call these; nothing else sets status."""

from django.db import transaction
from django.utils import timezone

from portal.caching import forget_visitor_pages
from stories.models import Leader, Publishable, Quote, Status


def _forget_kept_pages_once_saved(changed: list[Publishable]) -> None:
    """Visitors' kept pages may show what changed: stop serving them once it is saved."""
    if changed:
        transaction.on_commit(forget_visitor_pages)


@transaction.atomic
def publish(*, item: Publishable) -> list[Publishable]:
    """Publish a draft. Publishing a leader also publishes the leader's quotes that have never
    been published, so the public story has the quotes the editor added and previewed with it;
    a quote an editor unpublished stays a draft until it is published on its own. The first
    publication date is kept when an item is republished, so the feed does not announce it
    again. Returns the items whose status changed, the item itself first; empty if none did."""
    changed: list[Publishable] = []
    if item.status != Status.PUBLISHED:
        item.status = Status.PUBLISHED
        if item.published_at is None:
            item.published_at = timezone.now()
        item.save(update_fields=["status", "published_at", "updated_at"])
        changed.append(item)
    if isinstance(item, Leader):
        changed.extend(_publish_new_quotes(leader=item))
    _forget_kept_pages_once_saved(changed)
    return changed


def _publish_new_quotes(*, leader: Leader) -> list[Quote]:
    quotes = list(
        Quote.objects.select_for_update()
        .filter(leader=leader, status=Status.DRAFT, published_at__isnull=True)
        .order_by("id")
    )
    now = timezone.now()
    Quote.objects.filter(pk__in=[quote.pk for quote in quotes]).update(
        status=Status.PUBLISHED, published_at=now, updated_at=now
    )
    for quote in quotes:
        quote.status, quote.published_at, quote.updated_at = Status.PUBLISHED, now, now
    return quotes


@transaction.atomic
def unpublish(*, item: Publishable) -> list[Publishable]:
    """Take an item back to draft: it leaves every public page, search, the feed and sitemap.
    A leader's quotes keep their own status: they leave public pages with the leader, and come
    back as they were when the leader is published again. Returns the items whose status
    changed: the item, or nothing if it was already a draft."""
    if item.status == Status.DRAFT:
        return []
    item.status = Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    _forget_kept_pages_once_saved([item])
    return [item]
