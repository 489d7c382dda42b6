"""The published content: leaders and their career paths, quotes with their sources, themes and
curated pathways. Mentoring refers to these (themes, regions, bands, pathways), never the reverse.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from stories.bands import Band, band_range


class Region(models.TextChoices):
    """NHS England's seven regions, the devolved nations, and outside the UK."""

    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    MIDLANDS = "midlands", "Midlands"
    NORTH_EAST_AND_YORKSHIRE = "north-east-and-yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north-west", "North West"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    OUTSIDE_UK = "outside-uk", "Outside the UK"


class Background(models.TextChoices):
    CLINICAL = "clinical", "Clinical"
    TECHNICAL = "technical", "Technical"
    NON_TECHNICAL = "non-technical", "Non-technical"
    OTHER_INDUSTRY = "other-industry", "Other industry"


class RoleFamily(models.TextChoices):
    CIO = "cio", "Chief information officer (CIO)"
    CCIO = "ccio", "Chief clinical information officer (CCIO)"
    CNIO = "cnio", "Chief nursing information officer (CNIO)"
    CDIO = "cdio", "Chief digital and information officer (CDIO)"
    HEAD_OF_DIGITAL = "head-of-digital", "Head of digital"
    PROGRAMME_MANAGER = "programme-manager", "Programme manager"
    ASSOCIATE_DIRECTOR = "associate-director", "Associate director"
    NATIONAL_LEADER = "national-leader", "National leader"


class Sector(models.TextChoices):
    """Where a career step was spent: the places on the "Routes into leadership" picture."""

    CLINICAL = "clinical", "Clinical practice"
    NHS_IT = "nhs-it", "NHS IT and informatics"
    NHS_MANAGEMENT = "nhs-management", "NHS management"
    NHS_DIGITAL_LEADERSHIP = "nhs-digital-leadership", "NHS digital leadership"
    NATIONAL_BODY = "national-body", "National health bodies"
    BANKING = "banking", "Banking and finance"
    PHARMA = "pharma", "Pharmaceuticals"
    TECHNOLOGY_INDUSTRY = "technology-industry", "Technology industry"
    OTHER_INDUSTRY = "other-industry", "Other industry"
    PUBLIC_SECTOR = "public-sector", "Other public sector"
    OVERSEAS_HEALTH = "overseas-health", "Healthcare overseas"
    EDUCATION = "education", "Education and training"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Publishable(models.Model):
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:theme", kwargs={"slug": self.slug})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ACUTE_TRUST = "acute-trust", "Acute trust"
        MENTAL_HEALTH_TRUST = "mental-health-trust", "Mental health trust"
        COMMUNITY_TRUST = "community-trust", "Community trust"
        AMBULANCE_SERVICE = "ambulance-service", "Ambulance service"
        INTEGRATED_CARE_BOARD = "icb", "Integrated care board or system"
        PRIMARY_CARE = "primary-care", "Primary care"
        NATIONAL_BODY = "national-body", "National body"
        GOVERNMENT = "government", "Government department"
        PRIVATE_SECTOR = "private-sector", "Private sector"
        OVERSEAS = "overseas", "Overseas health organisation"
        ACADEMIA = "academia", "University or college"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind)
    region = models.CharField(max_length=30, choices=Region, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Leader(Publishable):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField("current title", max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="leaders", null=True, blank=True
    )
    role_family = models.CharField(max_length=30, choices=RoleFamily)
    background = models.CharField(max_length=30, choices=Background)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and search results."
    )
    bio = models.TextField(
        help_text="The story, written by an editor. Blank lines split paragraphs."
    )
    themes = models.ManyToManyField(Theme, related_name="leaders", blank=True)
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")

    class Meta:
        ordering = ["name"]
        permissions = [("publish_leader", "Can publish and unpublish leaders")]
        indexes = [
            models.Index(fields=["status", "name"]),
            # The newest stories (home page fallback, feed) without sorting every leader.
            models.Index(fields=["status", "-published_at", "name"], name="leader_newest_idx"),
            models.Index(fields=["name"], condition=Q(featured=True), name="leader_featured_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:leader", kwargs={"slug": self.slug})


class CareerStep(models.Model):
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="career_steps")
    order = models.PositiveSmallIntegerField(help_text="1 for the earliest step.")
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(max_length=30, choices=Sector)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave blank for a current role or when not known."
    )
    note = models.CharField(max_length=300, blank=True)
    role_level = models.ForeignKey(
        "RoleLevel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="career_steps",
        help_text="The capability framework role level this step matches, if any.",
    )

    class Meta:
        ordering = ["leader", "order"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "order"], name="careerstep_order_unique"),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="careerstep_end_not_before_start",
                violation_error_message="The end year cannot be before the start year.",
            ),
            models.CheckConstraint(
                condition=(Q(start_year__isnull=True) | Q(start_year__range=(1940, 2100)))
                & (Q(end_year__isnull=True) | Q(end_year__range=(1940, 2100))),
                name="careerstep_years_plausible",
                violation_error_message="Enter years between 1940 and 2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.years})" if self.years else self.title

    @property
    def years(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year} to {self.end_year}"
        if self.start_year:
            return f"from {self.start_year}"
        if self.end_year:
            return f"until {self.end_year}"
        return ""


class Source(models.Model):
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "publisher"], name="source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})"


class QuoteQuerySet(PublishedQuerySet):
    def published(self):
        """Published quotes of published leaders: a draft leader's words stay private."""
        return self.filter(status=Status.PUBLISHED, leader__status=Status.PUBLISHED)


class Quote(Publishable):
    text = models.TextField()
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")
    themes = models.ManyToManyField(Theme, related_name="quotes", blank=True)
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["leader__name", "id"]
        permissions = [("publish_quote", "Can publish and unpublish quotes")]
        indexes = [
            # A theme's newest quotes, and the home page's, without sorting every quote.
            models.Index(fields=["status", "-published_at", "id"], name="quote_newest_idx"),
            models.Index(
                fields=["-published_at", "id"],
                condition=Q(featured=True),
                name="quote_featured_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:80]}…"


class Pathway(Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="pathways", blank=True)
    example_leaders = models.ManyToManyField(Leader, related_name="pathways", blank=True)

    class Meta:
        ordering = ["title"]
        permissions = [("publish_pathway", "Can publish and unpublish pathways")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:pathway", kwargs={"slug": self.slug})


class PathwayStage(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    typical_roles = models.CharField(max_length=300)
    band_from = models.CharField("from band", max_length=10, choices=Band, blank=True)
    band_to = models.CharField("to band", max_length=10, choices=Band, blank=True)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="+", blank=True)
    development_actions = models.TextField(blank=True, help_text="One action a line.")
    reflection_questions = models.TextField(blank=True, help_text="One question a line.")
    role_level = models.ForeignKey(
        "RoleLevel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pathway_stages",
        help_text="The capability framework role level this stage leads to, if any.",
    )

    class Meta:
        ordering = ["pathway", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "order"], name="pathwaystage_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def bands(self) -> str:
        return band_range(self.band_from, self.band_to)

    @property
    def development_action_list(self) -> list[str]:
        return [line.strip() for line in self.development_actions.splitlines() if line.strip()]

    @property
    def reflection_question_list(self) -> list[str]:
        return [line.strip() for line in self.reflection_questions.splitlines() if line.strip()]


# The capability framework's models live with their subject; Django finds them through here.
from stories.careers.models import (  # noqa: E402, F401
    JobFamily,
    Role,
    RoleLevel,
    Skill,
    SkillLevel,
    SkillRequirement,
)
