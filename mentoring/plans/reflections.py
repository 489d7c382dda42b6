"""Reflection actions from the Health CIO handbook, offered beside the gaps they fit.

Quoted word for word from Owen Powell, "Becoming a successful leader", chapter 4 of The Health
CIO handbook (Digital Health's Health CIO Network), with the attribution shown wherever they
appear. A reflection fits a skill when the skill's name contains one of its keywords; nothing
here is written by Pathways.
"""

from dataclasses import dataclass

SOURCE = (
    'Owen Powell, "Becoming a successful leader", The Health CIO handbook, chapter 4 '
    "(Digital Health, Health CIO Network)"
)


@dataclass(frozen=True)
class Reflection:
    text: str
    keywords: tuple[str, ...]
    source: str = SOURCE

    def fits(self, skill_name: str) -> bool:
        name = skill_name.lower()
        return any(keyword in name for keyword in self.keywords)


REFLECTIONS = (
    Reflection(
        "Think about how you approach risk. What approach will you take to adjust your mindset "
        "from risk averse to taking controlled risks? What are parameters of your role? What "
        "authority do you have? Where will you get support from?",
        ("risk", "decision"),
    ),
    Reflection(
        "Think about what organisational changes may be needed. How can you help define and "
        "articulate these? What skills and knowledge do you have that can make these changes "
        "happen? Who will you need to work with to develop delivery plans?",
        ("change", "strateg", "innovation", "transformation"),
    ),
    Reflection(
        "Map out your place in your local system. Work out who the key stakeholders and "
        "influencers are. Think about what it is that you bring to the party, and what other "
        "peoples’ expectations of you might be, both inside and outside your organisation.",
        ("stakeholder", "system", "consultancy"),
    ),
    Reflection(
        "Find time to meet senior stakeholders, over a coffee if possible, and let them tell "
        "you about their perspective. Induction meetings are an ideal time to this.",
        ("stakeholder", "communicat", "relationship"),
    ),
    Reflection(
        "A final action is to think about what personal development will be needed to be "
        "successful in this new role. What sort of training and support will help you make the "
        "transition, and gain the new skills needed to be a success in an NHS leadership role?",
        ("leader", "leading", "capability building"),
    ),
)


def reflections_for(skill_name: str) -> list[Reflection]:
    return [reflection for reflection in REFLECTIONS if reflection.fits(skill_name)]
