"""Demo content for the stories app: the leaders, career steps, quotes, sources, themes and
pathways of five published articles about NHS technology leaders.

Everything said about a leader comes from the article named as their source: quotes are the
articles' own words (their punctuation and spelling kept), career steps carry a year only where
the article states it, and a fact an article leaves out (a job title, a year) stays blank.

`load()` creates what is missing and leaves existing rows exactly as they are, so running it
again changes nothing and an editor's later changes survive.
"""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

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
    Theme,
)
from stories.services import publish

# The shared taxonomy: name, description. The last two are added because the articles keep
# returning to them (communicating a vision, coaching and mentoring the next leaders).
THEMES = [
    (
        "Resilience",
        "Keeping going, and keeping services safe, when things do not go to plan in a "
        "high-stakes, high-governance setting.",
    ),
    (
        "Taking risks",
        "Leaving the safe option, taking calculated risks and going for a role before you feel "
        "completely ready.",
    ),
    (
        "Change management",
        "Leading people through transformation: the technology is the vehicle, the change is "
        "the work.",
    ),
    (
        "Relationships",
        "Building trust up, down and across: with your team, senior colleagues, suppliers and "
        "the wider health and care system.",
    ),
    (
        "Patient focus",
        "Keeping the care of patients front and centre of every digital decision.",
    ),
    (
        "Non-technical leadership",
        "Leading technical teams without being a career techie: knowing what good looks like "
        "and which questions to ask.",
    ),
    (
        "Personal development",
        "Growing your own skills and confidence through PDRs, funded courses, the NHS Digital "
        "Academy and mentoring.",
    ),
    (
        "Inclusion",
        "Making sure everyone is listened to, tackling bias and helping under-represented "
        "colleagues to be heard.",
    ),
    (
        "Strategic thinking",
        "Understanding where your organisation and the wider system are heading, and planning "
        "for it today.",
    ),
    (
        "Customer service",
        "Remembering that people judge technology by their experience of it, and delivering "
        "for them.",
    ),
    (
        "Communication",
        "Explaining a vision clearly, listening well and being known for the right things.",
    ),
    (
        "Developing others",
        "Coaching, mentoring and succession planning, so that the next leaders are ready.",
    ),
]

Kind = Organisation.Kind

# name, kind, region (blank for national bodies and companies whose UK region the articles do
# not give)
ORGANISATIONS = [
    ("Manchester University NHS Foundation Trust", Kind.ACUTE_TRUST, Region.NORTH_WEST),
    ("Royal Brompton and Harefield NHS Foundation Trust", Kind.ACUTE_TRUST, Region.LONDON),
    ("Roche", Kind.PRIVATE_SECTOR, ""),
    ("Takeda", Kind.PRIVATE_SECTOR, ""),
    ("Sidra Medicine", Kind.OVERSEAS, Region.OUTSIDE_UK),
    (
        "Lancashire and South Cumbria NHS Foundation Trust",
        Kind.MENTAL_HEALTH_TRUST,
        Region.NORTH_WEST,
    ),
    ("Warrington Together and Halton One", Kind.INTEGRATED_CARE_BOARD, Region.NORTH_WEST),
    ("North West Ambulance Service NHS Trust", Kind.AMBULANCE_SERVICE, Region.NORTH_WEST),
    ("Alder Hey Children’s NHS Foundation Trust", Kind.ACUTE_TRUST, Region.NORTH_WEST),
    (
        "Liverpool Heart and Chest Hospital NHS Foundation Trust",
        Kind.ACUTE_TRUST,
        Region.NORTH_WEST,
    ),
    ("East Lancashire Hospitals NHS Trust", Kind.ACUTE_TRUST, Region.NORTH_WEST),
    (
        "Wrightington, Wigan and Leigh Teaching Hospitals NHS Foundation Trust",
        Kind.ACUTE_TRUST,
        Region.NORTH_WEST,
    ),
    ("Worcestershire Acute Hospitals NHS Trust", Kind.ACUTE_TRUST, Region.MIDLANDS),
    ("NHS England", Kind.NATIONAL_BODY, ""),
    (
        "Surrey and Borders Partnership NHS Foundation Trust",
        Kind.MENTAL_HEALTH_TRUST,
        Region.SOUTH_EAST,
    ),
    ("Arts Council", Kind.OTHER, ""),
    ("NIHR Clinical Research Network", Kind.NATIONAL_BODY, ""),
]

# Three of the articles come from one site's "Articles" series, which does not name its
# publisher in the text: left blank rather than guessed.
PUBLISHER_NOT_STATED = ""

# key (used by the quotes below) -> the Source's fields. No article text gives a URL.
SOURCES = {
    "jo-smith-interview": {
        "title": "In Conversation With Jo Smith Group Chief Informatics Officer at Manchester "
        "University NHS Foundation Trust",
        "publisher": PUBLISHER_NOT_STATED,
        "author": "Gareth Morris",
        "published_on": date(2021, 7, 1),
        "url": "",
    },
    "tech-leader-in-the-nhs": {
        "title": "What does it take to be a tech leader in the NHS?",
        "publisher": PUBLISHER_NOT_STATED,
        "author": "Admins",
        "published_on": date(2021, 6, 23),
        "url": "",
    },
    "jas-cartwright-interview": {
        "title": "In Conversation With Jas Cartwright Head of Digital Innovation Strategy at "
        "Worcestershire Acute Hospitals NHS Trust",
        "publisher": PUBLISHER_NOT_STATED,
        "author": "Admins",
        "published_on": date(2021, 6, 23),
        "url": "",
    },
    "william-smart-interview": {
        "title": "CIO Interview: William Smart, NHS CIO",
        "publisher": "Computing",
        "author": "",
        "published_on": None,
        "url": "",
    },
    "health-cio-handbook": {
        "title": "The Health CIO handbook, chapter 4: Becoming a successful leader",
        "publisher": "Health CIO Network (Digital Health)",
        "author": "Owen Powell and Gareth Baxendale",
        "published_on": None,
        "url": "",
    },
}

