"""Routes into leadership: the diagram (pure), the reads behind it, and the public page."""

import random
import re
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import CareerStep, Leader, Sector, Status
from stories.routes import (
    EARLIER,
    LATER,
    MAX_DRAWN_MOVES,
    CareerPath,
    career_paths,
    describe_route,
    leaders_on_route,
    parse_route,
    route_value,
    routes_diagram,
    stays,
)
from tests import html

S = Sector
LIST_URL = "/stories/"


def career(slug: str, *sectors: str) -> CareerPath:
    return CareerPath(slug=slug, name=slug.replace("-", " ").title(), sectors=tuple(sectors))


def diagram_of(*careers: CareerPath):
    return routes_diagram(careers, leaders_url=LIST_URL)


def route(diagram, from_sector, to_sector):
    return next(
        r for r in diagram.routes if (r.from_sector, r.to_sector) == (from_sector, to_sector)
    )


def link(diagram, from_sector, to_sector):
    return next(
        link
        for link in diagram.links
        if (link.route.from_sector, link.route.to_sector) == (from_sector, to_sector)
    )


def path_points(path: str) -> list[tuple[float, float]]:
    """The points an SVG path passes through, in order: its moves, lines and curves' ends
    (a curve's control points guide it and are not on it)."""
    points, x, y = [], 0.0, 0.0
    for command, numbers in re.findall(r"([MLHVCZ])([^MLHVCZ]*)", path):
        values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "Z":
            continue
        if command == "H":
            x = values[0]
        elif command == "V":
            y = values[0]
        else:
            x, y = values[-2], values[-1]
        points.append((x, y))
    return points


JO = career("jo-smith", S.BANKING, S.PHARMA, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP)
SAM = career("sam-patel", S.CLINICAL, S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)
ALEX = career("alex-morgan", S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)


class TestCounting:
    def test_consecutive_steps_in_one_sector_are_one_stay(self):
        assert stays([S.PHARMA, S.PHARMA, S.NHS_IT, S.PHARMA]) == [S.PHARMA, S.NHS_IT, S.PHARMA]

    def test_counts_the_leaders_who_passed_through_each_place(self):
        diagram = diagram_of(JO, SAM, ALEX)
        counts = {node.sector: node.leader_count for node in diagram.nodes}

        assert counts == {
            S.BANKING: 1,
            S.PHARMA: 1,
            S.CLINICAL: 1,
            S.NHS_IT: 2,
            S.NHS_DIGITAL_LEADERSHIP: 3,
        }
        assert diagram.leader_count == 3
        assert diagram.mover_count == 3

    def test_counts_the_leaders_who_made_each_move(self):
        diagram = diagram_of(JO, SAM, ALEX)

        nhs_it_to_leadership = route(diagram, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)
        assert nhs_it_to_leadership.count == 2
        assert [leader.slug for leader in nhs_it_to_leadership.leaders] == [
            "alex-morgan",
            "sam-patel",
        ]
        assert route(diagram, S.BANKING, S.PHARMA).count == 1
        assert len(diagram.routes) == 4

    def test_never_draws_a_move_from_a_place_to_itself(self):
        diagram = diagram_of(JO, career("stayer", S.NHS_IT, S.NHS_IT, S.NHS_IT))

        assert all(r.from_sector != r.to_sector for r in diagram.routes)
        assert {node.sector for node in diagram.nodes} >= {S.NHS_IT}

    def test_a_leader_who_makes_the_same_move_twice_counts_once(self):
        diagram = diagram_of(career("back-and-forth", S.CLINICAL, S.NHS_IT, S.CLINICAL, S.NHS_IT))

        assert route(diagram, S.CLINICAL, S.NHS_IT).count == 1
        assert route(diagram, S.NHS_IT, S.CLINICAL).count == 1

    def test_a_career_of_one_place_counts_in_the_place_but_makes_no_move(self):
        diagram = diagram_of(career("lifer", S.CLINICAL))

        assert [node.leader_count for node in diagram.nodes] == [1]
        assert diagram.routes == ()
        assert diagram.mover_count == 0

    def test_no_careers_give_an_empty_picture(self):
        diagram = diagram_of()

        assert (diagram.nodes, diagram.links, diagram.routes) == ((), (), ())


