"""Synthetic stories content at scale: organisations, leaders with non-linear careers, sources,
quotes and pathways, for trying the pages and measuring them with realistic volumes.

The content is made by `random.Random(seed)` from fixed word lists, so a seed always gives the
same people, careers and words. Shared rows (themes, organisations, sources) are reused when
they already exist; leaders and pathways get slugs with a run token (`s<seed>r<run>`), so a
second run adds a second set instead of failing on a unique slug. Everything is inserted with
`bulk_create` inside one transaction: 10,000 leaders take seconds, not minutes, and a failed run
leaves nothing behind.
"""

import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, models, transaction
from django.utils.text import slugify

from stories.models import (
    Background,
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Quote,
    RoleFamily,
    Sector,
    Source,
    Status,
    Theme,
)

BATCH_SIZE = 2000
# Publication dates and career years count back from here rather than from today, so a seed
# gives the same content whenever it runs.
ANCHOR = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
LATEST_YEAR = 2025

Kind = Organisation.Kind
R = "north-east-and-yorkshire", "north-west", "midlands", "east-of-england", "london"
R2 = "south-east", "south-west"

FIRST_NAMES = [
    "Abigail", "Adam", "Adebayo", "Agnieszka", "Aisha", "Amara", "Amy", "Ana", "Andrew", "Anil",
    "Anjali", "Anna", "Aoife", "Arjun", "Ayesha", "Ben", "Bethan", "Bilal", "Callum", "Catrin",
    "Chinedu", "Chloe", "Ciaran", "Claire", "Daniel", "David", "Deepa", "Dylan", "Elena", "Elijah",
    "Emma", "Erin", "Esi", "Ewan", "Fatima", "Ffion", "Finlay", "Fiona", "Folake", "Freya",
    "Gareth", "Grace", "Gurpreet", "Hamza", "Hannah", "Harpreet", "Helen", "Holly", "Ibrahim",
    "Ifeoma", "Imran", "Isla", "Jack", "James", "Jessica", "Joao", "Joseph", "Julie", "Karen",
    "Kasia", "Kieran", "Kofi", "Kwame", "Laura", "Layla", "Leah", "Lucy", "Luke", "Lukas", "Marco",
    "Mark", "Mary", "Maryam", "Matthew", "Megan", "Mei", "Michael", "Mohammed", "Morag", "Nathan",
    "Neha", "Ngozi", "Niamh", "Noor", "Olivia", "Omar", "Oliver", "Owen", "Patrick", "Paul",
    "Piotr", "Priya", "Rachel", "Rajesh", "Ravi", "Rebecca", "Rhys", "Rory", "Ruby", "Samuel",
    "Sanjay", "Sarah", "Sean", "Sian", "Siobhan", "Sofia", "Sophie", "Stephen", "Sunita", "Thomas",
    "Tomasz", "Tunde", "Wei", "Yusuf", "Zainab", "Zara"
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Ali", "Anderson", "Asante", "Bailey", "Banerjee", "Begum", "Bell",
    "Bennett", "Boateng", "Brown", "Campbell", "Chan", "Chaudhry", "Chen", "Clarke", "Collins",
    "Cooper", "Davies", "Desai", "Doherty", "Edwards", "Evans", "Fernandes", "Fraser", "Gallagher",
    "Ghosh", "Gill", "Green", "Griffiths", "Hall", "Harris", "Hughes", "Hussain", "Iqbal",
    "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "Kowalski",
    "Kumar", "Lee", "Lewis", "Li", "Lloyd", "MacDonald", "Mahmood", "Martin", "Mensah", "Mitchell",
    "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nowak", "Nwosu", "O'Brien", "O'Connor",
    "Okafor", "Okonkwo", "Owen", "Owusu", "Parker", "Patel", "Phillips", "Price", "Rahman", "Reid",
    "Roberts", "Robertson", "Robinson", "Rossi", "Scott", "Shah", "Sharma", "Silva", "Singh",
    "Smith", "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Walsh", "Wang",
    "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Yilmaz", "Young", "Zhang"
]  # fmt: skip