# Each leader: their story as of their article's date. A career step's organisation is an
# ORGANISATIONS name or None where the article does not name one; years are None where the
# article does not state them.
LEADERS = [
    {
        "name": "Jo Smith",
        "title": "Group Chief Informatics Officer",
        "organisation": "Manchester University NHS Foundation Trust",
        "role_family": RoleFamily.CIO,
        "background": Background.OTHER_INDUSTRY,
        "themes": ["Taking risks", "Non-technical leadership", "Personal development"],
        "featured": True,
        "summary": "Left school at 16 and went from banking to pharmaceuticals, NHS CIO roles "
        "and Qatar before leading informatics at Manchester University NHS Foundation Trust.",
        "bio": """\
Jo Smith is Group Chief Informatics Officer at Manchester University NHS Foundation Trust \
(MFT). As interim CIO there she is responsible for technology in the widest sense, and also for \
patient services, health records, clinical coding and all of Information Services.

Jo left school at 16 and, after five years in banking, started working in pharmaceuticals, \
moving through project management and broader IT management roles. In 1999 she landed her \
first big informatics role, as Head of Informatics for Sales and Marketing at Roche. She moved \
between other global and regional roles before becoming Director of IT at the Japanese company \
Takeda.

Her first CIO role was at the Royal Brompton and Harefield NHS Foundation Trust in 2013. After \
a few years at Sidra Medicine in Qatar, she came back to the UK at the end of 2020.

She names leaving the relative comfort of her position at Roche, where she spent 26 years, as \
the biggest risk of her career. With a 10-year-old child, and as the primary income provider \
for her household, she took almost two years to get ready to negotiate her exit, and left with \
nothing to go to.""",
        "career": [
            {
                "title": "Banking",
                "organisation": None,
                "sector": Sector.BANKING,
                "note": "Five years in banking after leaving school at 16.",
            },
            {
                "title": "Project management and IT management roles",
                "organisation": None,
                "sector": Sector.PHARMA,
                "note": "Moved through project management and broader IT management roles "
                "in pharmaceuticals.",
            },
            {
                "title": "Head of Informatics for Sales and Marketing",
                "organisation": "Roche",
                "sector": Sector.PHARMA,
                "start_year": 1999,
                "note": "Her first big informatics role.",
            },
            {
                "title": "Global and regional roles",
                "organisation": None,
                "sector": Sector.PHARMA,
                "note": "Moved between other global and regional roles before Takeda.",
            },
            {
                "title": "Director of IT",
                "organisation": "Takeda",
                "sector": Sector.PHARMA,
                "note": "At the Japanese company, Takeda.",
            },
            {
                "title": "Chief Information Officer",
                "organisation": "Royal Brompton and Harefield NHS Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "start_year": 2013,
                "note": "Her first CIO role.",
            },
            {
                "title": "Role at Sidra Medicine in Qatar",
                "organisation": "Sidra Medicine",
                "sector": Sector.OVERSEAS_HEALTH,
                "end_year": 2020,
                "note": "A few years in Qatar; the article does not give the job title. "
                "She came back to the UK at the end of 2020.",
            },
            {
                "title": "Group Chief Informatics Officer (interim CIO)",
                "organisation": "Manchester University NHS Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "Technology in the widest sense, plus patient services, health "
                "records, clinical coding and all of Information Services.",
            },
        ],
    },
    {
        "name": "Ayesha Rahim",
        "title": "Chief Clinical Information Officer (CCIO)",
        "organisation": "Lancashire and South Cumbria NHS Foundation Trust",
        "role_family": RoleFamily.CCIO,
        "background": Background.CLINICAL,
        "themes": [
            "Patient focus",
            "Change management",
            "Non-technical leadership",
            "Communication",
        ],
        "featured": True,
        "summary": "A perinatal psychiatrist who took a leap of faith into the CCIO role, and "
        "leads digital transformation with first-hand experience of front-line care.",
        "bio": """\
Ayesha Rahim is Chief Clinical Information Officer (CCIO) at Lancashire and South Cumbria NHS \
Foundation Trust. With her clinical background as a perinatal psychiatrist, she leads digital \
transformation knowing from practice the impact her digital solutions will make.

She has completed a master’s degree in digital health leadership through the NHS Digital \
Academy, which gave her a grounding and emphasised the leadership and people side of the role \
rather than the technical minutiae. She describes digital transformation in the NHS as \
“clinically driven, operationally informed and technically supported”.

Ayesha almost did not step up: she initially thought her lack of technical knowledge \
disqualified her from the CCIO role, and took a leap of faith. She now says the NHS needs \
clinicians to step into these roles.""",
        "career": [
            {
                "title": "Perinatal psychiatrist",
                "organisation": None,
                "sector": Sector.CLINICAL,
            },
            {
                "title": "Chief Clinical Information Officer (CCIO)",
                "organisation": "Lancashire and South Cumbria NHS Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
            },
            {
                "title": "Master’s degree in digital health leadership, NHS Digital Academy",
                "organisation": None,
                "sector": Sector.EDUCATION,
                "note": "Completed; the article does not say when.",
            },
        ],
    },
    {
        "name": "Phill James",
        "title": "Chief Information Officer and Director of Digital",
        "organisation": "Warrington Together and Halton One",
        "role_family": RoleFamily.CIO,
        "background": Background.TECHNICAL,
        "themes": ["Resilience", "Patient focus", "Relationships"],
        "featured": False,
        "summary": "From aviation engineering to ambulance service control room systems, then "
        "CIO and Director of Digital after 16 years in the NHS.",
        "bio": """\
Phill James is CIO and Director of Digital at Warrington Together and Halton One, with a career \
in the NHS spanning 16 years.

He worked in aviation engineering before moving into the NHS, and played a leading role in the \
innovation of key systems, such as telephony and the control room, at the North West Ambulance \
Service before moving into a CIO position. He moved into leadership quite early in his career, \
though not as a conscious move.

For Phill, resilience is one of the main skills a tech leader needs in the NHS, a high-stakes, \
high-governance institution. Knowing that the systems he is responsible for are life-saving \
systems, he keeps himself grounded by leaning on the team he builds around him.""",
        "career": [
            {
                "title": "Aviation engineering",
                "organisation": None,
                "sector": Sector.OTHER_INDUSTRY,
            },
            {
                "title": "Telephony and control room systems",
                "organisation": "North West Ambulance Service NHS Trust",
                "sector": Sector.NHS_IT,
                "note": "Played a leading role in the innovation of key systems, like telephony "
                "and control room.",
            },
            {
                "title": "Chief Information Officer and Director of Digital",
                "organisation": "Warrington Together and Halton One",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "16 years in the NHS by 2021.",
            },
        ],
    },
    {
        "name": "Charlee Martin",
        "title": "Programme Manager, Share2Care",
        "organisation": "Alder Hey Children’s NHS Foundation Trust",
        "role_family": RoleFamily.PROGRAMME_MANAGER,
        "background": Background.NON_TECHNICAL,
        "themes": ["Personal development", "Developing others", "Relationships"],
        "featured": False,
        "summary": "Moved from project to programme management during a citywide EPR roll-out, "
        "and now runs Share2Care, a shared care record for Cheshire, Merseyside, Lancashire "
        "and South Cumbria.",
        "bio": """\
Charlee Martin is a Programme Manager at Alder Hey Children’s Hospital, running the Share2Care \
programme: an NHSX Local Health and Care Record programme across Cheshire, Merseyside, \
Lancashire and South Cumbria that aims to produce a persistent care record following patients \
from birth to death.

With over five years’ experience in the NHS, she has led a number of digital transformation \
projects. She was told it was her time to move into programme management during a citywide EPR \
roll-out.

Charlee recommends the Performance and Development Review (PDR), trust-funded courses and \
every mentoring opportunity going. She now shares her experience with up-and-coming \
professionals who show potential early in their careers, and wants to coach and mentor them, \
especially women.""",
        "career": [
            {
                "title": "Project manager, citywide EPR roll-out",
                "organisation": None,
                "sector": Sector.NHS_IT,
                "note": "Told during the roll-out that it was her time to move into programme "
                "management.",
            },
            {
                "title": "Programme Manager, Share2Care",
                "organisation": "Alder Hey Children’s NHS Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "An NHSX Local Health and Care Record programme across Cheshire, "
                "Merseyside, Lancashire and South Cumbria.",
            },
        ],
    },
    {
        "name": "Gregg Holland",
        "title": "Chief Information Officer",
        "organisation": "Liverpool Heart and Chest Hospital NHS Foundation Trust",
        "role_family": RoleFamily.CIO,
        "background": Background.TECHNICAL,
        "themes": ["Customer service", "Change management"],
        "featured": False,
        "summary": "A CIO with 17 years in the NHS, for whom tech leadership comes down to "
        "customer service and willingness to deliver.",
        "bio": """\
Gregg Holland is CIO at Liverpool Heart and Chest Hospital NHS Foundation Trust, with 17 years \
in the NHS.

He believes a tech leader in the NHS needs the same skills as in any senior tech position: \
customer service and willingness to deliver. Because the NHS is funded by public money, he \
feels an extra level of responsibility to get it right.""",
        "career": [
            {
                "title": "Chief Information Officer",
                "organisation": "Liverpool Heart and Chest Hospital NHS Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "17 years in the NHS by 2021.",
            },
        ],
    },
    {
        "name": "Arif Patel",
        "title": "Associate Director of Technology Enabled Care",
        "organisation": "East Lancashire Hospitals NHS Trust",
        "role_family": RoleFamily.ASSOCIATE_DIRECTOR,
        "background": Background.TECHNICAL,
        "themes": ["Change management", "Personal development", "Relationships"],
        "featured": False,
        "summary": "Leads technology-enabled care in East Lancashire, and learned leadership "
        "on the job by listening to his team.",
        "bio": """\
Arif Patel is Associate Director of Technology Enabled Care at East Lancashire Hospitals NHS \
Trust. He provides vision, leadership and strategic direction to multidisciplinary teams engaged \
in the design, sourcing, build and delivery of all programmes, systems and products in \
technology-enabled care.

He developed his own leadership skills by learning on the job and understanding what his team \
needs. For Arif, a successful tech leader in the NHS is always looking for professional \
development opportunities while keeping a finger on the pulse of change.""",
        "career": [
            {
                "title": "Associate Director of Technology Enabled Care",
                "organisation": "East Lancashire Hospitals NHS Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
            },
        ],
    },
    {
        "name": "Garry Harris",
        "title": "Associate Director Technology",
        "organisation": "Wrightington, Wigan and Leigh Teaching Hospitals NHS Foundation Trust",
        "role_family": RoleFamily.ASSOCIATE_DIRECTOR,
        "background": Background.TECHNICAL,
        "themes": ["Resilience", "Strategic thinking", "Relationships"],
        "featured": False,
        "summary": "Started as a developer and, 32 years on at the same trust, looks after about "
        "500 systems for 6,500 staff.",
        "bio": """\
Garry Harris is Associate Director Technology at Wrightington, Wigan and Leigh Teaching \
Hospitals NHS Foundation Trust. He started off as a developer and has been at the trust for 32 \
years.

He looks after approximately 500 systems on a vast and highly complex technology \
infrastructure, helping 6,500 staff to do their jobs the best they possibly can, and places \
strategic thinking at the core of his leadership.

A firm believer in strength-based leadership, Garry relies on a team of highly skilled \
technical staff, with trust running both ways. That extends to suppliers, who have a critical \
role in delivering digital services to a consistently high standard.""",
        "career": [
            {
                "title": "Developer",
                "organisation": "Wrightington, Wigan and Leigh Teaching Hospitals NHS "
                "Foundation Trust",
                "sector": Sector.NHS_IT,
                "note": "32 years at the trust by 2021.",
            },
            {
                "title": "Associate Director Technology",
                "organisation": "Wrightington, Wigan and Leigh Teaching Hospitals NHS "
                "Foundation Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "About 500 systems, supporting 6,500 staff.",
            },
        ],
    },
    {
        "name": "Jas Cartwright",
        "title": "Head of Digital Innovation Strategy",
        "organisation": "Worcestershire Acute Hospitals NHS Trust",
        "role_family": RoleFamily.HEAD_OF_DIGITAL,
        "background": Background.NON_TECHNICAL,
        "themes": ["Non-technical leadership", "Inclusion", "Personal development"],
        "featured": True,
        "summary": "Twenty years in NHS IT without being technical: Head of IT, then a sideways "
        "move into digital innovation, and chair of her organisation’s BAME Network.",
        "bio": """\
Jas Cartwright is Head of Digital Innovation Strategy at Worcestershire Acute Hospitals NHS \
Trust.

With a background in applications, she completed a Business Information Systems degree before \
working in the industry and finding her place in the NHS, where her career spans 20 years across \
a range of IT and technology teams. After being Head of IT for a number of years, she moved \
sideways into her digital innovation role.

Jas is the first to say she is not technical, and that it is not necessary to lead technical \
teams: her non-technical background brings a new perspective to technicians. She has been \
elected Chair of the BAME Network within her organisation, where she works to address conscious \
and unconscious bias.""",
        "career": [
            {
                "title": "Business Information Systems degree",
                "organisation": None,
                "sector": Sector.EDUCATION,
            },
            {
                "title": "Work in industry",
                "organisation": None,
                "sector": Sector.OTHER_INDUSTRY,
                "note": "The article does not name the employer.",
            },
            {
                "title": "Roles across IT and technology teams",
                "organisation": None,
                "sector": Sector.NHS_IT,
                "note": "The start of a 20-year NHS career.",
            },
            {
                "title": "Head of IT",
                "organisation": None,
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "For a number of years.",
            },
            {
                "title": "Head of Digital Innovation Strategy",
                "organisation": "Worcestershire Acute Hospitals NHS Trust",
                "sector": Sector.NHS_DIGITAL_LEADERSHIP,
                "note": "A sideways move from Head of IT.",
            },
            {
                "title": "Chair of the BAME Network",
                "organisation": "Worcestershire Acute Hospitals NHS Trust",
                "sector": Sector.NHS_MANAGEMENT,
                "note": "Elected alongside her digital role.",
            },
        ],
    },
    {
        "name": "William Smart",
        "title": "Chief Information Officer of the NHS",
        "organisation": "NHS England",
        "role_family": RoleFamily.NATIONAL_LEADER,
        "background": Background.TECHNICAL,
        "themes": [
            "Relationships",
            "Strategic thinking",
            "Personal development",
            "Change management",
        ],
        "featured": False,
        "summary": "The NHS CIO, using technology to join up health and care across England, "
        "and professionalising the CIO community through the NHS Digital Academy.",
        "bio": """\
William Smart is CIO of the NHS. He oversees the technology underpinning the NHS and has a \
special mandate from the Department of Health that gives him a remit across social care too: \
his job is to use technology to join up health and care across organisations within England.

He emphasises the importance of relationships, locally and nationally, and is working to \
professionalise the CIO community through the NHS Digital Academy, led by Imperial College with \
Edinburgh University and Harvard Medical School. Its graduates will receive a \
postgraduate certificate and accreditation as health chief information officers.

Computing ranked him 11th in its IT Leaders 100 for 2018.""",
        "career": [
            {
                "title": "Chief Information Officer of the NHS",
                "organisation": "NHS England",
                "sector": Sector.NATIONAL_BODY,
                "note": "With a special mandate from the Department of Health covering social "
                "care.",
            },
        ],
    },
    {
        "name": "Owen Powell",
        "title": "Change programme lead",
        "organisation": "Surrey and Borders Partnership NHS Foundation Trust",
        "role_family": RoleFamily.PROGRAMME_MANAGER,
        "background": Background.TECHNICAL,
        "themes": ["Relationships", "Change management", "Taking risks", "Communication"],
        "featured": False,
        "summary": "More than 20 years in IT, now leading organisational change, and convinced "
        "that IT teams deliver real value only when their business relationships improve.",
        "bio": """\
Owen Powell has worked in IT for more than 20 years, in a variety of technical, project and \
senior management roles. More recently he has focused on organisational change: he has led \
major IT service redesigns for the Arts Council and within the NHS, and is leading a programme \
of change within Surrey and Borders Partnership Mental Health Trust.

He has gained a number of qualifications in psychology and is working towards chartered \
occupational psychologist status. He is very interested in the communication and behavioural \
skills of IT staff, particularly IT leaders, and believes IT teams will only deliver real value \
when they improve the quality of their business relationships.

In the Health CIO handbook he writes about the move from IT management into leadership.""",
        "career": [
            {
                "title": "Technical, project and senior management roles in IT",
                "organisation": None,
                "sector": Sector.TECHNOLOGY_INDUSTRY,
                "note": "More than 20 years in IT.",
            },
            {
                "title": "Led a major IT service redesign",
                "organisation": "Arts Council",
                "sector": Sector.PUBLIC_SECTOR,
            },
            {
                "title": "Led a major IT service redesign",
                "organisation": None,
                "sector": Sector.NHS_IT,
                "note": "Within the NHS.",
            },
            {
                "title": "Leading a programme of change",
                "organisation": "Surrey and Borders Partnership NHS Foundation Trust",
                "sector": Sector.NHS_MANAGEMENT,
            },
            {
                "title": "Working towards chartered occupational psychologist status",
                "organisation": None,
                "sector": Sector.EDUCATION,
                "note": "After a number of qualifications in psychology.",
            },
        ],
    },
    {
        "name": "Gareth Baxendale",
        "title": "Head of Technology",
        "organisation": "NIHR Clinical Research Network",
        "role_family": RoleFamily.HEAD_OF_DIGITAL,
        "background": Background.TECHNICAL,
        "themes": ["Developing others", "Strategic thinking", "Personal development"],
        "featured": False,
        "summary": "More than 20 years in technology in the commercial and public sectors, now "
        "head of technology for the NIHR Clinical Research Network.",
        "bio": """\
Gareth Baxendale is head of technology for the NIHR Clinical Research Network. He has worked in \
the technology industry for more than 20 years, in both the commercial and public sectors.

He is a Chartered Fellow of the BCS and vice chair of the BCS Health Executive. In the Health \
CIO handbook he writes about identifying and developing leadership skills: seeing what is \
coming, building networks of trusted peers, and making succession planning and mentoring part \
of the role.""",
        "career": [
            {
                "title": "Technology roles in the commercial and public sectors",
                "organisation": None,
                "sector": Sector.TECHNOLOGY_INDUSTRY,
                "note": "More than 20 years in the technology industry.",
            },
            {
                "title": "Head of Technology",
                "organisation": "NIHR Clinical Research Network",
                "sector": Sector.NATIONAL_BODY,
            },
        ],
    },
]