class TestLayout:
    def test_places_are_ordered_by_where_they_usually_come_in_a_career(self):
        diagram = diagram_of(JO, SAM, ALEX)
        order = [node.sector for node in diagram.nodes]

        assert order[-1] == S.NHS_DIGITAL_LEADERSHIP
        assert order.index(S.BANKING) < order.index(S.PHARMA)
        assert order.index(S.CLINICAL) < order.index(S.NHS_IT)
        ys = [node.y for node in diagram.nodes]
        assert ys == sorted(ys)

    def test_a_move_and_its_reverse_are_drawn_on_opposite_sides(self):
        diagram = diagram_of(
            career("a", S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP),
            career("b", S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP),
            career("c", S.NHS_IT, S.CLINICAL, S.NHS_DIGITAL_LEADERSHIP),
        )
        forward = link(diagram, S.CLINICAL, S.NHS_IT)
        back = link(diagram, S.NHS_IT, S.CLINICAL)
        column = diagram.nodes[0]

        assert (forward.direction, back.direction) == (LATER, EARLIER)
        assert all(x >= column.x + column.width for x, _ in path_points(forward.path))
        assert all(x <= column.x for x, _ in path_points(back.path))

    def test_each_line_runs_from_its_place_and_its_arrow_points_at_the_next(self):
        diagram = diagram_of(JO, SAM, ALEX)
        nodes = {node.sector: node for node in diagram.nodes}

        for each in diagram.links:
            start, end = nodes[each.route.from_sector], nodes[each.route.to_sector]
            first = path_points(each.path)[0]
            tip = path_points(each.arrow)[0]
            assert start.y < first[1] < start.y + start.height
            assert end.y < tip[1] < end.y + end.height
            assert tip[0] in (end.x, end.x + end.width)

    def test_busier_moves_are_drawn_thicker(self):
        diagram = diagram_of(JO, SAM, ALEX)

        assert (
            link(diagram, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP).stroke_width
            > link(diagram, S.BANKING, S.PHARMA).stroke_width
        )

    def test_twelve_places_with_cycles_fit_inside_the_picture_without_overlapping(self):
        rng = random.Random(12)
        sectors = list(Sector)
        careers = [
            career(f"leader-{n}", *rng.sample(sectors, rng.randint(2, 6))) for n in range(300)
        ]
        diagram = diagram_of(*careers)

        assert len(diagram.nodes) == 12
        for above, below in pairwise(diagram.nodes):
            assert above.y + above.height < below.y
        for each in diagram.links:
            for x, y in path_points(each.path) + path_points(each.arrow):
                assert 0 <= x <= diagram.width and 0 <= y <= diagram.height
            assert 0 <= each.label_x <= diagram.width

    def test_thousands_of_careers_draw_only_the_busiest_moves_and_table_every_move(self):
        rng = random.Random(10_000)
        sectors = list(Sector)
        careers = [
            career(f"leader-{n}", *rng.sample(sectors, rng.randint(2, 5))) for n in range(10_000)
        ]
        diagram = diagram_of(*careers)

        assert len(diagram.routes) == 12 * 11
        assert 0 < len(diagram.links) <= MAX_DRAWN_MOVES
        assert diagram.undrawn_count == len(diagram.routes) - len(diagram.links)
        drawn = {each.route for each in diagram.links}
        assert min(r.count for r in drawn) >= max(r.count for r in diagram.routes if r not in drawn)

    def test_the_same_careers_in_any_order_give_the_same_picture(self):
        careers = [
            JO,
            SAM,
            ALEX,
            career("d", S.NHS_IT, S.CLINICAL),
            career("e", S.EDUCATION, S.NHS_IT),
        ]
        shuffled = careers[::-1]

        first, second = diagram_of(*careers), diagram_of(*shuffled)
        assert first.nodes == second.nodes
        assert [(d.route.url, d.path, d.arrow, d.stroke_width) for d in first.links] == [
            (d.route.url, d.path, d.arrow, d.stroke_width) for d in second.links
        ]
        assert [r.url for r in first.routes] == [r.url for r in second.routes]

    def test_routes_are_listed_most_travelled_first(self):
        counts = [r.count for r in diagram_of(JO, SAM, ALEX).routes]

        assert counts == sorted(counts, reverse=True)


