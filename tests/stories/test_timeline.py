"""A leader's career timeline: the pure layout in stories/timeline.py, then the template tag."""

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template

from stories.models import CareerStep, Leader, Organisation, Sector, Status
from stories.timeline import (
    MAX_TICKS,
    MIN_BAR_WIDTH,
    SECTOR_COLOURS,
    StepInput,
    fit_text,
    layout_timeline,
    text_width,
)
from tests import html

NOW = 2025


def step(title="Role", sector=Sector.NHS_IT, start=None, end=None, organisation=""):
    return StepInput(
        title=title, organisation=organisation, sector=sector, start_year=start, end_year=end
    )


class TestBarsByYear:
    def test_bars_run_from_start_year_to_end_year_on_one_scale(self):
        timeline = layout_timeline(
            [step(start=2000, end=2010), step(start=2010, end=2015)], current_year=NOW
        )
        first, second = timeline.bars

        assert timeline.dated
        assert (first.start, first.end, second.start, second.end) == (2000, 2010, 2010, 2015)
        assert first.x + first.width == pytest.approx(second.x, abs=0.2)
        assert first.width == pytest.approx(2 * second.width, abs=0.3)

    def test_each_step_has_its_own_row_in_order(self):
        timeline = layout_timeline(
            [step(start=2000, end=2004), step(start=2004, end=2008), step(start=2008, end=2012)],
            current_year=NOW,
        )

        rows = [bar.y for bar in timeline.bars]
        assert rows == sorted(rows)
        assert len(set(rows)) == 3

    def test_a_last_step_without_an_end_runs_on_to_this_year_and_ends_in_a_point(self):
        timeline = layout_timeline([step(start=2010, end=2018), step(start=2018)], current_year=NOW)
        current = timeline.bars[-1]

        assert current.ongoing
        assert current.end == NOW
        assert not current.estimated
        assert current.outline.count("L") == 2  # the point's two sides
        assert not timeline.bars[0].ongoing

    def test_year_marks_are_round_years_inside_the_chart(self):
        timeline = layout_timeline([step(start=1983, end=2013), step(start=2013)], current_year=NOW)

        years = [int(tick.label) for tick in timeline.ticks]
        assert 2 <= len(years) <= MAX_TICKS
        assert all(year % 5 == 0 for year in years)
        assert all(1983 <= year <= NOW for year in years)
        assert [tick.x for tick in timeline.ticks] == sorted(tick.x for tick in timeline.ticks)

    def test_a_step_within_one_year_is_still_visible(self):
        timeline = layout_timeline(
            [step(start=2001, end=2001), step(start=2001, end=2020)], current_year=NOW
        )

        assert timeline.bars[0].width >= MIN_BAR_WIDTH

    def test_every_bar_and_label_stays_inside_the_picture(self):
        timeline = layout_timeline(
            [
                step("Head of Informatics for Sales and Marketing", start=1988, end=2009),
                step(
                    "Chief Information Officer",
                    organisation="Royal Brompton and Harefield NHS Foundation Trust",
                    start=2013,
                    end=2017,
                ),
                step("A very long title " * 8, start=2017),
            ],
            current_year=NOW,
        )

        for bar in timeline.bars:
            assert bar.x >= 0 and bar.x + bar.width <= timeline.width
            assert bar.y > 0 and bar.y + bar.height < timeline.height
            label = bar.label + bar.detail
            if bar.label_anchor == "start":
                assert bar.label_x + text_width(label, 14, bold=True) <= timeline.width
            else:
                assert bar.label_x - text_width(label, 14, bold=True) >= 0
        assert timeline.bars[-1].label.endswith("…")


class TestStepsWithoutYears:
    def test_undated_steps_between_dated_ones_share_the_years_between_them(self):
        timeline = layout_timeline(
            [step(start=2000, end=2004), step(), step(), step(start=2010, end=2012)],
            current_year=NOW,
        )
        _, second, third, _ = timeline.bars

        assert (second.start, second.end, third.start, third.end) == (2004, 2007, 2007, 2010)
        assert second.estimated and third.estimated

    def test_undated_steps_after_the_last_known_year_follow_in_order(self):
        timeline = layout_timeline(
            [step(start=2000, end=2004), step(), step(), step(start=None)], current_year=2030
        )
        starts = [bar.start for bar in timeline.bars]

        assert starts == sorted(starts)
        assert starts[1] == 2004
        assert timeline.bars[-1].ongoing

    def test_an_unknown_end_takes_the_next_steps_start(self):
        timeline = layout_timeline([step(start=2004), step(start=2012, end=2016)], current_year=NOW)

        assert timeline.bars[0].end == 2012
        assert timeline.bars[0].estimated

    def test_an_estimated_bar_still_marks_the_years_that_are_recorded(self):
        timeline = layout_timeline(
            [step(start=2004), step(), step(end=2016), step(start=2016, end=2020)],
            current_year=NOW,
        )
        known_start, unknown, known_end, dated = timeline.bars

        assert known_start.recorded_marks == (known_start.x + 2,)
        assert unknown.recorded_marks == ()
        assert known_end.recorded_marks == (round(known_end.x + known_end.width - 2, 1),)
        assert not dated.estimated and dated.recorded_marks == ()

    def test_a_bar_never_ends_before_it_starts_even_when_inferred(self):
        # Recorded years may overlap (a clinician keeps a session while starting in IT), so
        # inferred years can cross; a bar still never runs backwards.
        timeline = layout_timeline(
            [step(start=2010, end=2014), step(end=2008), step(start=2001, end=2003)],
            current_year=NOW,
        )

        assert all(bar.end >= bar.start and bar.width > 0 for bar in timeline.bars)

    def test_no_years_at_all_gives_an_ordered_staircase_without_a_year_axis(self):
        timeline = layout_timeline([step("One"), step("Two"), step("Three")], current_year=NOW)

        assert not timeline.dated
        assert timeline.ticks == ()
        assert timeline.axis_note
        xs = [bar.x for bar in timeline.bars]
        assert xs == sorted(xs) and len(set(xs)) == 3
        assert len({bar.width for bar in timeline.bars}) == 1
        assert not any(bar.estimated or bar.ongoing for bar in timeline.bars)
        assert all(item.kind == "sector" for item in timeline.legend)


