import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from mentoring.models import MenteeProfile, MentorProfile, Mentorship
from portal.models import User
from stories.models import (
    Background,
    Band,
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Quote,
    Region,
    RoleFamily,
    Sector,
    Source,
    Status,
    Theme,
)

PASSWORD = "a-long-test-password-91"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@nhs.net")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create: bool, names: list[str] | None, **kwargs) -> None:
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda theme: slugify(theme.name))
    description = "What leaders say about it."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example NHS Foundation Trust {n}")
    slug = factory.LazyAttribute(lambda organisation: slugify(organisation.name))
    kind = Organisation.Kind.ACUTE_TRUST
    region = Region.NORTH_WEST


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="en_GB")
    slug = factory.Sequence(lambda n: f"leader-{n}")
    title = "Chief Information Officer"
    organisation = factory.SubFactory(OrganisationFactory)
    role_family = RoleFamily.CIO
    background = Background.TECHNICAL
    summary = "Moved from IT operations to leading digital change across a trust."
    bio = "Started on the service desk.\n\nNow leads digital for the trust."
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create: bool, themes: list | None, **kwargs) -> None:
        if create and themes:
            self.themes.add(*themes)


class CareerStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerStep

    leader = factory.SubFactory(LeaderFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "IT manager"
    sector = Sector.NHS_IT


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"In conversation, part {n}")
    publisher = "Digital Health"
    author = "Lyn Whitfield"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote
        skip_postgeneration_save = True

    text = "The route to leadership is never a straight line."
    leader = factory.SubFactory(LeaderFactory)
    source = factory.SubFactory(SourceFactory)
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create: bool, themes: list | None, **kwargs) -> None:
        if create and themes:
            self.themes.add(*themes)


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pathway {n}")
    slug = factory.LazyAttribute(lambda pathway: slugify(pathway.title))
    summary = "From the service desk to the board."
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def example_leaders(self, create: bool, leaders: list | None, **kwargs) -> None:
        if create and leaders:
            self.example_leaders.add(*leaders)


class PathwayStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayStage
        skip_postgeneration_save = True

    pathway = factory.SubFactory(PathwayFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "Lead a team"
    typical_roles = "IT manager, service delivery manager"
    band_from = Band.BAND_7
    band_to = Band.BAND_8A
    development_actions = "Agree a development plan at your PDR\nFind a mentor"
    reflection_questions = "How do you approach risk?"

    @factory.post_generation
    def themes(self, create: bool, themes: list | None, **kwargs) -> None:
        if create and themes:
            self.themes.add(*themes)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    current_role = "Service desk analyst"
    band = Band.BAND_5
    organisation = "Salford Royal NHS Foundation Trust"
    region = Region.NORTH_WEST
    background = Background.TECHNICAL
    goals = "Become an IT manager."
    formats = factory.LazyFunction(lambda: ["video"])

    @factory.post_generation
    def themes(self, create: bool, themes: list | None, **kwargs) -> None:
        if create and themes:
            self.themes.add(*themes)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    headline = "CIO who started on the service desk"
    bio = "Twenty years in NHS IT."
    background = Background.TECHNICAL
    band = Band.BAND_8C
    role = "Chief Information Officer"
    organisation = "Bolton NHS Foundation Trust"
    region = Region.NORTH_WEST
    formats = factory.LazyFunction(lambda: ["video", "phone"])
    capacity = 2

    @factory.post_generation
    def themes(self, create: bool, themes: list | None, **kwargs) -> None:
        if create and themes:
            self.themes.add(*themes)


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A mentorship in a given status, without its history (tests of services build history
    through the services themselves)."""

    class Meta:
        model = Mentorship

    mentee = factory.SubFactory(MenteeProfileFactory)
    mentor = factory.SubFactory(MentorProfileFactory)
    status = Mentorship.Status.REQUESTED
    message = "Hello, would you mentor me?"
    goals = "Lead a team."
    requested_at = factory.LazyFunction(timezone.now)
    started_at = factory.LazyAttribute(
        lambda m: timezone.now() if m.status != Mentorship.Status.REQUESTED else None
    )


# Slots and bookings ----------------------------------------------------------------------------
# Imported here, not at the top, so that this section can be added without touching the rest.
from datetime import timedelta  # noqa: E402

from mentoring.models import Booking, Format, Slot  # noqa: E402


def _next_whole_hour(offset_hours: int):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=2, hours=offset_hours)


class SlotFactory(factory.django.DjangoModelFactory):
    """An open slot a few days ahead; each one an hour after the last, so that slots of one
    mentor never overlap."""

    class Meta:
        model = Slot

    mentor = factory.SubFactory(MentorProfileFactory)
    starts_at = factory.Sequence(_next_whole_hour)
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + timedelta(minutes=45))
    format = Format.VIDEO
    place = "https://meet.example.nhs.uk/room-1"


class BookingFactory(factory.django.DjangoModelFactory):
    """A booked slot in an active mentorship with the slot's mentor, without its history."""

    class Meta:
        model = Booking

    mentorship = factory.SubFactory(MentorshipFactory, status=Mentorship.Status.ACTIVE)
    slot = factory.SubFactory(SlotFactory, mentor=factory.SelfAttribute("..mentorship.mentor"))
    status = Booking.Status.BOOKED
    agenda = "Preparing for a band 7 interview."
    booked_at = factory.LazyFunction(timezone.now)


# Matching rounds -------------------------------------------------------------------------------
# Imported here, not at the top, so that this section can be added without touching the rest.
from datetime import date  # noqa: E402

from mentoring.models import MatchingRound, RoundMentee, RoundMentor  # noqa: E402


class MatchingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRound

    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = date(2026, 4, 1)
    ends_on = date(2026, 9, 30)
    created_by = factory.SubFactory(UserFactory)


class RoundMenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundMentee

    round = factory.SubFactory(MatchingRoundFactory)
    mentee = factory.SubFactory(MenteeProfileFactory)


class RoundMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundMentor

    round = factory.SubFactory(MatchingRoundFactory)
    mentor = factory.SubFactory(MentorProfileFactory)
    places = 1


# Capability framework ---------------------------------------------------------------------------

from stories.careers.models import (  # noqa: E402
    JobFamily,
    Role,
    RoleLevel,
    Skill,
    SkillLevel,
    SkillRequirement,
)
from stories.careers.models import Source as FrameworkSource  # noqa: E402


class JobFamilyFactory(factory.django.DjangoModelFactory):
    """A role family of the capability framework ("Data")."""

    class Meta:
        model = JobFamily

    name = factory.Sequence(lambda n: f"Role family {n}")
    slug = factory.LazyAttribute(lambda family: slugify(family.name))
    source = FrameworkSource.FRAMEWORK


RoleFamilyFactory = JobFamilyFactory


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    family = factory.SubFactory(JobFamilyFactory)
    name = factory.Sequence(lambda n: f"Data analyst {n}")
    slug = factory.LazyAttribute(lambda role: slugify(role.name))
    description = (
        "A data analyst turns data into insight.\n\nIn this role, you will:\n"
        "- clean data\n- present findings"
    )
    source = FrameworkSource.FRAMEWORK


class RoleLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleLevel

    role = factory.SubFactory(RoleFactory)
    name = factory.Sequence(lambda n: f"Senior data analyst {n}")
    slug = factory.LazyAttribute(lambda level: slugify(level.name))
    description = "A senior data analyst leads analysis for a service."
    order = 1
    lowest_band = Band.BAND_7
    highest_band = Band.BAND_8A
    source = FrameworkSource.FRAMEWORK


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Data visualisation {n}")
    slug = factory.LazyAttribute(lambda skill: slugify(skill.name))
    description = "Presenting data so people understand it."
    source = FrameworkSource.FRAMEWORK


class SkillRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillRequirement

    role_level = factory.SubFactory(RoleLevelFactory)
    skill = factory.SubFactory(SkillFactory)
    level = SkillLevel.WORKING
    level_description = "You can:\n- explain charts to colleagues\n- choose the right chart"
    source = FrameworkSource.FRAMEWORK