class TestRouteLinks:
    def test_each_move_links_to_the_leaders_list_filtered_by_route(self):
        diagram = routes_diagram([JO])

        assert route(diagram, S.BANKING, S.PHARMA).url == (
            reverse("stories:leaders") + "?route=banking--pharma"
        )

    def test_each_move_is_described_in_words(self):
        diagram = diagram_of(JO, SAM, ALEX)

        assert (
            route(diagram, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP).description
            == "2 leaders moved from NHS IT and informatics to NHS digital leadership"
        )
        assert (
            route(diagram, S.BANKING, S.PHARMA).description
            == "1 leader moved from Banking and finance to Pharmaceuticals"
        )

    def test_route_values_read_back(self):
        value = route_value(S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)

        assert value == "nhs-it--nhs-digital-leadership"
        assert parse_route(value) == (S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)
        assert describe_route(S.BANKING, S.PHARMA) == (
            "moved from Banking and finance to Pharmaceuticals"
        )

    @pytest.mark.parametrize(
        "value", ["", "banking", "banking--", "banking--banking", "banking--moon", "a--b--c"]
    )
    def test_a_route_value_that_names_no_real_move_reads_as_none(self, value):
        assert parse_route(value) is None


# The reads ------------------------------------------------------------------------------------


def make_leader(slug: str, *sectors: str, status: str = Status.PUBLISHED, orders=None) -> Leader:
    leader = Leader.objects.create(
        name=slug.replace("-", " ").title(),
        slug=slug,
        title="Chief Information Officer",
        role_family="cio",
        background="technical",
        summary="A summary.",
        bio="A story.",
        status=status,
        published_at=timezone.now() if status == Status.PUBLISHED else None,
    )
    for order, sector in zip(orders or range(1, len(sectors) + 1), sectors, strict=True):
        CareerStep.objects.create(leader=leader, order=order, title=f"Role {order}", sector=sector)
    return leader


@pytest.mark.django_db
class TestLeadersOnRoute:
    def slugs(self, from_sector, to_sector, queryset=None):
        leaders = queryset if queryset is not None else Leader.objects.all()
        return sorted(
            leaders_on_route(leaders, from_sector, to_sector).values_list("slug", flat=True)
        )

    def test_finds_exactly_the_leaders_who_moved_straight_from_one_place_to_the_other(self):
        make_leader("direct", S.BANKING, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP)
        make_leader("long-stay-then-move", S.BANKING, S.BANKING, S.PHARMA)
        make_leader("by-way-of-elsewhere", S.BANKING, S.NHS_IT, S.PHARMA)
        make_leader("the-other-way", S.PHARMA, S.BANKING)
        make_leader("never", S.CLINICAL, S.NHS_IT)

        assert self.slugs(S.BANKING, S.PHARMA) == ["direct", "long-stay-then-move"]

    def test_a_gap_in_the_step_numbers_does_not_hide_a_move(self):
        make_leader("gapped", S.CLINICAL, S.NHS_IT, orders=[1, 5])

        assert self.slugs(S.CLINICAL, S.NHS_IT) == ["gapped"]

    def test_a_place_to_itself_is_no_route(self):
        make_leader("stayer", S.NHS_IT, S.NHS_IT)

        assert self.slugs(S.NHS_IT, S.NHS_IT) == []

    def test_keeps_the_queryset_it_is_given(self):
        make_leader("published", S.BANKING, S.PHARMA)
        make_leader("draft", S.BANKING, S.PHARMA, status=Status.DRAFT)

        assert self.slugs(S.BANKING, S.PHARMA, Leader.objects.published()) == ["published"]

    def test_is_one_query(self, django_assert_num_queries):
        make_leader("direct", S.BANKING, S.PHARMA)

        with django_assert_num_queries(1):
            list(leaders_on_route(Leader.objects.all(), S.BANKING, S.PHARMA))


@pytest.mark.django_db
def test_career_paths_read_every_published_career_in_order_in_one_query(
    django_assert_num_queries,
):
    make_leader("jo-smith", S.PHARMA, S.BANKING, orders=[2, 1])
    make_leader("alex-morgan", S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)
    make_leader("draft", S.CLINICAL, S.NHS_IT, status=Status.DRAFT)

    with django_assert_num_queries(1):
        paths = career_paths()

    assert sorted(paths, key=lambda p: p.slug) == [
        CareerPath("alex-morgan", "Alex Morgan", (S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)),
        CareerPath("jo-smith", "Jo Smith", (S.BANKING, S.PHARMA)),
    ]


