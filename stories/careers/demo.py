"""Demo data for the capability framework, loaded by `stories.demo.load()` after it imports the
shipped copy of the framework:

- an Agenda for Change band range for every framework role level that has none, by the words
  of its name (`demo_bands`): the file has no bands, and NHS organisations map them themselves;
- three NHS roles the framework lacks (chief clinical information officer, chief nursing
  information officer, clinical safety officer), each with two levels, their bands and the
  skills they ask for: framework skills, and two skills added for the NHS ("Clinical safety",
  "Clinical engagement").

Like the rest of the demo it creates what is missing and leaves existing rows as they are, so
running it again changes nothing and an editor's changes survive.
"""

from django.utils.text import slugify

from stories.bands import Band
from stories.careers.importer import seniority
from stories.careers.models import (
    JobFamily,
    Role,
    RoleLevel,
    Skill,
    SkillLevel,
    SkillRequirement,
    Source,
)

# The demo's bands for each seniority a role level's name says (`importer.seniority`, which
# holds the words: 0 for a trainee up to 6 for a chief or director; a name with none of them,
# "Data analyst", is the role's plain, working level). The four chief digital and data roles
# the framework lists without levels are Senior Civil Service: 9 to VSM.
BANDS_BY_SENIORITY = [
    (Band.BAND_3, Band.BAND_4),  # trainee, apprentice
    (Band.BAND_4, Band.BAND_5),  # associate, junior
    (Band.BAND_6, Band.BAND_6),  # no word: the plain level
    (Band.BAND_7, Band.BAND_7),  # senior
    (Band.BAND_8A, Band.BAND_8A),  # lead
    (Band.BAND_8B, Band.BAND_8C),  # head, principal
    (Band.BAND_9, Band.VSM),  # chief, director
]
SENIOR_CIVIL_SERVICE_BANDS = (Band.BAND_9, Band.VSM)


def demo_bands(*, level_name: str, role_type: str = "") -> tuple[str, str]:
    """The demo's (lowest, highest) Agenda for Change bands for a framework role level."""
    if role_type == "Senior Civil Service":
        return SENIOR_CIVIL_SERVICE_BANDS
    return BANDS_BY_SENIORITY[seniority(level_name)]