# The articles' own words. Quotes from the handbook are sentences of the chapter each author
# wrote under their own name; the rest are the words between quotation marks in interviews.
QUOTES = [
    # Jo Smith
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Taking risks"],
        "text": "I had a good position. Lots of autonomy and flexibility. But I didn’t like the "
        "way the role was going.",
    },
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Taking risks", "Personal development"],
        "text": "I just woke up and thought: if I don’t take control of what’s ahead of me, "
        "I'll start to lose control and my age will work against me.",
    },
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Taking risks", "Resilience"],
        "text": "It was an example of something where I thought ‘if I’m not happy, I’m not "
        "prepared to turn into someone who is going to become miserable. So for me, I had to "
        "take the risk and it’s a risk I've taken quite a few times in my career.",
    },
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Non-technical leadership"],
        "featured": True,
        "text": "I don’t think you have to be a career techie but you do need to know what good "
        "looks like and how you can make that happen. So you need a broad understanding of how "
        "things work so you can credibly challenge and interact with your technical people.",
    },
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Non-technical leadership", "Strategic thinking"],
        "text": "If you go into a very mature and settled technical environment that wants "
        "business transformation, then you need to understand that tech understanding is "
        "perhaps less relevant because the environment is in a steady state. If you’re going "
        "somewhere that has been underinvested in, I'd suggest you need more of a technical "
        "grasp because you’re going to help pull technology forwards.",
    },
    {
        "leader": "Jo Smith",
        "source": "jo-smith-interview",
        "themes": ["Taking risks", "Personal development"],
        "text": "I think you've got to tap into what really works for you, what really wakes you "
        "up and gets you excited and jumping out of bed in the morning. And go for it. I just "
        "focused on doing what I really enjoyed and I tend to believe that if you do what you "
        "really enjoy, usually you'll do a good job of it and I think people notice that. But if "
        "they're not noticing it or you've got a blocker, then as a state, you've got to be "
        "brave.",
    },
    # Ayesha Rahim
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Change management"],
        "text": "I see the CCIO role as being one of transformation. It’s about change "
        "management, it’s about people management, it’s about making services better, and the "
        "vehicle happens to be technology.",
    },
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus", "Change management"],
        "text": "clinically driven, operationally informed and technically supported",
    },
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus"],
        "text": "If you cannot articulate why, clinically, this is meaningful then why are you "
        "doing it? Because we have one job in the NHS and that’s to support the delivery of "
        "care for patients. That’s it. That’s all we need to do. So if you’re not sort of "
        "having that front and centre of your mind, you really need to sort of ask yourself, "
        "are you really taking the right approach?",
    },
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus", "Change management"],
        "text": "I’m passionate about delivery of services to patients, and I’ve been on the "
        "receiving end of rubbish technology. I wanted to change that.",
    },
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Taking risks", "Non-technical leadership", "Change management"],
        "text": "It is a leap of faith. But actually, we need clinicians to step into these "
        "roles. Your technical know-how isn’t as important as actually knowing how to manage "
        "change and transformation. That is a key skill of a CCIO, and the other stuff you can "
        "learn.",
    },
    {
        "leader": "Ayesha Rahim",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Communication"],
        "text": "The NHS lags behind other sectors in terms of technology. You need to be very "
        "clear in how you communicate your vision in a very high stakes context.",
    },
    # Phill James
    {
        "leader": "Phill James",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Resilience", "Change management"],
        "text": "You have to accept that nothing is perfect and that things change quicker than "
        "often you can deploy, it can be frustrating if you want to drive transformation. It’s "
        "a different type of tech role.",
    },
    {
        "leader": "Phill James",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Relationships", "Personal development"],
        "text": "You realise you’ve done a mix of leadership and management all the way through "
        "your career, and it’s about being situational. So when I’m being transactional, when I "
        "really got something to get over the line, that’s management at the end of the day, "
        "I’m really trying to convince people to come on the journey to follow to be to be "
        "engaged and to want to be part of it. That’s where the leadership kicks in.",
    },
    {
        "leader": "Phill James",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus", "Resilience"],
        "text": "Somebody asked me the other day, how do you sleep at night, knowing the systems "
        "that you’re responsible for are life-saving systems?",
    },
    {
        "leader": "Phill James",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus", "Relationships"],
        "text": "Balance your love for technology with patient care needs. So that means you "
        "need to listen to the people around you because they’re the people with the knowledge "
        "and the experience.",
    },
    # Charlee Martin
    {
        "leader": "Charlee Martin",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Relationships"],
        "text": "Organisation is a key skill, especially in programme management which can have "
        "multiple complex strands. So you need to keep on top of things, but it has to be in a "
        "friendly way.",
    },
    {
        "leader": "Charlee Martin",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Relationships", "Taking risks"],
        "text": "Now, that may seem sacrilege in programme management, and to some degree, it "
        "kind of gets me twitchy, but the outputs of that have been so valuable, because it’s "
        "helped develop a place where we can sound grievances and really problem solve.",
    },
    {
        "leader": "Charlee Martin",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Personal development"],
        # The double comma is the article's own.
        "text": "You know you’re no longer a project manager, when you start getting twitchy "
        "about solving problems that generally aren’t your problem. It’s when you go into your "
        "steering groups, and notice no one has written a policy for instance,, and you’re "
        "saying to yourself: when are you going to write it?",
    },
    {
        "leader": "Charlee Martin",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Developing others", "Inclusion"],
        "text": "I’m really interested in developing people. Especially women who are shining in "
        "their early career. I want to be there to coach and mentor them so they can have the "
        "confidence to move on to the next stage.",
    },
    {
        "leader": "Charlee Martin",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Personal development"],
        "text": "Most NHS trusts offer a lot of great opportunities to take courses which are "
        "funded by the trust. You just need to have a clear idea of what kind of projects or "
        "technical work you want to get into. And then from there, they should take all the "
        "opportunities you can get in terms of mentoring.",
    },
    # Gregg Holland
    {
        "leader": "Gregg Holland",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Customer service"],
        "text": "I think it’s the same skills you need in any senior tech position: customer "
        "service and willingness to deliver. Nobody ever remembers the biggest, the best, the "
        "most expensive. What they remember is their experience",
    },
    {
        "leader": "Gregg Holland",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Customer service", "Strategic thinking"],
        "text": "So you do feel an extra level of responsibility to get it right because it’s "
        "public money.",
    },
    # Arif Patel
    {
        "leader": "Arif Patel",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Personal development", "Relationships", "Change management"],
        "text": "I developed my own leadership skills, by learning on the job and understanding "
        "what my team needs. It is very much about listening to the people around you and "
        "relying on them for the decisions you then make. You need to be a subject matter "
        "expert and have the level understanding, with the philosophy of change always in the "
        "back of your mind",
    },
    # Garry Harris
    {
        "leader": "Garry Harris",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Patient focus", "Personal development"],
        "text": "You have to have self-drive, you have to fully understand the environment and "
        "have to understand at the end of the day, everything you do has a direct impact to the "
        "quality of care patients receive",
    },
    {
        "leader": "Garry Harris",
        "source": "tech-leader-in-the-nhs",
        "themes": ["Strategic thinking", "Resilience"],
        "text": "You have to understand strategically where the trust is heading, planning from "
        "top down to build up a layered digital infrastructure. Building resilience into "
        "everything you do is vital and when things don’t go right in the NHS that is when your "
        "leadership skills have to be shown, as minutes and hours are critically important to "
        "providing safe and effective care",
    },
    # Jas Cartwright
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Change management", "Strategic thinking"],
        "text": "It’s been really challenging, but interesting, given what’s happening now in "
        "the world of digital in the NHS, where we’ve just got to play catch up. And so the "
        "opportunities are there for us to grasp, really. It’s a great time to be working in "
        "healthcare and leading on digital technology.",
    },
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Non-technical leadership"],
        "text": "I can’t fix my laptop when it breaks, but I know what questions to ask. I think "
        "being a technical leader is about having the ability to step back and ask those "
        "questions so that you can get the right information to the right people.",
    },
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Non-technical leadership", "Personal development"],
        "text": "As long as the leader recognises their own weaknesses, but has the ability to "
        "question on a wider basis, then you’ll be fine. My non-technical background hasn’t been "
        "a disadvantage at all. In fact, it meant I can bring a new perspective to technicians "
        "who are very much wires, boxes and help them think about the impact of their work.",
    },
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Inclusion"],
        "text": "We all have biases, but it’s about helping people understand what they mean and "
        "helping them leave them at the door when they get into the workplace. Whether the "
        "person in front of you at work is male, female, young, old – everyone should be "
        "listened to.",
    },
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Inclusion", "Developing others"],
        "text": "Even if there’s just one or two BAME colleagues who we can help give a voice to "
        "and positively impact their role, I’ll be pleased.",
    },
    {
        "leader": "Jas Cartwright",
        "source": "jas-cartwright-interview",
        "themes": ["Personal development", "Taking risks", "Relationships"],
        "text": "It’s about just having that confidence. If you feel that you can do more, go do "
        "it. But it’s not without hard work, and some people aren’t prepared to put in that hard "
        "work. But for those of us who are, it’s there for the taking. I think it’s just about "
        "being confident in your own ability, and be able to go: ‘Actually, I want to move up "
        "and this is what I want to become.’ And just having that support network around you "
        "that can help you achieve your goals.",
    },
    # William Smart
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Strategic thinking"],
        "text": "My job is to use technology to try to join up health and care, and its delivery "
        "across organisations within England.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Strategic thinking", "Relationships"],
        "text": "The challenge we have is that those organisations are often independent. "
        "They're part of the NHS but they have their own boards and decision-making. And in "
        "terms of IT delivery within the strategic context, they manage and run their own IT "
        "infrastructure.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Change management", "Relationships"],
        "text": "My job is to work with colleagues across the whole of the health and social care "
        "system to try to drive transformation through the use of technology.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Relationships"],
        "text": "We work as part of a system, and if you speak to my counterparts we'll always "
        "talk about the importance of relationships, whether locally or nationally.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Personal development"],
        "text": "That for us is a way to effectively kitemark our CIOs, to say this is somebody "
        "who's been through a structured programme, who understands informatics and how "
        "informatics works in a health and care environment, and that the boards of "
        "organisations can have confidence in.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Personal development"],
        "text": "We're also working with professional bodies through the digital academy and "
        "other routes to professionally accredit CIOs as well.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Personal development"],
        "text": "Traditionally the CIO profession has been built through experience. It's almost "
        "been a process of apprenticeship. You hang around long enough and you get to a senior "
        "position.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Personal development", "Strategic thinking"],
        "text": "We want to do two other things through the academy. One is to provide academic "
        "and intellectual rigour. We need to ensure in the NHS that we're learning from the best "
        "in the world. That means the best healthcare systems, the best from other industries, "
        "and also from academic research around the real impact that informatics and IT and "
        "digital can have to our industry. That's the formal education piece.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Relationships", "Personal development"],
        "text": "The second piece is we often learn most from others, so this is partly about "
        "building networks. One of the elements of the digital academy will be a project, this "
        "is an opportunity to learn from what people in other organisations are doing.",
    },
    {
        "leader": "William Smart",
        "source": "william-smart-interview",
        "themes": ["Personal development"],
        "text": "People who have been through the Digital Academy will have a post-graduate "
        "certificate from the course. And they'll also come out with an accreditation that will "
        "say they are an accredited health Chief Information Officer.",
    },
    # Owen Powell (his section of the handbook chapter)
    {
        "leader": "Owen Powell",
        "source": "health-cio-handbook",
        "themes": ["Change management", "Strategic thinking"],
        "text": "In a leadership role, I would argue that there is much less emphasis on "
        "operations (doing the same things consistently and well) and a much greater emphasis "
        "on innovation and development.",
    },
    {
        "leader": "Owen Powell",
        "source": "health-cio-handbook",
        "themes": ["Change management", "Taking risks"],
        "text": "Ultimately, being a CIO is about effecting organisational change; just keeping "
        "the ship steady will not be sufficient for long term success.",
    },
    {
        "leader": "Owen Powell",
        "source": "health-cio-handbook",
        "themes": ["Relationships"],
        "text": "It is also important not to make assumptions about other people; the best "
        "approach is to find time to sit down with them and chat with them, making clear that "
        "you are here to help.",
    },
    # Gareth Baxendale (his section of the handbook chapter)
    {
        "leader": "Gareth Baxendale",
        "source": "health-cio-handbook",
        "themes": ["Developing others"],
        "text": "Succession planning and mentoring has to be a part of your leadership role.",
    },
    {
        "leader": "Gareth Baxendale",
        "source": "health-cio-handbook",
        "themes": ["Strategic thinking", "Developing others"],
        "text": "Leadership is knowing where you want to be, not necessarily knowing how to get "
        "there.",
    },
    {
        "leader": "Gareth Baxendale",
        "source": "health-cio-handbook",
        "themes": ["Personal development"],
        "text": "Always be a trainee leader and continue learning. Let's not forget that the very "
        "best leaders are those who are happy to be wrong and adapt accordingly for the success "
        "of all.",
    },
]

