"""An Atom feed of newly published leaders' stories, for feed readers and newsletters."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from stories.models import Leader

FEED_LENGTH = 20


class NewStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = "Pathways: new leaders’ stories"
    subtitle = "How NHS digital, data and technology leaders got where they are."
    link = reverse_lazy("stories:leaders")
    feed_url = reverse_lazy("stories:feed")
    author_name = "Pathways"

    # Read by LoginRequiredMiddleware from the view (this feed's instance): feed readers never
    # sign in.
    login_required = False

    def items(self) -> QuerySet[Leader]:
        return (
            Leader.objects.published()
            .only("name", "slug", "title", "summary", "published_at", "updated_at")
            .order_by(F("published_at").desc(nulls_last=True), "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: Leader) -> str:
        return f"{item.name}, {item.title}"

    def item_description(self, item: Leader) -> str:
        return item.summary

    def item_pubdate(self, item: Leader) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Leader) -> datetime:
        return item.updated_at