PLACES = [
    ("Barnsley", R[0]), ("Bradford", R[0]), ("Calderdale", R[0]), ("Doncaster", R[0]),
    ("Hull", R[0]), ("Leeds", R[0]), ("Newcastle", R[0]), ("Sheffield", R[0]),
    ("Sunderland", R[0]), ("York", R[0]), ("Blackpool", R[1]), ("Bolton", R[1]),
    ("Cheshire", R[1]), ("Lancashire", R[1]), ("Liverpool", R[1]), ("Manchester", R[1]),
    ("Salford", R[1]), ("Wirral", R[1]), ("Birmingham", R[2]), ("Coventry", R[2]),
    ("Derby", R[2]), ("Leicester", R[2]), ("Lincolnshire", R[2]), ("Nottingham", R[2]),
    ("Shropshire", R[2]), ("Stoke", R[2]), ("Wolverhampton", R[2]), ("Bedfordshire", R[3]),
    ("Cambridge", R[3]), ("Essex", R[3]), ("Hertfordshire", R[3]), ("Norfolk", R[3]),
    ("Suffolk", R[3]), ("Barking", R[4]), ("Camden", R[4]), ("Croydon", R[4]),
    ("Ealing", R[4]), ("Hackney", R[4]), ("Lewisham", R[4]), ("Southwark", R[4]),
    ("Brighton", R2[0]), ("Buckinghamshire", R2[0]), ("Kent", R2[0]), ("Oxford", R2[0]),
    ("Portsmouth", R2[0]), ("Surrey", R2[0]), ("Bristol", R2[1]), ("Cornwall", R2[1]),
    ("Devon", R2[1]), ("Dorset", R2[1]), ("Gloucestershire", R2[1]), ("Somerset", R2[1]),
]  # fmt: skip
NHS_ORGANISATION_PATTERNS = [
    (Kind.ACUTE_TRUST, "{} Teaching Hospitals NHS Foundation Trust"),
    (Kind.MENTAL_HEALTH_TRUST, "{} Mental Health NHS Foundation Trust"),
    (Kind.COMMUNITY_TRUST, "{} Community Health Services NHS Trust"),
    (Kind.INTEGRATED_CARE_BOARD, "NHS {} Integrated Care Board"),
    (Kind.PRIMARY_CARE, "{} Central Primary Care Network"),
    (Kind.OTHER, "{} Council"),
    (Kind.ACADEMIA, "University of {}"),
]
FIXED_ORGANISATIONS = [
    ("North East Ambulance Service NHS Foundation Trust", Kind.AMBULANCE_SERVICE, R[0]),
    ("North West Ambulance Service NHS Trust", Kind.AMBULANCE_SERVICE, R[1]),
    ("West Midlands Ambulance Service NHS Foundation Trust", Kind.AMBULANCE_SERVICE, R[2]),
    ("East of England Ambulance Service NHS Trust", Kind.AMBULANCE_SERVICE, R[3]),
    ("London Ambulance Service NHS Trust", Kind.AMBULANCE_SERVICE, R[4]),
    ("South Western Ambulance Service NHS Foundation Trust", Kind.AMBULANCE_SERVICE, R2[1]),
    ("NHS Greater Glasgow and Clyde", Kind.ACUTE_TRUST, "scotland"),
    ("NHS Lothian", Kind.ACUTE_TRUST, "scotland"),
    ("Cardiff and Vale University Health Board", Kind.ACUTE_TRUST, "wales"),
    ("Digital Health and Care Wales", Kind.NATIONAL_BODY, "wales"),
    ("Belfast Health and Social Care Trust", Kind.ACUTE_TRUST, "northern-ireland"),
    ("NHS England", Kind.NATIONAL_BODY, R[4]),
    ("NHS Business Services Authority", Kind.NATIONAL_BODY, R[0]),
    ("NHS Blood and Transplant", Kind.NATIONAL_BODY, R2[1]),
    ("UK Health Security Agency", Kind.NATIONAL_BODY, R[4]),
    ("Care Quality Commission", Kind.NATIONAL_BODY, R[4]),
    ("National Institute for Health and Care Excellence", Kind.NATIONAL_BODY, R[1]),
    ("Medicines and Healthcare products Regulatory Agency", Kind.NATIONAL_BODY, R[4]),
    ("Department of Health and Social Care", Kind.GOVERNMENT, R[4]),
    ("Government Digital Service", Kind.GOVERNMENT, R[4]),
    ("Department for Work and Pensions", Kind.GOVERNMENT, R[0]),
    ("HM Revenue and Customs", Kind.GOVERNMENT, R[4]),
    ("Ministry of Justice", Kind.GOVERNMENT, R[4]),
    ("Auckland City Hospital", Kind.OVERSEAS, "outside-uk"),
    ("Toronto Western Hospital", Kind.OVERSEAS, "outside-uk"),
    ("Sydney Local Health District", Kind.OVERSEAS, "outside-uk"),
    ("Lagos University Teaching Hospital", Kind.OVERSEAS, "outside-uk"),
    ("Singapore General Hospital", Kind.OVERSEAS, "outside-uk"),
    ("Karolinska University Hospital", Kind.OVERSEAS, "outside-uk"),
    ("Hamad Medical Corporation", Kind.OVERSEAS, "outside-uk"),
    ("Aga Khan University Hospital, Nairobi", Kind.OVERSEAS, "outside-uk"),
    ("Ministry of Health, Ghana", Kind.OVERSEAS, "outside-uk"),
]
COMPANY_PREFIXES = ["Albion", "Brightwater", "Cobalt", "Harbour", "Kestrel", "Lumen", "Meridian"]
# Private companies, by the sector a career step there counts as.
COMPANY_SUFFIXES = {
    Sector.BANKING: ["Bank", "Capital", "Building Society", "Financial Services"],
    Sector.PHARMA: ["Pharmaceuticals", "Therapeutics", "Biosciences", "Life Sciences"],
    Sector.TECHNOLOGY_INDUSTRY: ["Systems", "Software", "Health Technologies", "Analytics"],
    Sector.OTHER_INDUSTRY: ["Retail", "Logistics", "Consulting", "Energy"],
}
NHS_PROVIDERS = [Kind.ACUTE_TRUST, Kind.MENTAL_HEALTH_TRUST, Kind.COMMUNITY_TRUST]
SECTOR_ORGANISATION_KINDS = {
    Sector.CLINICAL: [*NHS_PROVIDERS, Kind.PRIMARY_CARE, Kind.AMBULANCE_SERVICE],
    Sector.NHS_IT: [*NHS_PROVIDERS, Kind.INTEGRATED_CARE_BOARD],
    Sector.NHS_MANAGEMENT: [*NHS_PROVIDERS, Kind.INTEGRATED_CARE_BOARD],
    Sector.NHS_DIGITAL_LEADERSHIP: [*NHS_PROVIDERS, Kind.INTEGRATED_CARE_BOARD],
    Sector.NATIONAL_BODY: [Kind.NATIONAL_BODY],
    Sector.PUBLIC_SECTOR: [Kind.GOVERNMENT, Kind.OTHER],
    Sector.OVERSEAS_HEALTH: [Kind.OVERSEAS],
    Sector.EDUCATION: [Kind.ACADEMIA],
}