# Curated routes, built from the articles' advice; the IT manager to CIO route follows the
# Health CIO handbook's actions and questions closely.
PATHWAYS = [
    {
        "title": "Clinician to chief clinical information officer (CCIO)",
        "summary": "For doctors, nurses and other clinicians who have been on the receiving end "
        "of poor technology and want to change it. The CCIO role is about transformation: "
        "change management, people management and better services, with technology as the "
        "vehicle. The technical know-how can be learned.",
        "themes": ["Patient focus", "Change management", "Non-technical leadership"],
        "example_leaders": ["Ayesha Rahim"],
        "stages": [
            {
                "title": "Clinician with an interest in digital",
                "typical_roles": "Doctor, nurse, midwife, allied health professional",
                "band_from": Band.BAND_5,
                "band_to": Band.BAND_7,
                "description": "You know from practice what a digital change means on the "
                "front line. Doctors are paid on medical pay scales rather than Agenda for "
                "Change; the bands show where nurses and allied health professionals usually "
                "start.",
                "themes": ["Patient focus"],
                "development_actions": [
                    "Use your Performance and Development Review (PDR) to agree time and "
                    "support for digital work.",
                    "Notice where technology gets in the way of care: that is where a clinical "
                    "case for change starts.",
                    "Take the courses your trust funds, and every mentoring opportunity you can "
                    "get.",
                ],
                "reflection_questions": [
                    "Where have you been on the receiving end of poor technology, and what "
                    "would you change?",
                    "Can you articulate why, clinically, a change is meaningful for patients?",
                ],
            },
            {
                "title": "Clinical lead for a digital change",
                "typical_roles": "Clinical digital lead, clinical safety officer, clinical lead "
                "for an EPR roll-out",
                "band_from": Band.BAND_7,
                "band_to": Band.BAND_8B,
                "description": "Lead the clinical side of a digital change, so it is "
                "clinically driven, operationally informed and technically supported.",
                "themes": ["Change management", "Patient focus"],
                "development_actions": [
                    "Practise managing change and transformation: it matters more than "
                    "technical know-how.",
                    "Listen to the people around you: they have the knowledge and the experience.",
                    "Find a mentor who has made the move into clinical informatics.",
                ],
                "reflection_questions": [
                    "Are you balancing your love for technology with patient care needs?",
                    "Who around you has the knowledge and experience you need to listen to?",
                ],
            },
            {
                "title": "Formal learning in digital health leadership",
                "typical_roles": "Deputy or associate CCIO, deputy chief nursing information "
                "officer",
                "band_from": Band.BAND_8B,
                "band_to": Band.BAND_8D,
                "description": "A structured programme gives a grounding in informatics and "
                "emphasises the leadership and people side of the role rather than the "
                "technical minutiae.",
                "themes": ["Personal development", "Communication"],
                "development_actions": [
                    "Apply to the NHS Digital Academy: a postgraduate programme in digital "
                    "health leadership, with a project to learn from other organisations.",
                    "Build a network of peers in other organisations: we often learn most from "
                    "others.",
                    "Practise communicating your vision clearly to a high-stakes audience.",
                ],
                "reflection_questions": [
                    "Which parts of the role (change, people, services, technology) are you "
                    "least confident in, and how will you learn them?",
                    "How clearly can you communicate your vision in a high-stakes context?",
                ],
            },
            {
                "title": "Chief clinical information officer",
                "typical_roles": "CCIO, chief nursing information officer (CNIO)",
                "band_from": Band.BAND_8D,
                "band_to": Band.BAND_9,
                "description": "The CCIO role is one of transformation: change management, "
                "people management and making services better, with technology as the vehicle.",
                "themes": ["Change management", "Patient focus", "Non-technical leadership"],
                "development_actions": [
                    "Take the leap of faith: apply even if you do not yet meet every requirement.",
                    "Keep the delivery of care for patients front and centre of every decision.",
                ],
                "reflection_questions": [
                    "If you cannot articulate why, clinically, this is meaningful, why are you "
                    "doing it?",
                    "What is holding you back from applying: a real gap in your skills, or "
                    "confidence?",
                ],
            },
        ],
    },
    {
        "title": "IT manager to chief information officer (CIO)",
        "summary": "From running an efficient IT operation to leading organisational change. "
        "The Health CIO handbook describes the shift: less emphasis on operations, more on "
        "innovation, calculated risk and a much wider network of relationships.",
        "themes": ["Change management", "Taking risks", "Relationships", "Strategic thinking"],
        "example_leaders": ["Phill James", "Garry Harris", "Jo Smith"],
        "stages": [
            {
                "title": "Running an efficient IT operation",
                "typical_roles": "Developer, IT service or infrastructure manager, IT manager",
                "band_from": Band.BAND_5,
                "band_to": Band.BAND_8A,
                "description": "A good IT manager is well organised, task orientated and "
                "focused on delivering a consistent, high quality IT operation: slick "
                "processes, strong governance, rigorous supplier management and tight budgets.",
                "themes": ["Customer service", "Resilience"],
                "development_actions": [
                    "Use your Performance and Development Review (PDR) to agree the "
                    "development you need for a leadership role.",
                    "Take the courses your trust funds, and every mentoring opportunity you can "
                    "get.",
                    "Develop your leadership skills on the job by understanding what your team "
                    "needs.",
                ],
                "reflection_questions": [
                    "What does your team need from you, and how do you know?",
                    "Do you keep the philosophy of change in the back of your mind while you "
                    "keep the operation steady?",
                ],
            },
            {
                "title": "From managing to leading",
                "typical_roles": "Head of IT, head of technology, associate director of technology",
                "band_from": Band.BAND_8B,
                "band_to": Band.BAND_8C,
                "description": "Leadership puts much less emphasis on operations and much "
                "more on innovation and development. Leaders are expected to be proactive and "
                "bold, and to take calculated risks rather than keep the ship steady.",
                "themes": ["Taking risks", "Change management"],
                "development_actions": [
                    "Understand the parameters of your leadership role at the outset.",
                    "Set yourself Big Hairy Audacious Goals: if you can see something that can "
                    "be improved, act on it.",
                    "Make sure your goals are aligned with organisational targets, such as "
                    "improving quality and efficiency.",
                ],
                "reflection_questions": [
                    "How do you approach risk?",
                    "What approach will you take to adjust your mindset from risk averse to "
                    "taking controlled risks?",
                    "What are the parameters of your role, and what authority do you have?",
                    "Where will you get support from?",
                    "What organisational changes may be needed, and how can you help define "
                    "and articulate them?",
                    "What skills and knowledge do you have that can make these changes happen?",
                    "Who will you need to work with to develop delivery plans?",
                ],
            },
            {
                "title": "Outward focused: relationships up, down and across",
                "typical_roles": "Associate director, deputy CIO, head of digital",
                "band_from": Band.BAND_8C,
                "band_to": Band.BAND_8D,
                "description": "Know your place in the system: the management team, the "
                "organisation, the local health community and the NHS as a whole. Work with a "
                "much broader range of stakeholders, irrespective of hierarchy.",
                "themes": ["Relationships", "Strategic thinking", "Communication"],
                "development_actions": [
                    "Map out your place in your local system: work out who the key "
                    "stakeholders and influencers are.",
                    "Put together a stakeholder map, then make a real effort to get to know "
                    "the people on it.",
                    "Meet senior stakeholders, over a coffee if possible, and let them tell you "
                    "about their perspective; induction meetings are an ideal time.",
                    "Be clear about what you can and can’t offer; at the end of each meeting, "
                    "commit to at least one deliverable and deliver on it.",
                    "Decide on your personal brand, what you would like to be known for, and "
                    "reinforce it at every opportunity.",
                ],
                "reflection_questions": [
                    "What do you bring to the party, and what might other people’s "
                    "expectations of you be, inside and outside your organisation?",
                    "Which three attributes would you most like to be known for by your senior "
                    "management peers: approachable, friendly, technical expert, "
                    "delivery-focused, strategic, people skills, problem solver, well-organised, "
                    "supportive, decisive, politically astute, innovative, financially "
                    "literate, excellent judgement?",
                    "What other attributes might be appropriate, and to what extent are they "
                    "likely to be valued by your senior management colleagues?",
                ],
            },
            {
                "title": "Chief information officer",
                "typical_roles": "CIO, director of digital, chief digital and information officer",
                "band_from": Band.BAND_9,
                "band_to": Band.VSM,
                "description": "Being a CIO is about effecting organisational change. The "
                "strategic use of technology is key, but the softer skills matter more; keep a "
                "strategic, business-oriented view of the wider health economy.",
                "themes": ["Strategic thinking", "Developing others", "Change management"],
                "development_actions": [
                    "Join the NHS Digital Academy for a postgraduate certificate and "
                    "accreditation as a health chief information officer.",
                    "Create networks of trusted peers at different levels across and beyond "
                    "your organisation, so you see change coming.",
                    "Make succession planning and mentoring part of your leadership role.",
                    "Let your team influence your roadmap, so they are more likely to buy into it.",
                    "Always be a trainee leader: keep learning.",
                ],
                "reflection_questions": [
                    "How comfortable will you be in a riskier, less structured position, with a "
                    "broader and more complex range of relationships to manage?",
                    "What personal development will you need to be successful in this new role?",
                    "What sort of training and support will help you make the transition and "
                    "gain the new skills needed to be a success in an NHS leadership role?",
                ],
            },
        ],
    },
    {
        "title": "A non-technical route into digital leadership",
        "summary": "You do not have to be a career techie to lead technical teams, but you need "
        "to know what good looks like and which questions to ask. For people coming from "
        "project management, business roles or other industries.",
        "themes": ["Non-technical leadership", "Personal development", "Inclusion"],
        "example_leaders": ["Jas Cartwright", "Charlee Martin", "Jo Smith"],
        "stages": [
            {
                "title": "Starting out in NHS digital",
                "typical_roles": "Project support officer, business analyst, applications support",
                "band_from": Band.BAND_4,
                "band_to": Band.BAND_5,
                "description": "Many routes start outside technology: a business degree, "
                "banking, another industry. Most NHS trusts fund courses for those who ask.",
                "themes": ["Personal development"],
                "development_actions": [
                    "Use your Performance and Development Review (PDR) as a springboard: agree "
                    "the courses and experience you need.",
                    "Take the courses your trust funds.",
                    "Get a clear idea of what kind of projects or technical work you want to "
                    "get into.",
                ],
                "reflection_questions": [
                    "What kind of projects or technical work do you want to get into?",
                    "What really wakes you up and gets you excited in the morning?",
                ],
            },
            {
                "title": "Project manager",
                "typical_roles": "Project manager, implementation lead, digital transformation "
                "project lead",
                "band_from": Band.BAND_6,
                "band_to": Band.BAND_7,
                "description": "Learn how things work well enough to credibly challenge and "
                "interact with your technical people.",
                "themes": ["Non-technical leadership", "Relationships"],
                "development_actions": [
                    "Build a broad understanding of how things work, so you can credibly "
                    "challenge your technical people.",
                    "Practise asking the questions that get the right information to the right "
                    "people.",
                    "Take all the mentoring opportunities you can get.",
                ],
                "reflection_questions": [
                    "Do you know what good looks like, and how you can make that happen?",
                    "Do you get twitchy about solving problems that are not yours? That may be "
                    "a sign you are ready for programme management.",
                ],
            },
            {
                "title": "Programme manager",
                "typical_roles": "Programme manager, head of a digital service",
                "band_from": Band.BAND_8A,
                "band_to": Band.BAND_8B,
                "description": "Programme management can have multiple complex strands: keep "
                "on top of things, but in a friendly way.",
                "themes": ["Relationships", "Developing others"],
                "development_actions": [
                    "Try some team sessions without an agenda, as a place to sound grievances "
                    "and problem solve.",
                    "Coach and mentor people who are shining in their early career.",
                    "Build a support network around you that can help you achieve your goals.",
                ],
                "reflection_questions": [
                    "How do you keep on top of many strands while keeping people with you?",
                ],
            },
            {
                "title": "Head of digital or associate director",
                "typical_roles": "Head of digital, head of IT, head of digital innovation "
                "strategy, associate director",
                "band_from": Band.BAND_8C,
                "band_to": Band.BAND_9,
                "description": "A non-technical background can be an advantage: it brings a "
                "new perspective to technical teams and helps them think about the impact of "
                "their work.",
                "themes": ["Non-technical leadership", "Inclusion", "Taking risks"],
                "development_actions": [
                    "Recognise your own weaknesses, and question on a wider basis.",
                    "Strengthen your technical grasp where technology has been underinvested "
                    "in; focus on business transformation where it is mature and settled.",
                    "Consider a sideways move to broaden your experience.",
                    "Lead or join a staff network, such as a BAME network, so that everyone is "
                    "listened to.",
                ],
                "reflection_questions": [
                    "If you feel that you can do more, what is stopping you from going for it?",
                    "Is the safe option always the best one?",
                    "Is the environment you are going into mature and settled, or "
                    "underinvested in, and how much technical grasp will it need from you?",
                ],
            },
        ],
    },
]


