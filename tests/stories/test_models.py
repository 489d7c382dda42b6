import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from stories import services
from stories.models import CareerStep, Quote, Status
from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    PathwayStageFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_a_career_step_that_ends_before_it_starts():
    leader = LeaderFactory()

    assert refused(lambda: CareerStepFactory(leader=leader, start_year=2010, end_year=2009))
    assert not refused(lambda: CareerStepFactory(leader=leader, start_year=2010, end_year=2010))
    assert not refused(lambda: CareerStepFactory(leader=leader, start_year=2010, end_year=None))


def test_the_database_refuses_implausible_years():
    assert refused(lambda: CareerStepFactory(start_year=1066))


def test_career_steps_of_a_leader_have_distinct_positions():
    step = CareerStepFactory(order=1)

    assert refused(lambda: CareerStepFactory(leader=step.leader, order=1))


def test_a_non_linear_career_is_representable_in_order():
    leader = LeaderFactory()
    route = [
        "banking",
        "pharma",
        "nhs-digital-leadership",
        "overseas-health",
        "nhs-digital-leadership",
    ]
    for order, sector in enumerate(route, start=1):
        CareerStepFactory(leader=leader, order=order, sector=sector)

    assert list(leader.career_steps.values_list("sector", flat=True)) == route


def test_a_quote_always_has_a_leader_and_a_source():
    leader = LeaderFactory()
    source = SourceFactory()

    assert refused(lambda: Quote.objects.create(text="x", leader=leader, source=None))
    assert refused(lambda: Quote.objects.create(text="x", leader=None, source=source))


def test_slugs_are_unique():
    LeaderFactory(slug="jo-smith")

    assert refused(lambda: LeaderFactory(slug="jo-smith"))


def test_pathway_stage_bands_read_naturally():
    assert PathwayStageFactory(band_from="7", band_to="8a").bands == "Band 7 to 8a"
    assert PathwayStageFactory(band_from="vsm", band_to="").bands == (
        "Very senior manager or executive"
    )


def test_quotes_of_a_draft_leader_are_not_published():
    draft = LeaderFactory(status=Status.DRAFT, published_at=None)
    QuoteFactory(leader=draft)

    assert not Quote.objects.published().exists()


def test_publishing_sets_the_date_once():
    leader = LeaderFactory(status=Status.DRAFT, published_at=None)

    assert services.publish(item=leader) == [leader]
    first = leader.published_at
    assert services.publish(item=leader) == []
    services.unpublish(item=leader)
    services.publish(item=leader)

    leader.refresh_from_db()
    assert leader.published_at == first


def test_publishing_a_leader_publishes_its_quotes_that_were_never_published():
    leader = LeaderFactory(status=Status.DRAFT, published_at=None)
    new = QuoteFactory(leader=leader, status=Status.DRAFT, published_at=None)
    withdrawn = QuoteFactory(leader=leader, status=Status.DRAFT)
    already = QuoteFactory(leader=leader)
    someone_elses = QuoteFactory(status=Status.DRAFT, published_at=None)

    assert services.publish(item=leader) == [leader, new]

    statuses = dict(Quote.objects.values_list("pk", "status"))
    assert statuses[new.pk] == Status.PUBLISHED
    assert statuses[withdrawn.pk] == Status.DRAFT
    assert statuses[already.pk] == Status.PUBLISHED
    assert statuses[someone_elses.pk] == Status.DRAFT
    assert Quote.objects.get(pk=new.pk).published_at is not None


def test_publishing_a_published_leader_again_publishes_quotes_added_since():
    leader = LeaderFactory()
    added = QuoteFactory(leader=leader, status=Status.DRAFT, published_at=None)

    assert services.publish(item=leader) == [added]
    assert Quote.objects.published().filter(pk=added.pk).exists()


def test_publishing_a_leader_and_its_quotes_is_all_or_nothing():
    leader = LeaderFactory(status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(leader=leader, status=Status.DRAFT, published_at=None)

    def lose_the_connection_on_quote_updates(execute, sql, params, many, context):
        if sql.startswith('UPDATE "stories_quote"'):
            raise DatabaseError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with (
        connection.execute_wrapper(lose_the_connection_on_quote_updates),
        pytest.raises(DatabaseError),
    ):
        services.publish(item=leader)

    leader.refresh_from_db()
    quote.refresh_from_db()
    assert (leader.status, leader.published_at) == (Status.DRAFT, None)
    assert quote.status == Status.DRAFT


def test_unpublishing_a_leader_keeps_its_quotes_status():
    leader = LeaderFactory()
    quote = QuoteFactory(leader=leader)

    assert services.unpublish(item=leader) == [leader]

    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED
    assert not Quote.objects.published().filter(pk=quote.pk).exists()


def test_a_leader_with_career_steps_removes_them_when_deleted():
    step = CareerStepFactory()

    step.leader.delete()

    assert not CareerStep.objects.exists()