THEMES = [
    ("Career changes", "Moving into NHS digital from somewhere else, and what carried over."),
    ("Clinical safety", "Keeping patients safe when care depends on software."),
    ("Data and analytics", "Turning NHS data into decisions, and earning trust to use it."),
    ("Building teams", "Hiring, growing and keeping digital teams in the NHS."),
    ("Imposter syndrome", "Feeling out of place in a new role, and getting past it."),
    ("Electronic patient records", "Choosing, deploying and living with an EPR."),
    ("Working with suppliers", "Contracts, partnerships and holding suppliers to account."),
    ("Getting a board seat", "Making the case for digital at board level."),
    ("Cyber security", "Protecting services and data from attack."),
    ("Digital inclusion", "Making sure nobody is left behind by digital services."),
    ("Interoperability", "Getting systems and organisations to share information."),
    ("Flexible working", "Part-time, job-share and career breaks on the way up."),
    ("Mentoring", "Being mentored, and mentoring others."),
    ("Equality, diversity and inclusion", "Who gets to lead, and how to widen it."),
    ("Artificial intelligence", "Using AI safely and usefully in care."),
    ("Patient voice", "Designing services with patients, not for them."),
    ("Procurement", "Buying technology well in the public sector."),
    ("Transformation", "Changing how services work, not just the tools."),
    ("Leading through a crisis", "Outages, pandemics and the days nothing works."),
    ("Working across systems", "Leading across trusts, councils and integrated care."),
]

ROLE_TITLES = {
    RoleFamily.CIO: ["Chief Information Officer"],
    RoleFamily.CCIO: ["Chief Clinical Information Officer"],
    RoleFamily.CNIO: ["Chief Nursing Information Officer"],
    RoleFamily.CDIO: ["Chief Digital and Information Officer", "Chief Digital Officer"],
    RoleFamily.HEAD_OF_DIGITAL: [
        "Head of Digital",
        "Head of Digital Transformation",
        "Head of Informatics",
    ],
    RoleFamily.PROGRAMME_MANAGER: [
        "Digital Programme Manager",
        "EPR Programme Manager",
        "Senior Programme Manager, Digital",
    ],
    RoleFamily.ASSOCIATE_DIRECTOR: [
        "Associate Director of Digital",
        "Associate Director of Informatics",
        "Deputy Chief Information Officer",
    ],
    RoleFamily.NATIONAL_LEADER: [
        "National Director of Digital Transformation",
        "Deputy Director, Digital Services",
        "National Clinical Director for Digital",
        "Head of Data Strategy",
    ],
}
ROLE_FAMILY_WEIGHTS = {
    Background.CLINICAL: {"ccio": 35, "cnio": 20, "cdio": 10, "associate-director": 10,
                          "head-of-digital": 10, "national-leader": 10, "programme-manager": 5},
    Background.TECHNICAL: {"cio": 25, "cdio": 20, "head-of-digital": 20, "associate-director": 15,
                           "programme-manager": 10, "national-leader": 10},
    Background.NON_TECHNICAL: {"programme-manager": 25, "associate-director": 20,
                               "head-of-digital": 20, "cdio": 15, "cio": 10,
                               "national-leader": 10},
    Background.OTHER_INDUSTRY: {"cdio": 30, "cio": 25, "head-of-digital": 15,
                                "associate-director": 10, "national-leader": 10,
                                "programme-manager": 10},
}  # fmt: skip
BACKGROUND_WEIGHTS = {
    Background.CLINICAL: 30,
    Background.TECHNICAL: 30,
    Background.NON_TECHNICAL: 25,
    Background.OTHER_INDUSTRY: 15,
}

