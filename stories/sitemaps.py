"""What search engines may index: the public pages and every published story and pathway.
Search results are left out: they are not pages in their own right."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from stories.models import Leader, Pathway, Theme


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "stories:home",
            "stories:leaders",
            "stories:themes",
            "stories:quotes",
            "stories:pathways",
            "stories:routes",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class LeaderSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Leader]:
        return Leader.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Leader) -> datetime:
        return item.updated_at


class PathwaySitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Pathway]:
        return Pathway.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Pathway) -> datetime:
        return item.updated_at


class ThemeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Theme]:
        return Theme.objects.only("slug").order_by("id")


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticPagesSitemap,
    "stories": LeaderSitemap,
    "pathways": PathwaySitemap,
    "themes": ThemeSitemap,
}
