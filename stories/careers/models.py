"""The capability framework's data.

Rows the framework withdraws are never deleted (career plans and career steps point at them):
they are marked `retired_at` and hidden from the pages that offer choices. Rows an editor adds
for the NHS have `source = NHS`; the importer never touches them.
"""

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from stories.bands import Band, band_range


class Source(models.TextChoices):
    FRAMEWORK = "framework", "Capability framework"
    NHS = "nhs", "Added for the NHS"


class SkillLevel(models.IntegerChoices):
    """The framework's four skill levels, in order, so a gap is a subtraction."""

    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working"
    PRACTITIONER = 3, "Practitioner"
    EXPERT = 4, "Expert"


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_at__isnull=True)


class FrameworkEntry(models.Model):
    source = models.CharField(max_length=10, choices=Source, default=Source.NHS)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the framework no longer lists this."
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class JobFamily(FrameworkEntry):
    """A role family of the framework, such as "Data" or "Architecture"."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "role family"
        verbose_name_plural = "role families"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:careers:family", kwargs={"slug": self.slug})


class Role(FrameworkEntry):
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    role_type = models.CharField(
        max_length=80, blank=True, help_text='For example "Senior Civil Service".'
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["family", "name"], name="role_name_unique_in_family"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:careers:role", kwargs={"slug": self.slug})


def _band_rank(field: str) -> Case:
    """A band's place in the order of `Band`, for comparing bands in the database."""
    whens = [When(**{field: band.value}, then=Value(rank)) for rank, band in enumerate(Band)]
    return Case(*whens, output_field=IntegerField())


# Either end may be unknown; "not on Agenda for Change" goes only with itself; otherwise the
# lowest band is not above the highest.
BANDS_IN_ORDER = (
    Q(lowest_band="")
    | Q(highest_band="")
    | Q(lowest_band=Band.NOT_ON_AFC, highest_band=Band.NOT_ON_AFC)
    | (
        ~Q(lowest_band=Band.NOT_ON_AFC)
        & ~Q(highest_band=Band.NOT_ON_AFC)
        & Q(LessThanOrEqual(_band_rank("lowest_band"), _band_rank("highest_band")))
    )
)


class RoleLevel(FrameworkEntry):
    """One level of a role ("Senior data analyst"), with the skills it asks for and the
    Agenda for Change bands it usually sits at in the NHS (editors set the bands)."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="levels")
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="1 for the most junior level.")
    lowest_band = models.CharField(max_length=10, choices=Band, blank=True)
    highest_band = models.CharField(max_length=10, choices=Band, blank=True)
    skills = models.ManyToManyField("Skill", through="SkillRequirement", related_name="+")

    class Meta:
        ordering = ["role__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="rolelevel_name_unique_in_role"),
            models.CheckConstraint(
                condition=BANDS_IN_ORDER,
                name="rolelevel_bands_in_order",
                violation_error_message=(
                    'The lowest band must not be above the highest band. Use "not on Agenda '
                    'for Change" for both, or for neither.'
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:careers:role_level", kwargs={"slug": self.slug})

    @property
    def bands(self) -> str:
        return band_range(self.lowest_band, self.highest_band)


class Skill(FrameworkEntry):
    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:careers:skill", kwargs={"slug": self.slug})


class SkillRequirement(FrameworkEntry):
    """The level of a skill a role level asks for, with what the framework says that means.
    `level` is empty for the few senior roles the framework lists without skill levels."""

    role_level = models.ForeignKey(RoleLevel, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    level = models.PositiveSmallIntegerField(choices=SkillLevel, null=True, blank=True)
    level_description = models.TextField(blank=True)

    class Meta:
        ordering = ["role_level", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_level", "skill"], name="skillrequirement_once_per_level"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__range=(1, 4)),
                name="skillrequirement_level_1_to_4",
                violation_error_message="Choose awareness, working, practitioner or expert.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_level_display() or 'no level'}"


__all__ = [
    "JobFamily",
    "Role",
    "RoleLevel",
    "Skill",
    "SkillLevel",
    "SkillRequirement",
    "Source",
]