S = Sector
# Routes up to the last step; the current role is added to the end when a route does not
# already finish where the leader's role family sits.
CAREER_ROUTES = {
    Background.CLINICAL: [
        [S.CLINICAL, S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.CLINICAL, S.CLINICAL, S.NHS_MANAGEMENT, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.CLINICAL, S.OVERSEAS_HEALTH, S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.CLINICAL, S.EDUCATION, S.NHS_IT, S.NATIONAL_BODY, S.NHS_DIGITAL_LEADERSHIP],
        [S.CLINICAL, S.CLINICAL, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP, S.NATIONAL_BODY],
    ],
    Background.TECHNICAL: [
        [S.TECHNOLOGY_INDUSTRY, S.NHS_IT, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.NHS_IT, S.NHS_IT, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.EDUCATION, S.TECHNOLOGY_INDUSTRY, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.NHS_IT, S.TECHNOLOGY_INDUSTRY, S.NHS_IT, S.NATIONAL_BODY, S.NHS_DIGITAL_LEADERSHIP],
        [S.PUBLIC_SECTOR, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP, S.NATIONAL_BODY],
    ],
    Background.NON_TECHNICAL: [
        [S.NHS_MANAGEMENT, S.NHS_MANAGEMENT, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.PUBLIC_SECTOR, S.NHS_MANAGEMENT, S.NHS_DIGITAL_LEADERSHIP],
        [S.EDUCATION, S.NHS_MANAGEMENT, S.NATIONAL_BODY, S.NHS_DIGITAL_LEADERSHIP],
        [S.NHS_MANAGEMENT, S.OTHER_INDUSTRY, S.NHS_MANAGEMENT, S.NHS_DIGITAL_LEADERSHIP],
    ],
    Background.OTHER_INDUSTRY: [
        [S.BANKING, S.PHARMA, S.NHS_DIGITAL_LEADERSHIP, S.OVERSEAS_HEALTH,
         S.NHS_DIGITAL_LEADERSHIP],
        [S.BANKING, S.TECHNOLOGY_INDUSTRY, S.NHS_IT, S.NHS_DIGITAL_LEADERSHIP],
        [S.OTHER_INDUSTRY, S.TECHNOLOGY_INDUSTRY, S.NHS_DIGITAL_LEADERSHIP],
        [S.PHARMA, S.NHS_MANAGEMENT, S.NHS_DIGITAL_LEADERSHIP],
        [S.TECHNOLOGY_INDUSTRY, S.BANKING, S.PUBLIC_SECTOR, S.NHS_DIGITAL_LEADERSHIP],
    ],
}  # fmt: skip
CLINICAL_TITLES = {
    "doctor": ["Foundation doctor", "Specialty registrar", "Consultant physician",
               "Salaried GP", "GP partner", "Consultant anaesthetist"],
    "nurse": ["Staff nurse", "Ward sister", "Clinical nurse specialist", "Matron",
              "District nurse"],
    "allied health professional": ["Physiotherapist", "Occupational therapist",
                                   "Diagnostic radiographer", "Paramedic",
                                   "Speech and language therapist"],
    "pharmacist": ["Hospital pharmacist", "Community pharmacist", "Lead pharmacist"],
}  # fmt: skip
STEP_TITLES = {
    S.NHS_IT: ["Service desk analyst", "Systems analyst", "EPR application specialist",
               "Clinical systems lead", "Information analyst", "Infrastructure engineer",
               "Clinical safety officer", "Interoperability lead", "Informatics manager"],
    S.NHS_MANAGEMENT: ["Graduate management trainee", "Service manager", "General manager",
                       "Operations manager", "Transformation lead", "Project manager"],
    S.NHS_DIGITAL_LEADERSHIP: ["Head of IT", "Deputy Director of Digital",
                               "Head of Informatics", "Digital Programme Director",
                               "Associate Chief Clinical Information Officer"],
    S.NATIONAL_BODY: ["Senior policy adviser", "Product manager", "Delivery manager",
                      "National clinical lead", "Programme lead", "Deputy director"],
    S.BANKING: ["Graduate analyst", "Business analyst", "IT project manager",
                "Head of technology risk", "Change manager"],
    S.PHARMA: ["Data scientist", "Commercial manager", "Digital health lead",
               "Regulatory affairs manager", "Medical information manager"],
    S.TECHNOLOGY_INDUSTRY: ["Software developer", "Solutions architect", "Product manager",
                            "Implementation consultant", "Engineering manager"],
    S.OTHER_INDUSTRY: ["Operations manager", "Retail area manager", "Logistics planner",
                       "Management consultant", "Marketing manager"],
    S.PUBLIC_SECTOR: ["Policy officer", "IT manager", "Digital service manager",
                      "Data analyst", "Fast stream civil servant"],
    S.OVERSEAS_HEALTH: ["Digital health adviser", "Hospital IT director",
                        "Health informatics consultant", "Clinical informatics fellow",
                        "eHealth programme lead"],
    S.EDUCATION: ["Lecturer in health informatics", "Clinical educator", "Research fellow",
                  "Teaching fellow", "PhD student in health informatics"],
}  # fmt: skip
SECTOR_PHRASES = {
    S.CLINICAL: "clinical practice",
    S.NHS_IT: "NHS IT",
    S.NHS_MANAGEMENT: "NHS management",
    S.NHS_DIGITAL_LEADERSHIP: "NHS digital leadership",
    S.NATIONAL_BODY: "a national health body",
    S.BANKING: "banking",
    S.PHARMA: "the pharmaceutical industry",
    S.TECHNOLOGY_INDUSTRY: "the technology industry",
    S.OTHER_INDUSTRY: "industry",
    S.PUBLIC_SECTOR: "the wider public sector",
    S.OVERSEAS_HEALTH: "healthcare overseas",
    S.EDUCATION: "education and research",
}
STEP_NOTES = [
    "Part time, while studying for a degree.",
    "A secondment that became permanent.",
    "Led the go-live of a new electronic patient record.",
    "Took a year out for a master's degree in health informatics.",
    "Returned after a career break.",
    "Job share.",
    "Covered the role through the pandemic.",
]