# The page -------------------------------------------------------------------------------------

ROUTES_PAGE_QUERIES = 1
SIZED_ROUTES = [
    (S.BANKING, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP),
    (S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP),
    (S.NHS_IT, S.CLINICAL, S.NHS_IT, S.NHS_MANAGEMENT),
    (S.TECHNOLOGY_INDUSTRY, S.NHS_IT),
]


@pytest.fixture(params=[5, 200], ids=["5-leaders", "200-leaders"])
def published_careers(request, db):
    """Published leaders with career steps, bulk-created, at two sizes."""
    now = timezone.now()
    leaders = Leader.objects.bulk_create(
        Leader(
            name=f"Leader {n:03d}",
            slug=f"leader-{n:03d}",
            title="Chief Information Officer",
            role_family="cio",
            background="technical",
            summary="A summary.",
            bio="A story.",
            status=Status.PUBLISHED,
            published_at=now,
        )
        for n in range(request.param)
    )
    CareerStep.objects.bulk_create(
        CareerStep(leader=leader, order=order, title=f"Role {order}", sector=sector)
        for n, leader in enumerate(leaders)
        for order, sector in enumerate(SIZED_ROUTES[n % len(SIZED_ROUTES)], start=1)
    )
    return leaders


@pytest.mark.django_db
class TestRoutesPage:
    def test_is_public(self, client):
        response = client.get(reverse("stories:routes"))

        assert response.status_code == 200
        assert html.title(response.content).startswith("Routes into leadership")

    def test_shows_each_move_with_its_count_and_a_link_to_its_leaders(self, client):
        make_leader("jo-smith", S.BANKING, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP)
        make_leader("sam-patel", S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)
        make_leader("alex-morgan", S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)

        response = client.get(reverse("stories:routes"))

        page = response.content.decode()
        rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", page, re.S)
        table = [" ".join(html.text(row).split()) for row in rows]
        assert (
            "NHS IT and informatics NHS digital leadership "
            "2 leaders who moved from NHS IT and informatics to NHS digital leadership"
        ) in table
        url = reverse("stories:leaders") + "?route=nhs-it--nhs-digital-leadership"
        assert len(html.elements(page, "a", href=url)) == 2  # the line and the table's count
        assert html.elements(
            page,
            "a",
            href=url,
            **{"aria-label": f"2 leaders {describe_route(S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP)}"},
        )

    def test_leaves_out_draft_leaders(self, client):
        make_leader("published", S.BANKING, S.PHARMA)
        make_leader("draft", S.CLINICAL, S.NHS_IT, status=Status.DRAFT)

        page = client.get(reverse("stories:routes")).content.decode()

        assert "?route=banking--pharma" in page
        assert "?route=clinical--nhs-it" not in page
        assert "Clinical practice" not in html.text(page)

    def test_the_picture_is_a_labelled_group_of_links_without_inline_styles(self, client):
        make_leader("jo-smith", S.BANKING, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP)

        page = client.get(reverse("stories:routes")).content.decode()

        (svg,) = html.elements(page, "svg", class_="stories-routes__picture")
        assert svg["role"] == "group"
        assert svg["aria-labelledby"] == "routes-title routes-desc"
        assert re.search(r"<title id=\"routes-title\">", page)
        assert all(
            a.get("aria-label") for a in html.elements(page, "a", class_="stories-routes__move")
        )
        assert " style=" not in page and "<style" not in page

    def test_with_no_moves_says_so(self, client):
        make_leader("lifer", S.CLINICAL)

        page = client.get(reverse("stories:routes")).content.decode()

        assert not html.elements(page, "svg", class_="stories-routes__picture")
        assert "no career moves to show yet" in html.text(page)

    def test_runs_the_same_queries_whatever_the_number_of_leaders(
        self, client, published_careers, django_assert_num_queries
    ):
        with django_assert_num_queries(ROUTES_PAGE_QUERIES):
            response = client.get(reverse("stories:routes"))

        assert response.status_code == 200
        leader_count = len(published_careers)
        assert f"career paths of the {leader_count} leaders" in html.text(response.content)
