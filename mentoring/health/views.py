"""The coordinators' "Pairs at risk" page and its CSV download: the same rows, filtered by
health, region, band and organisation."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentoring.health import forms, selectors
from portal.csv_export import csv_response
from portal.dates import nhs_date
from stories.models import Band, Region

PERMISSION = "mentoring.view_programme"
PAIRS_PER_PAGE = 50
REGIONS = dict(Region.choices)
BANDS = dict(Band.choices)

CSV_HEADER = [
    "Mentee",
    "Mentor",
    "Mentee's region",
    "Mentee's band",
    "Mentee's organisation",
    "Health",
    "Last met",
    "Days since",
    "Agreed to meet every (days)",
    "Terms agreed",
    "Closes on",
]


def _pairs(request: HttpRequest) -> tuple[forms.PairFilterForm, list[selectors.PairHealth]]:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only programme coordinators see the pairs at risk.")
    form = forms.PairFilterForm(request.GET or None)
    return form, selectors.pairs(form.filters())


def pairs_at_risk(request: HttpRequest) -> HttpResponse:
    form, rows = _pairs(request)
    page = Paginator(rows, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mentoring/health/pairs_at_risk.html",
        {"form": form, "page_obj": page, "total": len(rows), "query": query.urlencode()},
    )


def pairs_at_risk_csv(request: HttpRequest) -> HttpResponse:
    _form, rows = _pairs(request)
    return csv_response(
        f"pairs-at-risk-{timezone.localdate():%Y%m%d}.csv",
        CSV_HEADER,
        [
            [
                row.mentorship.mentee_name,
                row.mentorship.mentor_name,
                REGIONS.get(row.mentorship.mentee.region, "") if row.mentorship.mentee else "",
                BANDS.get(row.mentorship.mentee.band, "") if row.mentorship.mentee else "",
                row.mentorship.mentee.organisation if row.mentorship.mentee else "",
                row.health.label,
                nhs_date(row.health.counted_from) if row.health.met else "Not met yet",
                row.health.days_since,
                row.health.every_days,
                "Yes" if row.health.agreed else "No",
                nhs_date(row.closing.on) if row.closing else "",
            ]
            for row in rows
        ],
    )