NHS_FAMILY = "Clinical informatics"
NHS_SKILLS = {
    "Clinical safety": (
        "Clinical safety means managing the clinical risks of health IT systems, as the NHS "
        "standards DCB0129 (for manufacturers) and DCB0160 (for organisations deploying and "
        "using systems) require.\n\nIt includes:\n- identifying hazards and the harm they "
        "could cause patients\n- keeping a hazard log and a clinical safety case\n- agreeing "
        "controls and checking they work"
    ),
    "Clinical engagement": (
        "Clinical engagement means bringing doctors, nurses, midwives and allied health "
        "professionals into the choice, design and adoption of digital systems, so the systems "
        "fit how care is given."
    ),
}
A, W, P, E = (
    SkillLevel.AWARENESS,
    SkillLevel.WORKING,
    SkillLevel.PRACTITIONER,
    SkillLevel.EXPERT,
)
# role -> (description, [(level name, description, (lowest, highest), [(skill, level, text)])])
NHS_ROLES = {
    "Chief clinical information officer": (
        "A chief clinical information officer (CCIO) is a practising clinician who leads how "
        "an organisation uses digital systems and data to give safer, better care, and speaks "
        "for clinicians on the board's digital decisions.",
        [
            (
                "Associate chief clinical information officer",
                "An associate CCIO leads clinical digital work in a specialty or division, "
                "with the CCIO's support.",
                (Band.BAND_8B, Band.BAND_8D),
                [
                    ("Clinical engagement", P, "You can:\n- bring clinicians into design"),
                    ("Clinical safety", W, "You can:\n- take part in a hazard workshop"),
                    ("Change management", P, "You can:\n- lead a clinical system change"),
                    ("Stakeholder relationship management", P, "You can:\n- build trust"),
                    ("Data ethics and privacy", W, "You can:\n- explain patient data rules"),
                ],
            ),
            (
                "Chief clinical information officer",
                "A CCIO sets the clinical direction of the organisation's digital strategy "
                "and is accountable for its clinical safety and adoption.",
                (Band.BAND_8D, Band.VSM),
                [
                    ("Clinical engagement", E, "You can:\n- lead a network of clinical leads"),
                    ("Clinical safety", P, "You can:\n- challenge a clinical safety case"),
                    ("Change management", E, "You can:\n- lead change across the organisation"),
                    (
                        "Shaping the direction of organisational strategy through digital, "
                        "data and technology",
                        P,
                        "You can:\n- shape the digital strategy with the board",
                    ),
                    ("Stakeholder relationship management", E, "You can:\n- speak for staff"),
                    ("Data ethics and privacy", P, "You can:\n- advise on patient data use"),
                ],
            ),
        ],
    ),
    "Chief nursing information officer": (
        "A chief nursing information officer (CNIO) is a registered nurse or midwife who leads "
        "how nursing, midwifery and care staff use digital systems and data.",
        [
            (
                "Deputy chief nursing information officer",
                "A deputy CNIO leads digital work with nursing and midwifery teams.",
                (Band.BAND_8B, Band.BAND_8C),
                [
                    ("Clinical engagement", P, "You can:\n- bring nurses into design"),
                    ("Clinical safety", W, "You can:\n- report a digital safety concern"),
                    ("Change management", P, "You can:\n- lead a change on wards"),
                    ("User focus", P, "You can:\n- put nurses' needs first"),
                ],
            ),
            (
                "Chief nursing information officer",
                "A CNIO sets the nursing direction of the digital strategy and speaks for "
                "nursing and midwifery on digital decisions.",
                (Band.BAND_8C, Band.BAND_9),
                [
                    ("Clinical engagement", E, "You can:\n- lead nursing digital champions"),
                    ("Clinical safety", P, "You can:\n- review hazards with the safety officer"),
                    ("Change management", E, "You can:\n- lead change across nursing"),
                    ("Stakeholder relationship management", E, "You can:\n- work with the board"),
                    ("Strategic thinking", P, "You can:\n- plan digital nursing for years"),
                ],
            ),
        ],
    ),
    "Clinical safety officer": (
        "A clinical safety officer is a registered clinician trained in clinical risk "
        "management who makes sure health IT systems are safe for patients, under DCB0129 and "
        "DCB0160.",
        [
            (
                "Clinical safety officer",
                "A clinical safety officer runs clinical risk management for systems and signs "
                "off their safety cases.",
                (Band.BAND_7, Band.BAND_8A),
                [
                    ("Clinical safety", P, "You can:\n- write a clinical safety case"),
                    ("Governance and assurance", W, "You can:\n- follow the assurance process"),
                    ("Incident management", W, "You can:\n- investigate a digital incident"),
                ],
            ),
            (
                "Lead clinical safety officer",
                "A lead clinical safety officer leads the organisation's clinical risk "
                "management and its team of safety officers.",
                (Band.BAND_8A, Band.BAND_8B),
                [
                    ("Clinical safety", E, "You can:\n- set clinical safety policy"),
                    ("Governance and assurance", P, "You can:\n- run the assurance process"),
                    ("Incident management", P, "You can:\n- lead a serious incident review"),
                    ("Stakeholder relationship management", P, "You can:\n- brief the board"),
                ],
            ),
        ],
    ),
}


def load() -> None:
    """Set demo bands where a framework role level has none; add the NHS roles if missing."""
    _set_missing_bands()
    _add_nhs_roles()


def _set_missing_bands() -> None:
    levels = list(
        RoleLevel.objects.filter(
            source=Source.FRAMEWORK, lowest_band="", highest_band=""
        ).select_related("role")
    )
    for level in levels:
        level.lowest_band, level.highest_band = demo_bands(
            level_name=level.name, role_type=level.role.role_type
        )
    RoleLevel.objects.bulk_update(levels, ["lowest_band", "highest_band"], batch_size=500)


def _add_nhs_roles() -> None:
    family, _ = JobFamily.objects.get_or_create(
        name=NHS_FAMILY, defaults={"slug": slugify(NHS_FAMILY), "source": Source.NHS}
    )
    skills = {
        name: Skill.objects.get_or_create(
            name=name,
            defaults={"slug": slugify(name), "description": text, "source": Source.NHS},
        )[0]
        for name, text in NHS_SKILLS.items()
    }
    for role_name, (description, levels) in NHS_ROLES.items():
        role, _ = Role.objects.get_or_create(
            family=family,
            name=role_name,
            defaults={"slug": slugify(role_name), "description": description},
        )
        for order, (level_name, level_description, (lowest, highest), asks) in enumerate(
            levels, start=1
        ):
            level, _ = RoleLevel.objects.get_or_create(
                role=role,
                name=level_name,
                defaults={
                    "slug": slugify(level_name),
                    "description": level_description,
                    "order": order,
                    "lowest_band": lowest,
                    "highest_band": highest,
                },
            )
            for skill_name, skill_level, text in asks:
                skill = skills.get(skill_name) or Skill.objects.get(name=skill_name)
                SkillRequirement.objects.get_or_create(
                    role_level=level,
                    skill=skill,
                    defaults={"level": skill_level, "level_description": text},
                )
