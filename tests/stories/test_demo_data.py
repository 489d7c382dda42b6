"""The stories demo content: the leaders, quotes and pathways of the seed articles, loaded once
and faithful to the articles' words."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from stories.demo import CONTENT_DIR, DemoContentError, load
from stories.models import (
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Quote,
    Region,
    Sector,
    Source,
    Status,
    Theme,
)

# The seed articles live in `shared/seeds` beside the project (or beside a folder holding it).
SEEDS = next(
    (
        folder / "shared" / "seeds"
        for folder in Path(django_settings.BASE_DIR).resolve().parents
        if (folder / "shared" / "seeds").is_dir()
    ),
    Path(django_settings.BASE_DIR).parent / "shared" / "seeds",
)

SEED_LEADERS = [
    "Jo Smith",
    "Ayesha Rahim",
    "Phill James",
    "Charlee Martin",
    "Gregg Holland",
    "Arif Patel",
    "Garry Harris",
    "Jas Cartwright",
    "William Smart",
    "Owen Powell",
    "Gareth Baxendale",
]

PATHWAY_TITLES = [
    "Clinician to chief clinical information officer (CCIO)",
    "IT manager to chief information officer (CIO)",
    "A non-technical route into digital leadership",
]


def normalise(text: str) -> str:
    return " ".join(text.split())


def snapshot() -> dict:
    """Every row the loader may touch, with the timestamps that would reveal a rewrite."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Theme,
                Organisation,
                Leader,
                CareerStep,
                Source,
                Quote,
                Pathway,
                PathwayStage,
                Leader.themes.through,
                Quote.themes.through,
                Pathway.themes.through,
                Pathway.example_leaders.through,
                PathwayStage.themes.through,
            )
        },
        "timestamps": {
            model.__name__: sorted(model.objects.values_list("pk", "updated_at", "published_at"))
            for model in (Leader, Quote, Pathway)
        },
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


@pytest.mark.django_db
class TestDemoLeaders:
    def test_every_leader_of_the_articles_is_published_with_an_organisation_and_a_career(
        self, demo
    ):
        for name in SEED_LEADERS:
            leader = Leader.objects.get(name=name)
            assert leader.status == Status.PUBLISHED, name
            assert leader.published_at is not None, name
            assert leader.organisation is not None, name
            assert leader.career_steps.exists(), name
            assert leader.themes.exists(), name
            assert leader.summary and leader.bio, name

    def test_no_other_leaders_are_loaded(self, demo):
        assert sorted(Leader.objects.values_list("name", flat=True)) == sorted(SEED_LEADERS)

    def test_three_leaders_and_one_quote_are_featured(self, demo):
        assert Leader.objects.filter(featured=True).count() == 3
        assert Quote.objects.filter(featured=True).count() == 1

    def test_jo_smith_went_from_banking_to_pharma_to_nhs_cio_to_qatar_and_back(self, demo):
        steps = list(Leader.objects.get(name="Jo Smith").career_steps.order_by("order"))
        sectors = [step.sector for step in steps]
        organisations = [step.organisation.name if step.organisation else None for step in steps]

        assert sectors[0] == Sector.BANKING
        roche = organisations.index("Roche")
        brompton = organisations.index("Royal Brompton and Harefield NHS Foundation Trust")
        sidra = organisations.index("Sidra Medicine")
        manchester = organisations.index("Manchester University NHS Foundation Trust")
        assert 0 < roche < brompton < sidra < manchester
        assert sectors[roche] == Sector.PHARMA
        assert steps[roche].start_year == 1999
        assert steps[brompton].title == "Chief Information Officer"
        assert steps[brompton].start_year == 2013
        assert steps[sidra].sector == Sector.OVERSEAS_HEALTH

    def test_organisations_carry_their_kind_and_region(self, demo):
        expected = {
            "Manchester University NHS Foundation Trust": ("acute-trust", Region.NORTH_WEST),
            "Lancashire and South Cumbria NHS Foundation Trust": (
                "mental-health-trust",
                Region.NORTH_WEST,
            ),
            "Worcestershire Acute Hospitals NHS Trust": ("acute-trust", Region.MIDLANDS),
            "Sidra Medicine": ("overseas", Region.OUTSIDE_UK),
            "Roche": ("private-sector", ""),
        }
        for name, (kind, region) in expected.items():
            organisation = Organisation.objects.get(name=name)
            assert (organisation.kind, organisation.region) == (kind, region), name

    def test_every_row_passes_model_validation(self, demo):
        for model in (Theme, Organisation, Leader, CareerStep, Source, Quote, Pathway):
            for row in model.objects.all():
                row.full_clean()
        for stage in PathwayStage.objects.all():
            stage.full_clean()