class TestLegendAndColours:
    def test_legend_names_each_sector_once_in_order_of_first_appearance(self):
        timeline = layout_timeline(
            [
                step(sector=Sector.BANKING, start=1983, end=1988),
                step(sector=Sector.PHARMA, start=1988, end=2009),
                step(sector=Sector.PHARMA, start=2009, end=2013),
                step(sector=Sector.NHS_DIGITAL_LEADERSHIP, start=2013),
            ],
            current_year=NOW,
        )

        assert [item.label for item in timeline.legend] == [
            "Banking and finance",
            "Pharmaceuticals",
            "NHS digital leadership",
        ]

    def test_legend_explains_dashed_bars_only_when_there_are_some(self):
        dated = layout_timeline([step(start=2000, end=2004)], current_year=NOW)
        partly = layout_timeline([step(start=2000), step(start=2010, end=2012)], current_year=NOW)

        assert "estimated" not in [item.kind for item in dated.legend]
        assert [item.kind for item in partly.legend][-1] == "estimated"

    def test_every_sector_has_a_colour_with_3_to_1_contrast_on_white(self):
        def luminance(colour: str) -> float:
            channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

        assert set(SECTOR_COLOURS) == set(Sector)
        for colour in SECTOR_COLOURS.values():
            assert 1.05 / (luminance(colour) + 0.05) >= 3

    def test_the_same_career_always_gives_the_same_picture(self):
        steps = [step(start=2000, end=2004), step(), step(start=2010)]

        assert layout_timeline(steps, current_year=NOW) == layout_timeline(steps, current_year=NOW)

    def test_no_steps_gives_an_empty_picture(self):
        assert layout_timeline([], current_year=NOW).bars == ()


def test_fit_text_shortens_with_an_ellipsis_only_when_needed():
    assert fit_text("Director of IT", 14, 500) == "Director of IT"
    shortened = fit_text("Head of Informatics for Sales and Marketing", 14, 120)
    assert shortened.endswith("…")
    assert text_width(shortened, 14) <= 120


# The template tag -----------------------------------------------------------------------------


@pytest.fixture
def leader(db):
    return Leader.objects.create(
        name="Jo Smith",
        slug="jo-smith",
        title="Group Chief Informatics Officer",
        role_family="cio",
        background="other-industry",
        summary="From banking to the NHS.",
        bio="Her story.",
        status=Status.PUBLISHED,
    )


@pytest.fixture
def career(leader):
    roche = Organisation.objects.create(name="Roche", slug="roche", kind="private-sector")
    mft = Organisation.objects.create(
        name="Manchester University NHS Foundation Trust", slug="mft", kind="acute-trust"
    )
    for order, (title, organisation, sector, start, end) in enumerate(
        [
            ("Banking clerk", None, Sector.BANKING, 1983, 1988),
            ("Head of Informatics", roche, Sector.PHARMA, 1988, 2009),
            ("Group Chief Informatics Officer", mft, Sector.NHS_DIGITAL_LEADERSHIP, 2020, None),
        ],
        start=1,
    ):
        CareerStep.objects.create(
            leader=leader,
            order=order,
            title=title,
            organisation=organisation,
            sector=sector,
            start_year=start,
            end_year=end,
        )
    return leader


TAG = Template("{% load story_graphics %}{% career_timeline steps %}")


def prefetched_steps(leader):
    return list(leader.career_steps.select_related("organisation").order_by("order"))


def test_tag_draws_a_hidden_picture_and_a_visible_ordered_list(career):
    page = TAG.render(Context({"steps": prefetched_steps(career)}))

    assert html.elements(page, "svg", **{"aria-hidden": "true"})
    assert html.elements(page, "ol", class_="nhsuk-list--number")
    text = html.text(page)
    assert text.index("Banking clerk") < text.index("Head of Informatics, Roche")
    assert "Pharmaceuticals · 1988 to 2009" in text
    assert "Group Chief Informatics Officer, Manchester University NHS Foundation Trust" in text
    assert "from 2020" in text
    assert "style=" not in page


def test_tag_goes_back_to_the_database_for_nothing(career, django_assert_num_queries):
    steps = prefetched_steps(career)

    with django_assert_num_queries(0):
        TAG.render(Context({"steps": steps}))


def test_tag_draws_nothing_for_a_career_without_steps(db):
    assert TAG.render(Context({"steps": []})).strip() == ""


def test_the_database_refuses_a_step_that_ends_before_it_starts(leader):
    with pytest.raises(IntegrityError), transaction.atomic():
        CareerStep.objects.create(
            leader=leader,
            order=1,
            title="Backwards",
            sector=Sector.NHS_IT,
            start_year=2010,
            end_year=2009,
        )