@transaction.atomic
def load() -> None:
    """Create the demo content that is missing, published; leave existing rows untouched."""
    themes = {name: _theme(name, description) for name, description in THEMES}
    organisations = {
        name: Organisation.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "kind": kind, "region": region}
        )[0]
        for name, kind, region in ORGANISATIONS
    }
    sources = {
        key: Source.objects.get_or_create(
            title=fields["title"], publisher=fields["publisher"], defaults=fields
        )[0]
        for key, fields in SOURCES.items()
    }
    leaders = {data["name"]: _leader(data, themes, organisations) for data in LEADERS}
    for data in QUOTES:
        _quote(data, themes, leaders, sources)
    for data in PATHWAYS:
        _pathway(data, themes, leaders)


def _theme(name: str, description: str) -> Theme:
    return Theme.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "description": description}
    )[0]


def _leader(data: dict, themes: dict, organisations: dict) -> Leader:
    leader, created = Leader.objects.get_or_create(
        slug=slugify(data["name"]),
        defaults={
            "name": data["name"],
            "title": data["title"],
            "organisation": organisations[data["organisation"]],
            "role_family": data["role_family"],
            "background": data["background"],
            "summary": data["summary"],
            "bio": data["bio"],
            "featured": data["featured"],
        },
    )
    if created:
        leader.themes.set(themes[name] for name in data["themes"])
        publish(item=leader)
    for order, step in enumerate(data["career"], start=1):
        CareerStep.objects.get_or_create(
            leader=leader,
            order=order,
            defaults={
                "title": step["title"],
                "organisation": organisations.get(step["organisation"]),
                "sector": step["sector"],
                "start_year": step.get("start_year"),
                "end_year": step.get("end_year"),
                "note": step.get("note", ""),
            },
        )
    return leader


