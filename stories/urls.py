from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from stories import views
from stories.feeds import NewStoriesFeed
from stories.sitemaps import SITEMAPS

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/", views.leader_list, name="leaders"),
    path("stories/feed/", NewStoriesFeed(), name="feed"),
    path("stories/<slug:slug>/", views.leader_detail, name="leader"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("quotes/", views.quote_list, name="quotes"),
    path("pathways/", views.pathway_list, name="pathways"),
    path("pathways/<slug:slug>/", views.pathway_detail, name="pathway"),
    path("routes-into-leadership/", views.routes, name="routes"),
    path("search/", views.search, name="search"),
    path("careers/", include("stories.careers.urls")),
    path("sitemap.xml", views.public(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