@pytest.mark.django_db
class TestDemoQuotes:
    def test_every_quote_is_published_with_a_leader_a_source_and_themes(self, demo):
        quotes = Quote.objects.select_related("leader", "source")
        assert quotes.count() >= 40
        for quote in quotes:
            assert quote.status == Status.PUBLISHED
            assert quote.leader.name in SEED_LEADERS
            assert quote.source_id is not None
            assert 1 <= quote.themes.count() <= 3, quote.text

    def test_every_quote_is_verbatim_from_an_article_that_names_its_leader(self, demo):
        if not SEEDS.is_dir():
            pytest.skip(f"The seed articles are not available at {SEEDS}.")
        articles = {
            path.name: normalise(path.read_text(encoding="utf-8"))
            for path in sorted(SEEDS.glob("*.txt"))
        }
        article_of_source = {}
        for quote in Quote.objects.select_related("leader", "source"):
            text = normalise(quote.text)
            found_in = [name for name, article in articles.items() if text in article]
            assert found_in, f"Not verbatim in any article: {quote.text!r}"
            surname = quote.leader.name.split()[-1]
            naming_the_leader = [name for name in found_in if surname in articles[name]]
            assert naming_the_leader, f"No article with {quote.text!r} names {quote.leader}"
            article_of_source.setdefault(quote.source.pk, set()).add(naming_the_leader[0])
        # Each source is one article: its quotes all come from the same file.
        assert all(len(files) == 1 for files in article_of_source.values())
        assert len(article_of_source) == len(articles)

    def test_sources_give_the_articles_dates_and_authors(self, demo):
        jo = Source.objects.get(title__startswith="In Conversation With Jo Smith")
        assert (jo.author, jo.published_on.isoformat()) == ("Gareth Morris", "2021-07-01")
        assert Source.objects.filter(url="").count() == Source.objects.count()


@pytest.mark.django_db
class TestDemoPathways:
    def test_three_published_pathways_with_ordered_stages_and_example_leaders(self, demo):
        for title in PATHWAY_TITLES:
            pathway = Pathway.objects.get(title=title)
            assert pathway.status == Status.PUBLISHED
            stages = list(pathway.stages.order_by("order"))
            assert 3 <= len(stages) <= 5
            assert [stage.order for stage in stages] == list(range(1, len(stages) + 1))
            for stage in stages:
                assert stage.typical_roles and stage.bands
                assert stage.development_action_list and stage.reflection_question_list
                assert stage.themes.exists()
            assert pathway.example_leaders.exists()
            assert not pathway.example_leaders.exclude(status=Status.PUBLISHED).exists()

    def test_the_cio_pathway_asks_the_handbooks_questions(self, demo):
        pathway = Pathway.objects.get(title="IT manager to chief information officer (CIO)")
        questions = [q for stage in pathway.stages.all() for q in stage.reflection_question_list]
        assert "Where will you get support from?" in questions
        assert "Ayesha Rahim" in Pathway.objects.get(
            title="Clinician to chief clinical information officer (CCIO)"
        ).example_leaders.values_list("name", flat=True)


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    before = snapshot()

    call_command("load_demo", stdout=StringIO())

    assert snapshot() == before