SUMMARIES = [
    "Began as {a_first} in {first_phrase} and is now {title} at {organisation}.",
    "{first_name} moved from {first_phrase} into {next_phrase} before becoming {title} at "
    "{organisation}.",
    "A route through {route_phrase}: {first_name} is now {title} at {organisation}.",
    "Now {title} at {organisation}, {first_name} spent {first_years} years in {first_phrase} first "
    "and says none of it was wasted.",
]
BIO_OPENINGS = [
    "{first_name} started out as {a_first} at {first_organisation} in {start_year}.",
    "In {start_year} {first_name} joined {first_organisation} as {a_first}, with no plan to "
    "work in digital.",
    "{first_name}'s career began in {first_phrase}, as {a_first} at {first_organisation}.",
]
BIO_TURNS = [
    "A failed system go-live showed {first_name} how much the technology mattered to the people "
    "using it, and the next move was into {next_phrase}.",
    "A manager suggested a secondment into {next_phrase}; {first_name} expected to go back "
    "after six months and never did.",
    "Moving into {next_phrase} meant a pay cut and a steep learning curve, and {first_name} "
    "calls it the best decision of their career.",
    "Years in {next_phrase} taught {first_name} to translate between clinicians, managers and "
    "engineers.",
    "{first_name} saw in {next_phrase} that the hardest problems were about people and "
    "process, not software.",
]
BIO_NOW = [
    "Today, as {title} at {organisation}, {first_name} leads on {theme_phrase}.",
    "As {title} at {organisation}, {first_name} now spends most days on {theme_phrase}.",
    "{first_name} became {title} at {organisation} in {last_start}, with a brief that covers "
    "{theme_phrase}.",
]
BIO_ADVICE = [
    "{first_name} mentors people making a similar move and tells them to say yes to the "
    "projects nobody else wants.",
    "The advice {first_name} gives most often: find someone a step ahead and ask them how they "
    "got there.",
    "{first_name} believes that anyone who understands how care is delivered can learn the "
    "technology, and not always the other way round.",
    "Outside work, {first_name} volunteers with a network that helps under-represented staff "
    "into senior digital roles.",
]
QUOTE_SENTENCES = [
    "Nobody told me I was allowed to apply for a board role, so I had to learn to ask.",
    "The best systems I have worked on were designed with the people on the ward, not for them.",
    "I spent years thinking I was not technical enough. It turned out nobody else was either.",
    "Every go-live is a clinical change first and a technology change second.",
    "Say yes to the project nobody wants: that is where you learn the most.",
    "My banking career taught me about risk. The NHS taught me what is really at stake.",
    "You do not need to write code to lead a digital team, but you need to respect those who do.",
    "I took a pay cut to join the NHS and I have never regretted it.",
    "Find a mentor who is one step ahead of you, not ten.",
    "Data is only useful when the people who collect it can see what it changed.",
    "The hardest part of my job is saying no to good ideas so that we can finish great ones.",
    "Working part time did not slow my career down as much as I feared it would.",
    "Clinical safety is everyone's job, and the safety officer is there to help you do it.",
    "Overseas I learned how much the NHS does well, and how much it could borrow from others.",
    "If you are the only person like you in the room, bring someone with you next time.",
    "Suppliers are partners when things go well and contracts when they do not; know both.",
    "I still do a clinical session every week. It keeps me honest about what we build.",
    "Cyber security is a board issue, not an IT issue.",
    "Most transformation fails because we change the tools and leave the process alone.",
    "Imposter syndrome never fully goes away. You just learn to act anyway.",
    "Interoperability is a people problem wearing a technology costume.",
    "Ask the porters and the receptionists: they know where the system is broken.",
    "A good digital leader makes the clinicians' day shorter, not longer.",
    "I learned more from the outage than from any course I went on.",
    "Patients should never have to tell their story twice because our systems do not talk.",
]
PUBLISHERS = [
    ("Digital Health Leaders podcast", "Episode {n}: {name} on {topic}"),
    ("Health Tech Weekly", "Interview {n}: {name}, {title}"),
    ("NHS Confederation blog", "Routes into digital leadership, part {n}: {name}"),
    ("BCS Health and Care", "Member profile {n}: {name}"),
    ("Pathways editorial team", "In conversation {n}: {name} on {topic}"),
]
PATHWAYS = [
    ("From ward to board: clinical routes into digital leadership", Background.CLINICAL,
     ["Clinician with an interest in digital", "Clinical systems champion",
      "Clinical safety officer or digital clinical lead",
      "Chief clinical or nursing information officer", "Executive clinical digital leader"]),
    ("From the service desk to chief information officer", Background.TECHNICAL,
     ["Service desk and support", "Systems and applications specialist",
      "IT manager or head of service", "Deputy chief information officer",
      "Chief information officer"]),
    ("Into NHS digital from another industry", Background.OTHER_INDUSTRY,
     ["Specialist in another industry", "Bringing your skills to an NHS project",
      "Digital programme leadership", "Chief digital officer"]),
    ("From operational management to digital transformation", Background.NON_TECHNICAL,
     ["Operational or service manager", "Transformation or project lead",
      "Digital programme manager", "Associate director of digital"]),
    ("Data and analytics leadership", Background.TECHNICAL,
     ["Information analyst", "Senior analyst or data scientist", "Head of business intelligence",
      "Chief data officer"]),
    ("Nursing informatics", Background.CLINICAL,
     ["Registered nurse with an interest in digital", "Nursing informatics lead",
      "Deputy chief nursing information officer", "Chief nursing information officer"]),
    ("National roles: policy, standards and platforms", Background.NON_TECHNICAL,
     ["Digital role in a trust or ICB", "Secondment to a national programme",
      "National programme or product lead", "National director"]),
]  # fmt: skip
STAGE_BANDS = [("5", "6"), ("6", "7"), ("7", "8a"), ("8a", "8c"), ("8c", "9"), ("9", "vsm")]
DEVELOPMENT_ACTIONS = [
    "Shadow a digital lead for a day",
    "Join a system go-live as a super-user",
    "Complete a clinical safety (DCB0129/DCB0160) course",
    "Take on a small project with a budget of your own",
    "Find a mentor through Pathways",
    "Present a business case to a committee",
    "Spend time with a supplier's implementation team",
    "Study for a recognised qualification in health informatics",
    "Lead a lessons-learned review after an incident",
    "Join a regional or national professional network",
]
REFLECTION_QUESTIONS = [
    "Which parts of your current role do you want to keep doing?",
    "Who would you ask for a reference for your next role?",
    "What would your team say you are best at?",
    "Which decisions are you ready to own that you now escalate?",
    "What do you know about care that others in digital do not?",
    "Where would a secondment teach you the most?",
]


@dataclass
class Generated:
    """What a run created or reused, for the command to report."""

    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run_token: str = ""


def generate(
    *,
    leaders: int,
    quotes_per_leader: int,
    themes: int = 12,
    pathways: int = 7,
    seed: int = 1,
    published_fraction: float = 0.9,
) -> Generated:
    if min(leaders, quotes_per_leader, pathways) < 0 or themes < 1:
        raise ValueError("Counts cannot be negative, and at least one theme is needed.")
    if not 0 <= published_fraction <= 1:
        raise ValueError("The published fraction is between 0 and 1.")
    started = time.perf_counter()
    result = Generated()
    with transaction.atomic():
        result.run_token = _run_token(seed)
        _Builder(rng=random.Random(seed), result=result, fraction=published_fraction).build(
            leaders=leaders,
            quotes_per_leader=quotes_per_leader,
            themes=themes,
            pathways=pathways,
        )
    _refresh_planner_statistics()
    result.seconds = time.perf_counter() - started
    return result