def _quote(data: dict, themes: dict, leaders: dict, sources: dict) -> None:
    quote, created = Quote.objects.get_or_create(
        leader=leaders[data["leader"]],
        text=data["text"],
        defaults={"source": sources[data["source"]], "featured": data.get("featured", False)},
    )
    if created:
        quote.themes.set(themes[name] for name in data["themes"])
        publish(item=quote)


def _pathway(data: dict, themes: dict, leaders: dict) -> None:
    pathway, created = Pathway.objects.get_or_create(
        slug=slugify(data["title"]),
        defaults={"title": data["title"], "summary": data["summary"]},
    )
    if created:
        pathway.themes.set(themes[name] for name in data["themes"])
        pathway.example_leaders.set(leaders[name] for name in data["example_leaders"])
    for order, stage_data in enumerate(data["stages"], start=1):
        stage, stage_created = PathwayStage.objects.get_or_create(
            pathway=pathway,
            order=order,
            defaults={
                "title": stage_data["title"],
                "typical_roles": stage_data["typical_roles"],
                "band_from": stage_data["band_from"],
                "band_to": stage_data["band_to"],
                "description": stage_data["description"],
                "development_actions": "\n".join(stage_data["development_actions"]),
                "reflection_questions": "\n".join(stage_data["reflection_questions"]),
            },
        )
        if stage_created:
            stage.themes.set(themes[name] for name in stage_data["themes"])
    if created:
        # Published once its stages exist, so it never appears without them.
        publish(item=pathway)