@pytest.mark.django_db
def test_loading_again_keeps_editors_changes_and_restores_what_is_missing(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    jo = Leader.objects.get(slug="jo-smith")
    Leader.objects.filter(pk=jo.pk).update(bio="Rewritten by an editor.")
    removed = jo.quotes.order_by("id").last()
    removed_text, removed_themes = removed.text, set(removed.themes.values_list("name", flat=True))
    removed.delete()

    call_command("load_demo", stdout=StringIO())

    assert Leader.objects.get(pk=jo.pk).bio == "Rewritten by an editor."
    restored = Quote.objects.get(leader=jo, text=removed_text)
    assert restored.status == Status.PUBLISHED
    assert set(restored.themes.values_list("name", flat=True)) == removed_themes


@pytest.fixture
def content(tmp_path):
    """A copy of the demo data files to spoil."""
    copy = tmp_path / "demo_content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
class TestMalformedDemoContent:
    """A mistake in a data file stops the load with the file and the entry, and writes nothing."""

    @pytest.mark.parametrize(
        ("file", "old", "new", "message"),
        [
            (
                "leaders/jo-smith.toml",
                'name = "Jo Smith"',
                'name = "Jo Smith',
                "leaders/jo-smith.toml: not valid TOML: ",
            ),
            (
                "leaders/jo-smith.toml",
                'themes = ["Taking risks", "Personal development"]\ntext',
                'themes = ["Risk taking", "Personal development"]\ntext',
                'leaders/jo-smith.toml, quote 2: there is no theme "Risk taking" in themes.toml',
            ),
            (
                "leaders/jo-smith.toml",
                'role_family = "cio"',
                'role_family = "chief"',
                "leaders/jo-smith.toml: role_family: Value 'chief' is not a valid choice. "
                "Choose from: cio, ccio,",
            ),
            (
                "leaders/jo-smith.toml",
                'title = "Head of Informatics for Sales and Marketing"\n',
                "",
                'leaders/jo-smith.toml, career step 3: "title" is missing.',
            ),
            (
                "leaders/jo-smith.toml",
                "start_year = 1999",
                "start_year = 1999\nend_year = 1990",
                "leaders/jo-smith.toml, career step 3: The end year cannot be before the "
                "start year.",
            ),
            (
                "leaders/jo-smith.toml",
                "start_year = 1999",
                'start_year = "1999"',
                'leaders/jo-smith.toml, career step 3: "start_year" should be a whole number.',
            ),
            (
                "leaders/jo-smith.toml",
                'source = "jo-smith-interview"',
                'source = "jo-smith"',
                'leaders/jo-smith.toml, quote 1: there is no source "jo-smith" in sources.toml',
            ),
            (
                "pathways/clinician-to-chief-clinical-information-officer-ccio.toml",
                'example_leaders = ["ayesha-rahim"]',
                'example_leaders = ["ayesha-rahman"]',
                "pathways/clinician-to-chief-clinical-information-officer-ccio.toml: there is no "
                'leader "ayesha-rahman"',
            ),
            (
                "pathways/it-manager-to-chief-information-officer-cio.toml",
                "band_from =",
                "band_form =",
                "pathways/it-manager-to-chief-information-officer-cio.toml, stage 1: unknown key "
                "band_form.",
            ),
            (
                "themes.toml",
                'name = "Inclusion"',
                'name = "Resilience"',
                'themes.toml, theme 8: "Resilience" appears earlier in the file.',
            ),
            (
                "organisations.toml",
                'kind = "national-body"',
                'kind = "quango"',
                "organisations.toml, organisation 14 (\"NHS England\"): kind: Value 'quango' is "
                "not a valid choice.",
            ),
            (
                "sources.toml",
                "published_on = 2021-07-01",
                "published_on = 2021-07-01T09:00:00",
                'sources.toml, source "jo-smith-interview": "published_on" should be a date',
            ),
        ],
    )
    def test_the_error_names_the_file_and_the_entry(self, content, file, old, new, message):
        replace_in(content / file, old, new)

        with pytest.raises(DemoContentError) as error:
            load(directory=content)

        assert message in str(error.value)
        assert str(content / file) in str(error.value)
        assert not Leader.objects.exists() and not Theme.objects.exists()

    def test_a_file_name_that_is_not_a_web_address_is_refused(self, content):
        (content / "leaders" / "jo-smith.toml").rename(content / "leaders" / "Jo Smith.toml")

        with pytest.raises(DemoContentError, match=r"Jo Smith\.toml: the file name"):
            load(directory=content)

    def test_load_demo_shows_the_mistake_as_a_message(self, content, settings, monkeypatch):
        settings.DEBUG = True
        replace_in(content / "leaders" / "ayesha-rahim.toml", "[[career]]", "[[carreer]]")
        monkeypatch.setattr("stories.demo.CONTENT_DIR", content)

        with pytest.raises(CommandError, match=r"ayesha-rahim\.toml: unknown key carreer\."):
            call_command("load_demo", stdout=StringIO())

        assert not Leader.objects.exists()