def _refresh_planner_statistics() -> None:
    """Right after a bulk load the planner's statistics still describe empty tables, until
    autovacuum catches up: PostgreSQL then sorted all 9,000 published leaders to show a page of
    20 (19 ms rather than 0.1 ms), and counted them from the heap rather than the index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM also marks the pages all-visible, which lets counts use index-only scans;
            # it cannot run inside a transaction, so a caller's transaction gets ANALYZE only.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            tables = ", ".join(connection.ops.quote_name(table) for table in _tables())
            cursor.execute(f"{command} {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _tables() -> list[str]:
    written = [Theme, Organisation, Leader, CareerStep, Source, Quote, Pathway, PathwayStage]
    relations = [
        Leader.themes,
        Quote.themes,
        Pathway.themes,
        Pathway.example_leaders,
        PathwayStage.themes,
    ]
    written += [relation.through for relation in relations]
    return [model._meta.db_table for model in written]


def _run_token(seed: int) -> str:
    run = 1
    while True:
        token = f"s{seed}r{run}"
        marker = f"-{token}-"
        if not (
            Leader.objects.filter(slug__contains=marker).exists()
            or Pathway.objects.filter(slug__contains=marker).exists()
        ):
            return token
        run += 1


def _bulk(model: type[models.Model], rows: Sequence[models.Model]) -> list[models.Model]:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _article(phrase: str) -> str:
    return f"an {phrase}" if phrase[0].lower() in "aeiou" else f"a {phrase}"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _lower_first(title: str) -> str:
    # Keeps words such as "EPR", "PhD" and "eHealth" as they are written.
    first_word = title.split()[0]
    if any(letter.isupper() for letter in first_word[1:]):
        return title
    return title[0].lower() + title[1:]


class _Builder:
    def __init__(self, *, rng: random.Random, result: Generated, fraction: float) -> None:
        self.rng = rng
        self.counts = result.counts
        self.token = result.run_token
        self.fraction = fraction

    def build(self, *, leaders: int, quotes_per_leader: int, themes: int, pathways: int) -> None:
        self.themes = self._themes(themes)
        self.organisations = self._organisations()
        people = self._leaders(leaders)
        self._careers(people)
        self._quotes(people, quotes_per_leader)
        self._pathways(pathways, people)

    def _published(self) -> tuple[str, datetime | None]:
        # Bulk generation sets status directly rather than through services.publish, one row
        # at a time; it keeps publish()'s rule that a published item has a publication date.
        if self.rng.random() < self.fraction:
            return Status.PUBLISHED, ANCHOR - timedelta(minutes=self.rng.randint(0, 3 * 525_600))
        return Status.DRAFT, None

    def _themes(self, count: int) -> list[Theme]:
        wanted = []
        for index in range(count):
            name, description = THEMES[index % len(THEMES)]
            if index >= len(THEMES):
                name = f"{name} {index // len(THEMES) + 1}"
            wanted.append(Theme(name=name, slug=slugify(name), description=description))
        existing = {
            theme.slug: theme
            for theme in Theme.objects.filter(slug__in=[theme.slug for theme in wanted])
        }
        existing |= {
            slugify(theme.name): theme
            for theme in Theme.objects.filter(name__in=[theme.name for theme in wanted])
        }
        missing = [theme for theme in wanted if theme.slug not in existing]
        created = {theme.slug: theme for theme in _bulk(Theme, missing)}
        self.counts["themes created"] += len(missing)
        self.counts["themes reused"] += count - len(missing)
        return [existing.get(theme.slug) or created[theme.slug] for theme in wanted]

    def _organisations(self) -> dict[str, list[Organisation]]:
        """The catalogue of organisations, by what a career step there counts as: the same for
        every seed, reused by name, so runs share organisations instead of duplicating them."""
        catalogue: list[tuple[str, str, str, Sector | None]] = [
            (pattern.format(place), kind, region, None)
            for place, region in PLACES
            for kind, pattern in NHS_ORGANISATION_PATTERNS
        ]
        catalogue += [(name, kind, region, None) for name, kind, region in FIXED_ORGANISATIONS]
        catalogue += [
            (f"{prefix} {suffix}", Kind.PRIVATE_SECTOR, "", sector)
            for sector, suffixes in COMPANY_SUFFIXES.items()
            for prefix in COMPANY_PREFIXES
            for suffix in suffixes
        ]
        existing = {org.name: org for org in Organisation.objects.all()}
        taken_slugs = {org.slug for org in existing.values()}
        missing = []
        for name, kind, region, _sector in catalogue:
            if name in existing:
                continue
            slug = slugify(name)
            while slug in taken_slugs:
                slug = f"{slug}-{self.token}"
            taken_slugs.add(slug)
            missing.append(Organisation(name=name, slug=slug, kind=kind, region=region))
        for organisation in _bulk(Organisation, missing):
            existing[organisation.name] = organisation
        self.counts["organisations created"] += len(missing)
        self.counts["organisations reused"] += len(catalogue) - len(missing)

        by_sector: dict[str, list[Organisation]] = {}
        for name, kind, _region, company_sector in catalogue:
            organisation = existing[name]
            if company_sector:
                by_sector.setdefault(company_sector, []).append(organisation)
                continue
            for sector, kinds in SECTOR_ORGANISATION_KINDS.items():
                if kind in kinds:
                    by_sector.setdefault(sector, []).append(organisation)
        return by_sector

    def _leaders(self, count: int) -> list["_Person"]:
        rng = self.rng
        backgrounds = list(BACKGROUND_WEIGHTS)
        background_weights = list(BACKGROUND_WEIGHTS.values())
        people = []
        for index in range(count):
            background = rng.choices(backgrounds, background_weights)[0]
            families = ROLE_FAMILY_WEIGHTS[background]
            role_family = rng.choices(list(families), list(families.values()))[0]
            person = _Person(rng, background=background, role_family=role_family)
            person.route(self.organisations)
            leader_themes = rng.sample(self.themes, k=min(len(self.themes), rng.randint(1, 4)))
            status, published_at = self._published()
            person.themes = leader_themes
            person.leader = Leader(
                name=person.name,
                slug=f"{slugify(person.name)}-{self.token}-{index + 1}",
                title=person.title,
                organisation=person.organisation,
                role_family=role_family,
                background=background,
                summary=person.summary(rng)[:300],
                bio=person.bio(rng, leader_themes),
                status=status,
                published_at=published_at,
            )
            people.append(person)
        _bulk(Leader, [person.leader for person in people])
        through = Leader.themes.through
        _bulk(
            through,
            [
                through(leader_id=person.leader.pk, theme_id=theme.pk)
                for person in people
                for theme in person.themes
            ],
        )
        self.counts["leaders"] += count
        self.counts["leaders published"] += sum(
            person.leader.status == Status.PUBLISHED for person in people
        )
        return people

    def _careers(self, people: list["_Person"]) -> None:
        steps = [
            CareerStep(
                leader_id=person.leader.pk,
                order=order,
                title=step.title,
                organisation=step.organisation,
                sector=step.sector,
                start_year=step.start_year,
                end_year=step.end_year,
                note=step.note,
            )
            for person in people
            for order, step in enumerate(person.steps, start=1)
        ]
        _bulk(CareerStep, steps)
        self.counts["career steps"] += len(steps)

    def _quotes(self, people: list["_Person"], per_leader: int) -> None:
        if per_leader == 0:
            return
        rng = self.rng
        wanted: list[tuple[str, str]] = []
        episode = 0
        for person in people:
            person.sources = []
            interviews = 1 if per_leader <= 2 else rng.randint(1, 2)
            for publisher, pattern in rng.sample(PUBLISHERS, k=interviews):
                episode += 1
                title = pattern.format(
                    n=episode,
                    name=person.name,
                    title=person.title,
                    topic=rng.choice(person.themes).name.lower(),
                )
                person.sources.append((title, publisher))
                wanted.append((title, publisher))
        sources = self._sources(wanted)

        quotes, quote_themes = [], []
        for person in people:
            for _ in range(per_leader):
                status, published_at = self._published()
                text = " ".join(rng.sample(QUOTE_SENTENCES, k=rng.choice((1, 1, 2, 2, 3))))
                quotes.append(
                    Quote(
                        text=text,
                        leader_id=person.leader.pk,
                        source_id=sources[rng.choice(person.sources)].pk,
                        status=status,
                        published_at=published_at,
                    )
                )
                k = min(len(person.themes), rng.randint(1, 2))
                quote_themes.append(rng.sample(person.themes, k=k))
        _bulk(Quote, quotes)
        through = Quote.themes.through
        _bulk(
            through,
            [
                through(quote_id=quote.pk, theme_id=theme.pk)
                for quote, themes in zip(quotes, quote_themes, strict=True)
                for theme in themes
            ],
        )
        self.counts["quotes"] += len(quotes)
        self.counts["quotes published"] += sum(q.status == Status.PUBLISHED for q in quotes)

    def _sources(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], Source]:
        publishers = {publisher for _title, publisher in wanted}
        existing = {
            (source.title, source.publisher): source
            for source in Source.objects.filter(publisher__in=publishers).only(
                "pk", "title", "publisher"
            )
        }
        missing = []
        for title, publisher in dict.fromkeys(wanted):
            if (title, publisher) in existing:
                continue
            days = self.rng.randint(0, 6 * 365)
            missing.append(
                Source(
                    title=title,
                    publisher=publisher,
                    author="" if self.rng.random() < 0.5 else publisher.split()[0] + " staff",
                    published_on=date(2026, 1, 1) - timedelta(days=days),
                    url=f"https://example.org/{slugify(publisher)}/{slugify(title)}",
                )
            )
        for source in _bulk(Source, missing):
            existing[(source.title, source.publisher)] = source
        self.counts["sources created"] += len(missing)
        self.counts["sources reused"] += len(set(wanted)) - len(missing)
        return existing

    def _pathways(self, count: int, people: list["_Person"]) -> None:
        rng = self.rng
        published_by_background: dict[str, list[Leader]] = {}
        for person in people:
            if person.leader.status == Status.PUBLISHED:
                published_by_background.setdefault(person.background, []).append(person.leader)
        new_pathways, stage_specs = [], []
        for index in range(count):
            title, background, stage_titles = PATHWAYS[index % len(PATHWAYS)]
            status, published_at = self._published()
            new_pathways.append(
                Pathway(
                    title=title,
                    slug=f"{slugify(title)}-{self.token}-{index + 1}",
                    summary=f"Stages, typical roles and bands on the route {title[0].lower()}"
                    f"{title[1:]}, with leaders who took it and things to try at each step.",
                    status=status,
                    published_at=published_at,
                )
            )
            stage_specs.append((background, stage_titles))
        _bulk(Pathway, new_pathways)

        stages, stage_themes, pathway_themes, examples = [], [], [], []
        for pathway, (background, stage_titles) in zip(new_pathways, stage_specs, strict=True):
            themes = rng.sample(self.themes, k=min(2, len(self.themes)))
            pathway_themes += [(pathway.pk, theme.pk) for theme in themes]
            candidates = published_by_background.get(background, [])
            chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(3, 6)))
            examples += [(pathway.pk, leader.pk) for leader in chosen]
            first_band = rng.randint(0, len(STAGE_BANDS) - len(stage_titles))
            for order, stage_title in enumerate(stage_titles, start=1):
                band_from, band_to = STAGE_BANDS[first_band + order - 1]
                stages.append(
                    PathwayStage(
                        pathway_id=pathway.pk,
                        order=order,
                        title=stage_title,
                        typical_roles=stage_title,
                        band_from=band_from,
                        band_to=band_to,
                        description=f"What {_lower_first(stage_title)} involves, and what "
                        "people at this stage say helped them move on.",
                        development_actions="\n".join(rng.sample(DEVELOPMENT_ACTIONS, k=3)),
                        reflection_questions="\n".join(rng.sample(REFLECTION_QUESTIONS, k=2)),
                    )
                )
                stage_themes.append(rng.sample(self.themes, k=min(2, len(self.themes))))
        _bulk(PathwayStage, stages)
        _bulk_m2m(Pathway.themes.through, "pathway_id", "theme_id", pathway_themes)
        _bulk_m2m(Pathway.example_leaders.through, "pathway_id", "leader_id", examples)
        _bulk_m2m(
            PathwayStage.themes.through,
            "pathwaystage_id",
            "theme_id",
            [
                (stage.pk, theme.pk)
                for stage, themes in zip(stages, stage_themes, strict=True)
                for theme in themes
            ],
        )
        self.counts["pathways"] += count
        self.counts["pathway stages"] += len(stages)


def _bulk_m2m(
    through: type[models.Model], left: str, right: str, pairs: Iterable[tuple[int, int]]
) -> None:
    _bulk(through, [through(**{left: a, right: b}) for a, b in dict.fromkeys(pairs)])


@dataclass
class _Step:
    sector: str
    title: str
    organisation: Organisation | None
    start_year: int
    end_year: int | None = None
    note: str = ""


class _Person:
    """One leader's made-up life: a name, a route through sectors and the words about it."""

    def __init__(self, rng: random.Random, *, background: str, role_family: str) -> None:
        self.background = background
        self.role_family = role_family
        self.profession = ""
        if background == Background.CLINICAL:
            self.profession = (
                "nurse"
                if role_family == RoleFamily.CNIO
                else rng.choices(list(CLINICAL_TITLES), [50, 25, 15, 10])[0]
            )
        self.first_name = rng.choice(FIRST_NAMES)
        doctor = self.profession == "doctor"
        self.name = f"{'Dr ' if doctor else ''}{self.first_name} {rng.choice(LAST_NAMES)}"
        self.title = rng.choice(ROLE_TITLES[role_family])
        self.themes: list[Theme] = []
        self.sources: list[tuple[str, str]] = []
        self.steps: list[_Step] = []
        self.rng = rng

    def route(self, organisations: dict[str, list[Organisation]]) -> None:
        rng = self.rng
        sectors = list(rng.choice(CAREER_ROUTES[self.background]))
        # A promotion within a sector makes about half of the routes one step longer.
        if rng.random() < 0.6:
            repeat = rng.randrange(len(sectors) - 1)
            sectors.insert(repeat, sectors[repeat])
        current = (
            S.NATIONAL_BODY
            if self.role_family == RoleFamily.NATIONAL_LEADER
            else S.NHS_DIGITAL_LEADERSHIP
        )
        if sectors[-1] != current:
            sectors.append(current)

        year = rng.randint(1984, 2012)
        # Share the years up to LATEST_YEAR unevenly between the steps, the current one included,
        # each at least a year.
        weights = [rng.uniform(0.5, 2.0) for _ in sectors]
        span = max(len(sectors), LATEST_YEAR - year)
        organisation = None
        for index, sector in enumerate(sectors):
            last = index == len(sectors) - 1
            if last:
                title = self.title
            elif sector == S.CLINICAL:
                title = rng.choice(CLINICAL_TITLES[self.profession or "allied health professional"])
            else:
                title = rng.choice(STEP_TITLES[sector])
            pool = organisations.get(sector, [])
            # Some earlier steps were freelance or their employer is not recorded.
            organisation = rng.choice(pool) if pool and (last or rng.random() < 0.92) else None
            step = _Step(sector=sector, title=title, organisation=organisation, start_year=year)
            if not last:
                years = max(1, round(span * weights[index] / sum(weights)))
                year = min(LATEST_YEAR, year + years)
                step.end_year = year
                if rng.random() < 0.1:
                    step.note = rng.choice(STEP_NOTES)
            self.steps.append(step)
        self.organisation = organisation

    def _phrases(self) -> dict[str, str]:
        first, last = self.steps[0], self.steps[-1]
        # Every route changes sector at least once: none starts in digital leadership.
        sectors = [SECTOR_PHRASES[sector] for sector in dict.fromkeys(s.sector for s in self.steps)]
        route = sectors[:-1] if len(sectors) > 2 else sectors
        return {
            "first_name": self.first_name,
            "title": self.title,
            "organisation": self.organisation.name if self.organisation else "a national body",
            "a_first": _article(_lower_first(first.title)),
            "first_phrase": sectors[0],
            "next_phrase": sectors[1],
            "route_phrase": route[0]
            if len(route) == 1
            else f"{', '.join(route[:-1])} and {route[-1]}",
            "first_years": str((first.end_year or LATEST_YEAR) - first.start_year),
            "first_organisation": first.organisation.name if first.organisation else "an agency",
            "start_year": str(first.start_year),
            "last_start": str(last.start_year),
        }

    def summary(self, rng: random.Random) -> str:
        return rng.choice(SUMMARIES).format(**self._phrases())

    def bio(self, rng: random.Random, themes: list[Theme]) -> str:
        theme_phrase = _and_list([theme.name.lower() for theme in themes])
        words = self._phrases() | {"theme_phrase": theme_phrase}
        paragraphs = [
            [rng.choice(BIO_OPENINGS), rng.choice(BIO_TURNS)],
            [rng.choice(BIO_NOW), rng.choice(BIO_ADVICE)],
        ]
        return "\n\n".join(
            " ".join(sentence.format(**words) for sentence in paragraph) for paragraph in paragraphs
        )
