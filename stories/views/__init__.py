"""Public pages of the stories app: anyone may read them, signed in or not."""

from stories.views.pages import (
    home,
    leader_detail,
    leader_list,
    pathway_detail,
    pathway_list,
    public,
    quote_list,
    theme_detail,
    theme_list,
)
from stories.views.routes import routes
from stories.views.search import search

__all__ = [
    "home",
    "leader_detail",
    "leader_list",
    "pathway_detail",
    "pathway_list",
    "public",
    "quote_list",
    "routes",
    "search",
    "theme_detail",
    "theme_list",
]
