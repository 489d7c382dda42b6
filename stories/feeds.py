from django.contrib.syndication.views import Feed


class NewStoriesFeed(Feed):
    """Placeholder until the Atom feed is built."""

    title = "Pathways: new stories"
    link = "/stories/"

    def items(self):
        return []
