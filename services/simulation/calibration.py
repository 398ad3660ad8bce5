"""The numbers the synthetic borough is calibrated to, in one place, with where they come from.

Sources: `/work/shared/domain.md` ("Scale": one borough such as Sefton has 131 care homes and
about 3,750 beds; about 14% of acute discharges with a discharge ready date are delayed by a
day or more; about 4 million such discharges a year in England, i.e. about 54 a day for a
borough of 275,000 people) and the published DTOC months in `dtoc-published-sample.csv`
(England, December 2019, delayed days by reason: A 12%, B 3%, C 17%, Di 12%, Dii 13%,
E 21%, F 3%, G 11%, H 1%, I 5%, O 2%). Home care: Bath & North East Somerset's homecare and
reablement report (`/work/shared/background/bath-ne-somerset-homecare-reablement-2018.txt`:
about 70% of the hours with four strategic partners, the rest spot purchases; reablement
usually up to six weeks) and issue 18 (councils buy by zone, the zone's provider first, then
the cascade; pathway 1 about half of supported discharges). Everything else is a plausible
guess, named as such.
"""

from __future__ import annotations

from typing import NamedTuple

# -- the borough -------------------------------------------------------------------------
HOMES = 131
BEDS = 3750
COUNCIL = ("E08000014", "Sefton")
# (locality, postcode district, latitude, longitude)
LOCALITIES = (
    ("Southport", "PR8", 53.645, -3.005),
    ("Birkdale", "PR8", 53.630, -3.020),
    ("Ainsdale", "PR8", 53.602, -3.040),
    ("Formby", "L37", 53.558, -3.070),
    ("Crosby", "L23", 53.490, -3.030),
    ("Waterloo", "L22", 53.475, -3.025),
    ("Litherland", "L21", 53.470, -2.990),
    ("Bootle", "L20", 53.446, -2.990),
    ("Netherton", "L30", 53.490, -2.960),
    ("Maghull", "L31", 53.516, -2.940),
)
VACANCY_RATE = 0.05  # guess: share of beds free at the start
DEPARTURE_PER_BED_DAY = 1 / 450  # guess: residents leave (mostly die) after ~15 months
COMMUNITY_FILL_PER_FREE_BED_DAY = 0.022  # guess: keeps occupancy steady with hospital P3s
# How homes report vacancies (guess): daily, weekly, or lapsed (their reports go stale).
REPORTING = {"daily": 0.40, "weekly": 0.35, "lapsed": 0.25}
# How homes answer referrals (guess): within hours, within two days, or mostly not at all.
ANSWERING = {"prompt": 0.60, "slow": 0.25, "silent": 0.15}
RATINGS = {"outstanding": 0.05, "good": 0.72, "requires_improvement": 0.18, None: 0.05}

# -- the hospitals -----------------------------------------------------------------------
ADMISSIONS_PER_DAY = 54.0  # discharges with a ready date, for the default borough size
# (code, name, care type, share of the borough's patients, {site: wards})
PROVIDERS = (
    ("RVY", "Southport and Ormskirk Hospital NHS Trust", "acute", 0.45, {
        "Southport District General Hospital": ("Ward 7a", "Ward 9a", "Ward 11", "Ward 14b"),
        "Ormskirk District General Hospital": ("Ward H",),
    }),
    ("REM", "Liverpool University Hospitals NHS Foundation Trust", "acute", 0.47, {
        "Aintree University Hospital": ("Ward 10", "Ward 22", "Ward 31", "Ward 33"),
    }),
    ("RW4", "Mersey Care NHS Foundation Trust", "non_acute", 0.08, {
        "Community Intermediate Care, Bootle": ("Rehab Unit",),
    }),
)  # fmt: skip
# Where patients live: mostly the borough, some neighbours (LA of residence rows).
RESIDENCE = (("E08000014", "Sefton", 0.88), ("E08000012", "Liverpool", 0.08),
             ("E10000017", "Lancashire", 0.04))  # fmt: skip

# -- pathways and delays -----------------------------------------------------------------
# (share of discharges, chance of a delay of a day or more, median days from admission to
# ready). P3 patients always wait for a placement; together ~14% are delayed.
# P1 is about half of the supported discharges (P1-P3): issue 18; its delays come from the
# home care market (`HOME_CARE` below) for the council's own residents, its delay chance here
# only for residents of the neighbouring councils, whose packages are not brokered here.
PATHWAYS = {
    "P0": (0.690, 0.04, 2.0),
    "P1": (0.180, 0.22, 5.0),
    "P2": (0.070, 0.50, 7.0),
    "P3": (0.040, 1.00, 9.0),
    "P3b": (0.020, 0.40, 4.0),
}
DESTINATIONS = {"P0": "home", "P1": "home with support", "P2": "short-term bed",
                "P3b": "usual care home"}  # fmt: skip


class DelayStory(NamedTuple):
    """One kind of delay outside the brokerage: its DTOC reason, agency and length."""

    code: str
    agency: str
    weight: float  # share of the delayed days this story should produce
    mean_days: float


# Delayed days on P3 come from the broker's progress (Di/Dii, A, G: broker_to_dtoc.json);
# these tables give the other pathways the rest of the published mix.
STORIES = {
    "P0": (DelayStory("I", "NHS", 6.0, 6), DelayStory("G", "NHS", 2.0, 4),
           DelayStory("H", "NHS", 0.3, 5), DelayStory("H", "Social Care", 0.3, 5),
           DelayStory("O", "NHS", 2.5, 3), DelayStory("O", "Both", 1.0, 3),
           DelayStory("A", "NHS", 0.5, 2)),
    "P1": (DelayStory("E", "Social Care", 6.0, 6), DelayStory("E", "NHS", 8.0, 5),
           DelayStory("E", "Both", 7.0, 6), DelayStory("A", "NHS", 1.0, 3),
           DelayStory("A", "Both", 0.5, 3), DelayStory("F", "NHS", 1.0, 4),
           DelayStory("F", "Social Care", 0.7, 4), DelayStory("B", "Social Care", 1.0, 5),
           DelayStory("G", "NHS", 2.0, 4), DelayStory("G", "Social Care", 1.0, 4)),
    "P2": (DelayStory("C", "NHS", 17.4, 8), DelayStory("A", "NHS", 1.0, 3),
           DelayStory("B", "NHS", 1.5, 5), DelayStory("G", "NHS", 1.5, 4)),
    "P3b": (DelayStory("A", "Both", 1.0, 2), DelayStory("A", "NHS", 1.0, 2)),
}  # fmt: skip
# A P1 wait for a care package often starts as a wait for the assessment (guess).
ASSESSMENT_FIRST = 0.1
DETERIORATES = 0.03  # delayed patients who meet the criteria to reside again (guess)

# -- placements (P3) ---------------------------------------------------------------------
NEEDS_REGISTRATION = {"residential": 0.58, "nursing": 0.42}  # Di ~ Dii, as published
NEEDS_CATEGORY = {"older_people": 0.45, "dementia": 0.45, "physical_disability_sensory": 0.05,
                  "mental_health": 0.03, "learning_disability_autism": 0.02}  # fmt: skip
FUNDING = {"council": 0.57, "self_funder": 0.15, "fnc": 0.14, "nhs_chc": 0.09, "joint": 0.05}
CARE_ACT_DAYS = (0, 1)  # the council's needs assessment, reason A (Social Care)
CHC_DAYS = (1, 4)  # the NHS continuing healthcare decision, reason B (NHS)
REFERRALS_PER_ROUND = 3
SEARCH_DAYS = (1.0, 3.0)  # the broker finds homes to refer to (guess)
# Hours to answer a referral by how the home answers; a silent home answers 30% of the time.
ANSWER_HOURS = {"prompt": (4.0, 24.0), "slow": (24.0, 72.0), "silent": (48.0, 120.0)}
ANSWER_WITHIN_HOURS = 24
HOME_ACCEPTS = 0.85  # a home with a suitable free bed agrees to assess (guess)
NEEDS_MET = 0.9  # the home's assessment finds it can meet the needs (guess)
TRUSTED_ASSESSOR = 0.6  # assessed by a trusted assessor rather than the home (guess)
FAMILY_ACCEPTS = 0.75  # otherwise declines (reason G) and visits more homes
FAMILY_VISITS_DAYS = (3, 8)
DIES_WAITING = 0.03
MOVE_IN_DAYS = (2, 7)  # from the booking to the day the bed can be taken (guess)
WEEKLY_FEE = {"residential": 750.0, "nursing": 950.0}

# -- home care (P1) ---------------------------------------------------------------------
# The council's P1 residents go home with a package sourced from its agencies by zone.
# (name, zones, services, can staff double-handed calls, strategic partner)
AGENCIES = (
    ("Coastal Care Partnership", ("SEF-NORTH",), ("reablement", "long_term"), True, True),
    ("Meols Home Care", ("SEF-FORMBY-MAGHULL",), ("reablement", "long_term"), True, True),
    ("Sefton Homecare Alliance", ("SEF-SOUTH",), ("reablement", "long_term"), True, True),
    ("Mersey Reablement Services", ("SEF-SOUTH", "SEF-NORTH"), ("reablement",), True, True),
    ("Bluebell Home Support", ("SEF-NORTH",), ("long_term", "reablement"), False, False),
    ("Dunes Domiciliary Care", ("SEF-FORMBY-MAGHULL", "SEF-NORTH"), ("long_term",), False, False),
    ("Riverside Carers", ("SEF-SOUTH",), ("long_term", "reablement"), True, False),
    ("Maghull Community Care", ("SEF-FORMBY-MAGHULL",), ("long_term", "reablement"), False,
     False),
    ("Waterloo Helping Hands", ("SEF-SOUTH",), ("long_term",), False, False),
    ("Ainsdale Care at Home", ("SEF-NORTH", "SEF-FORMBY-MAGHULL"), ("reablement", "long_term"),
     True, False),
)  # fmt: skip
STRATEGIC_SHARE = 0.70  # of each zone's hours, with its strategic partners (B&NES 5.3)
# Hours a week an agency can start in a zone, each day, against the hospital's demand there
# (guess): Formby and Maghull is short, as rural patches are; the morning is the hardest band.
ZONE_SUPPLY = {"SEF-NORTH": 1.7, "SEF-FORMBY-MAGHULL": 1.2, "SEF-SOUTH": 1.7}
BAND_SUPPLY = {"morning": 0.95, "lunch": 1.3, "tea": 1.2, "bed": 1.0}
IDLE_DAYS = 7.0  # capacity unused for longer goes to people from the community (guess)
MIN_IDLE_HOURS = 5.25  # a small agency can still take a 45-minute call a day now and then
# The care needed (guess): the time bands of the calls, minutes a call, double-handed.
CALL_PATTERNS = {("morning",): 0.10, ("morning", "bed"): 0.15, ("morning", "tea"): 0.10,
                 ("morning", "lunch", "bed"): 0.175, ("morning", "tea", "bed"): 0.175,
                 ("morning", "lunch", "tea", "bed"): 0.30}  # fmt: skip
CALL_MINUTES = {30: 0.50, 45: 0.35, 60: 0.15}
DOUBLE_HANDED = 0.10
SERVICES = {"reablement": 0.70, "long_term": 0.30}  # reablement first, to support discharge
NEEDS_HOURS = (0.5, 2.0)  # the ward's assessment of the care needed, after ready (guess)
# Some P1 patients wait first for something else: their ward's reason, then the package.
P1_WAITS_FIRST = 0.12
P1_FIRST = (DelayStory("A", "Social Care", 1.0, 2), DelayStory("A", "NHS", 0.5, 2),
            DelayStory("F", "NHS", 0.5, 2), DelayStory("B", "NHS", 0.3, 3),
            DelayStory("G", "Social Care", 0.5, 2))  # fmt: skip
OFFERS_PER_ROUND = 2  # the zone's partners first, then the cascade to spot providers
PACKAGE_ANSWER_WITHIN_HOURS = 24
# How agencies answer (guess): partners are contracted to answer promptly.
AGENCY_ANSWERING = {"prompt": 0.50, "slow": 0.30, "silent": 0.20}
AGENCY_ANSWER_HOURS = {"prompt": (0.5, 3.0), "slow": (4.0, 30.0), "silent": (24.0, 60.0)}
AGENCY_ACCEPTS = 0.9  # an agency with the hours free takes the package (guess)
PERSON_ACCEPTS = 0.93  # otherwise declines the agency or its call times (reason G)
FALLS_THROUGH = 0.06  # the agency withdraws or cannot staff the first calls (guess)

# -- what the summary compares with ------------------------------------------------------
# England, December 2019, delayed days by DTOC reason (dtoc-published-sample.csv).
PUBLISHED_ENGLAND_2019_12 = {"A": 18399, "B": 3753, "C": 25704, "Di": 18374, "Dii": 19344,
                             "E": 31393, "F": 3925, "G": 16654, "H": 1235, "I": 7078,
                             "O": 2242}  # fmt: skip
PUBLISHED_DELAYED_SHARE = 0.14  # acute discharges with a ready date delayed a day or more
