"""Who makes a claim: the article's own voice (None), a person, an organisation or a publication.

An ``Attributor`` reads an article's sentences in order and remembers the speakers it has met,
so that back-references resolve: ``he said``/``she said`` to the last named person, ``the
ministry said``/``it said`` to the last organisation (preferring one whose name holds the noun),
``the site said``/``the newspaper reported`` to the last publication, ``the report said`` to the
last organisation or publication. Post authors are attributed by the posts module, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .features import NUMBER_WORDS
from .lexicon import by_first_letter

CAP = r"(?:[A-ZÀ-ÖØ-Þ][\w’'&.-]*|Mc[A-Z]\w+|d[’'][A-Z]\w+)"  # "Jeanne d'Arc", "Côte d'Ivoire"
JOIN = r"(?:of|for|and|on|de|del|da|dos|la|le|van|von|der|bin|al|the)"
NAME = rf"{CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,6}}"
DOMAIN = r"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}(?:/\S*)?\b"


VERB_WORDS = (
    r"said|says|told|tells|claimed|claims|announced|announces|wrote|writes|tweeted|posted|"
    r"denied|denies|stated|states|reported|reports|added|adds|argued|argues|insisted|insists|"
    r"warned|warns|noted|notes|explained|explains|confirmed|confirms|testified|estimated|"
    r"estimates|acknowledged|admitted|alleged|alleges|asserted|maintained|maintains|replied|"
    r"responded|declared|revealed|disclosed|predicted|found|finds|showed|shows|concluded"
)
VERBS = (
    by_first_letter(VERB_WORDS) + "|"
    # a memory told: "Sammy Irwin recalled that in 1981 …" (not "recalled its ambassador", an act)
    r"recalled(?=\s+(?:that|how)\b)|"
    # an estimate: "put the cost at A$14.2 million", "placed damage at P312 million"
    r"(?:put|puts|placed|places|pegged|pegs)(?=\s[^.;]{1,80}?\bat\s+(?:about |around |nearly |some |over |almost |"
    r"more than |just over |just under )?\D{0,4}\d)"
)
AUX = (
    r"(?:(?:has|had|have|also|later|previously|earlier|repeatedly|publicly|again|then|once|has also|had also|"
    r"further)\s+)*"
)
REF_NOUNS = {
    "publication": (
        r"site|website|newspaper|paper|outlet|magazine|broadcaster|network|channel|wire service|agency report"
    ),
    "organisation": (
        r"ministry|agency|department|court|company|firm|council|office|group|organi[sz]ation|commission|"
        r"police|government|union|authority|board|institute|hospital|university|campaign|committee|"
        r"bank|party|administration|bureau|regulator|army|military|prosecutors?|district|city|county|"
        r"state|school|charity|federation|coalition|center|centre|foundation|airline|club|team|lab|"
        r"service|watchdog|regulator|body|panel|inquiry|observatory|laboratory|clinic|station|force|"
        r"network|trust|alliance|association|assembly|legislature|parliament|congress|senate|cabinet|"
        r"prosecutor['’]s office|commission|forum|secretariat"
    ),
    "report": (
        r"report|study|survey|statement|analysis|audit|review|filing|lawsuit|complaint|release|letter|"
        r"document|data|logs|register|database|dashboard|tracker"
    ),
}
REF = by_first_letter("|".join(REF_NOUNS.values()))
WHEN = (
    r"(?:on|late on|early on|last|this|earlier this|late last)\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night|morning|evening|afternoon)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
)
# a dateline in capitals: "LAHORE: ", "NAIROBI, March 3 (AFP) - ", "GENEVA (Reuters) — "
DATELINE = r"[A-Z][A-Z .'’-]{2,30}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()]{2,40}\)\s*)?(?::|[—–-]{1,2})\s+"
# "Last week, " / "In a statement on Monday, ", after a dateline in capitals ("LAHORE: ")
PREAMBLE = r"^\W*(?:" + DATELINE + r")?(?:(?:[\w’'-]+[ ,]+){0,8}?[\w’'-]+,\s+)??"
SUBJECT_VERB = re.compile(
    PREAMBLE + r"(?P<who>(?:[\w’'.&@-]+(?:\s+\([A-Z][^()“”\"]{0,40}\))?\s+){0,9}?[\w’'.&@-]+"
    r"(?:\s+\([A-Z][^()“”\"]{0,40}\))?)"
    # the apposition: a description, an age ("Rosli Abdul Ghani, 58, said"), or both ("X, 54, a fish vendor, said")
    r"(?:,\s+(?P<appos>(?:\d{1,3},\s+)?(?:[^,“”\"]|(?<=\d),(?=\d{3})){3,120}|\d{1,3}),)?"
    # a day between subject and verb: "Minister Ama Owusu on Tuesday told", "Dr Lin Chao, on Monday, confirmed"
    rf"(?:,?\s+{WHEN},?)?\s+" + AUX + rf"(?<!\ban\s)(?<!\bthe\s)(?<!\ba\s)(?P<verb>{VERBS})\b"
)  # ("attracts an estimated 640,000 visits": an adjective after an article, no reporting verb)
# Lower-case words before a name: "the rail operator Eastline", "union general secretary Colm Brannigan".
DESCRIBED = r"(?:(?:[Tt]he|an?|its|their|his|her)\s+)?(?:[a-z][\w’'-]*\s+){0,4}"
WHO_AFTER_VERB = (
    rf"{DESCRIBED}{NAME}|the (?:[\w’'-]+ ){{0,3}}?(?:{REF})"
    rf"|(?:[Tt]he|an?)\s+(?:[a-z][\w’'-]*\s+){{0,4}}[a-z][\w’'-]*,\s+{NAME}"  # "the ministry's spokesman, Juan Perez"
)
AFFILIATION = rf"(?:\s+(?:of|at|from|with)\s+(?:the\s+)?{NAME})?"  # "Dr. Joana Ribeiro of the University of Coimbra"
GENERIC_NOUNS = (
    r"(?:officials|police|authorities|prosecutors|investigators|researchers|scientists|"
    r"economists|analysts|experts|doctors|witnesses|residents|organi[sz]ers|forecasters|state media|local media)"
)
GENERIC = r"(?:[a-z][\w-]+\s+){0,2}" + GENERIC_NOUNS
WHO_BEFORE_VERB = (
    rf"{GENERIC}|{DESCRIBED}{NAME}{AFFILIATION}|{DOMAIN}|the (?:[\w’'-]+ ){{0,4}}?(?:{REF})|he|she|it|they"
)
TRAILING = re.compile(
    # (a closing ’, not the possessive of "Tanzania’s Minister for Health, Ummy Mwalimu, said")
    rf"(?:[,”\"]|’(?!s\b))\s*[”\"]?\s*(?:(?P<verb>{VERBS})\s+(?P<who_after>{WHO_AFTER_VERB})"
    r"(?=\s*(?:[,.;!?]|$|\s(?:on|in|at|last|this|who|after|during|earlier|late|told|to)\b))"
    rf"|(?P<who>{WHO_BEFORE_VERB})(?:,\s+(?P<appos>[^,]{{3,90}}),|(?P<comma>,))?\s+{AUX}(?:{VERBS}))\b"
    r"(?![^”\"]*[“\"])"  # no quotation opens after it
)
COURT_ACT = re.compile(r"(?:admitted|denied)\s+(?:[\w-]+\s+){0,4}?(?:charges?|counts?|offen[cs]es?|allegations?)\b")
# "the Tallaght man", "the Dublin woman": a person described by a place, who is the person met before
DESCRIBED_PERSON = re.compile(
    rf"(?:[Tt]he\s+)?{CAP}(?:\s+{CAP}){{0,2}}\s+(?:man|woman|men|women|boy|girl|teenager|pensioner|mother|father)"
)
PASSIVE = re.compile(r"\s(?:was|were|is|are|been|being|be)$")  # the subject's auxiliary before a participle
ACTION = re.compile(r"\s+(?:a|an)\s")  # "declared a state of emergency": an act, not a statement
ACT_VERBS = {"declared", "released", "revealed", "disclosed", "posted", "published"}
SPOKESPERSON = re.compile(
    r"^(?:an?|the|one)\s+(?:[\w-]+\s+)?(?:spokes\w+|representative|official|source|lawyer|attorney|"
    r"statement|press release)\s+(?:for|of|at|with|from)\s+(?P<org>.+)$",
    re.I,
)
PERSONISH = re.compile(rf"{CAP}(?:\s+{CAP}){{1,8}}")  # ("Deputy Commissioner Kot Sardar Syed Ahsan Raza Bukhari")
# What the text shows of a person's gender: honorifics and role words next to the name.
FEMALE = re.compile(
    r"\b(?:Ms|Mrs|Miss|Madam|Madame|Mme|Puan|Dame|Lady|Datin|Cllr Mrs|Sister|Queen|Princess|Baroness|Begum|"
    r"Bibi|Smt)\b\.?|"
    r"\b(?:spokeswoman|chairwoman|councilwoman|congresswoman|businesswoman|grandmother|mother|widow|wife|daughter|"
    r"sister|woman|girl|actress|waitress)\b",
)
MALE = re.compile(
    r"\b(?:Mr|Sir|Lord|Tuan|Encik|Datuk|Dato|Tan Sri|Shri|Sri|King|Prince|Baron|Father|Brother)\b\.?|"
    r"\b(?:spokesman|chairman|councilman|congressman|businessman|grandfather|father|widower|husband|son|brother|"
    r"man|boy|actor|waiter)\b",
)
SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
# "The Controller, Comptroller Sani Kurfi, was quoted in the statement as saying:"
QUOTED_AS = re.compile(
    r",?\s+(?:was|were|is|has been)\s+(?:also\s+)?quoted\s+"
    r"(?:(?:in|by)\s+[^.;:“”\"]{2,80}?\s+)?as\s+(?:saying|stating)\b"
)
CITED = re.compile(
    rf"\b(?:cited|quoted|quotes|cites)\s+(?P<who>{NAME}|(?:an?|the|one)\s+[\w\s-]{{2,60}}?)\s+as\s+(?:saying|stating|telling)\b"
)
PERSON_NOUNS = re.compile(
    r"\b(?:minister|president|author|lawmaker|legislator|senator|mayor|governor|councill?or|chair\w*|leader|"
    r"scientist|researcher|economist|analyst|official|spokes\w+|judge|lawyer|attorney|plaintiff|defendant|"
    r"doctor|nurse|professor|epidemiologist|expert|activist|candidate|director|chief|secretary|officer|"
    r"resident|witness|manager|founder|owner|executive|ceo|member|deputy|commissioner|head)s?$",
    re.I,
)
ORG_NOUNS = re.compile(
    r"\b(?:group|company|firm|agency|charity|organi[sz]ation|union|party|bank|network|campaign|coalition|"
    r"association|alliance|institute|think tank|nonprofit|non-profit|ngo|watchdog|regulator|body|"
    r"lender|retailer|manufacturer|insurer|developer|operator|supplier|club)$",
    re.I,
)
PUBLICATION_NOUNS = re.compile(
    r"\b(?:newspaper|paper|site|website|outlet|magazine|broadcaster|daily|weekly|tabloid)$", re.I
)

# A document as the subject of a finding: "a report to council", "the trust's report", "a new study".
REPORT_SUBJECT = re.compile(
    r"(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?P<owner>[\w-]+(?:\s+[\w-]+){0,3}?)['’]s?\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:report|study|survey|audit|review|analysis|assessment|evaluation|paper)"
    r"(?:\s+(?P<prep>to|for|on|into|of|from|by)\s+(?P<topic>(?:the\s+)?[\w’'&-]+(?:\s+[\w’'&-]+){0,3}))?"
)
VERB_AFTER_SPACE = re.compile(rf"\s(?:{VERBS})\b")  # what SUBJECT_VERB cannot match without
# A body's figures as the subject: "CSO figures show", "The council's figures show", "Statistics
# Canada's latest data showed". A lower-case owner needs its possessive ("the council's").
FIGURES = (
    r"(?:(?:latest|new|own|official|provisional|final|monthly|quarterly|annual|\d{4}(?:-\d{2})?)\s+)*"
    r"(?:figures|data|statistics|numbers|estimates|records)"
)
FIGURES_SHOW = re.compile(
    PREAMBLE
    + rf"(?:(?P<owner>(?:[Tt]he\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?)['’]s?|(?P<named>(?:[Tt]he\s+)?{NAME})(?:['’]s?)?)"
    + rf"\s+{FIGURES}\s+(?:show|showed|shows|suggest|suggested|suggests|indicate|indicated|indicates)\b"
)
FIGURES_VERB = re.compile(r"(?:figures|data|statistics|numbers|estimates|records)\s+(?:show|suggest|indicat)")
# Words that open such a sentence without naming anyone: "Official figures show", "New data suggest".
OPENING_WORDS = re.compile(
    r"(?i:official|new|latest|provisional|preliminary|recent|early|initial|final|government|federal|national|"
    r"regional|local|internal|independent|separate|annual|monthly|quarterly|updated|revised|these|those|such)"
)
ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<rest>[^,;:“”\"]{2,160})")
SOURCE_GENERIC = re.compile(
    r"^(?:the )?(?P<who>police|officials|authorities|prosecutors|investigators|researchers|scientists|"
    r"economists|analysts|experts|doctors|witnesses|residents|organi[sz]ers|data|figures|records)\b",
    re.I,
)
NOT_NAMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "on",
    "in",
    "the",
    "this",
    "that",
    "a",
    "an",
    "but",
    "and",
    "so",
    "yet",
    "when",
    "after",
    "before",
    "while",
    "although",
    "if",
    "as",
    "because",
    "since",
    "meanwhile",
    "still",
    "earlier",
    "later",
    "now",
    "today",
    "yesterday",
    "asked",
    "speaking",
    "separately",
    "however",
    "also",
    "then",
    "officials",
    "police",
    "critics",
    "experts",
    "many",
    "some",
    "most",
    "several",
    "both",
    "his",
    "her",
    "economists",
    "analysts",
    "researchers",
    "scientists",
    "residents",
    "doctors",
    "lawmakers",
    "parents",
    "should",
    "would",
    "could",
    "will",
    "can",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "voters",
    "forecasters",
    "investigators",
    "prosecutors",
    "authorities",
    "polls",
    "figures",
    "data",
    "their",
    "its",
    "our",
    "my",
    "your",
    "we",
    "i",
    "you",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
}
TITLES = {
    "president",
    "vice",
    "prime",
    "minister",
    "mayor",
    "governor",
    "gov.",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "dr.",
    "judge",
    "justice",
    "chief",
    "secretary",
    "general",
    "gen.",
    "col.",
    "commissioner",
    "councillor",
    "councilwoman",
    "councilman",
    "councilmember",
    "council",
    "member",
    "chancellor",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "mr.",
    "ms.",
    "mrs.",
    "mr",
    "ms",
    "mrs",
    "dr",
    "cllr",
    "cr",
    "hon.",
    "prof",
    "eng.",
    "engr",
    "engr.",
    "datuk",
    "dato",
    "dato'",
    "dato’",
    "seri",
    "haji",
    "hajah",
    "datin",
    "tuan",
    "puan",
    "encik",
    "professor",
    "prof.",
    "attorney",
    "deputy",
    "former",
    "health",
    "finance",
    "foreign",
    "economy",
    "labor",
    "labour",
    "interior",
    "defense",
    "defence",
    "education",
    "environment",
    "treasurer",
    "auditor",
    "sheriff",
    "superintendent",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "leader",
    "opposition",
    "senior",
    "economist",
    "analyst",
    "lawyer",
    "activist",
    "officer",
    "u.s.",
    "us",
    "state",
    "county",
    "city",
    "district",
    "federal",
    "national",
    "regional",
    "acting",
    "interim",
    "independent",
    "democratic",
    "republican",
    "rev.",
    "pope",
    "king",
    "queen",
    "sir",
    "resident",
    "nurse",
    "teacher",
    "student",
    "voter",
    "parent",
    "farmer",
    "worker",
    "owner",
    "pastor",
    "dame",
    "lord",
    "lady",
    "chief executive",
    "executive",
    "supreme",
    "court",
    "epidemiologist",
    "director-general",
    "secretary-general",
    "plaintiff",
    "defendant",
    "lawmaker",
    "author",
    "lead",
    "scientist",
    "political",
    "committee",
    "dissenting",
    "councilor",
    "energy",
    "commission",
    "trade",
    "magistrate",
    "shri",  # Indian honorifics: "District Magistrate Shri Alok Verma", "Smt. Rekha Rao"
    "smt",
    "smt.",
}
HONORIFICS = {
    "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "prof", "prof.", "sir", "dame", "hon", "hon.",
    "datuk", "dato", "dato'", "dato’", "datin", "seri", "haji", "hajah", "tuan", "puan", "encik", "eng.", "engr",
    "engr.", "cllr", "cr", "rev.", "lord", "lady", "shri", "smt", "smt.",
}  # fmt: skip
ORG_WORDS = re.compile(
    r"\b(?:International|Ministry|Department|Agency|Office|Council|Court|Commission|Institute|Association|"
    r"Organi[sz]ation|Bureau|Service|Board|Bank|University|Party|Government|Police|Union|Committee|"
    r"Authority|Center|Centre|Foundation|Fund|Inc|Corp|Company|Group|Federation|Coalition|Watch|Society|"
    r"Administration|Hospital|Clinic|School|District|County|City|Congress|Senate|Parliament|Assembly|"
    r"Legislature|Army|Forces|Command|Reserve|Treasury|Statistics|Laboratory|Trust|Alliance|Airlines?|"
    r"Club|Church|Tribunal|Campaign|Institution|Agency|Network|Project|Initiative|Council|Secretariat|"
    r"Ltd|LLC|Co|Cabinet|Prosecutor|Prosecutors|Registry|Observatory|Programme|Program|Commission|"
    r"Nations|Health|Labs?|Systems|Partners|Capital|Holdings|Energy|Motors|Pharmaceuticals?|Resources|Mining|"
    r"Minerals|Metals|Petroleum|Industries|Technologies|Logistics|Airways|Railways|Insurance|Utilities|Transit)\b|"
    r"^[A-Z]{2,6}$"
)
PUBLICATION_WORDS = re.compile(
    r"\b(?:Times|Post|Journal|News|Herald|Tribune|Gazette|Daily|Magazine|Radio|Television|TV|Press|"
    r"Reuters|Bloomberg|Guardian|Telegraph|Chronicle|Observer|Examiner|Wire|Associated Press|AP|AFP|"
    r"BBC|CNN|NPR|Politico|Axios|Economist|Channel|Insider|Monitor|Courier|Express|Mirror|Bulletin|"
    r"Sun|Star|Register|Dispatch|Inquirer|Independent|Globe|Record|Review|Broadcasting|Media|Agence|"
    r"Ledger|Standard|Sentinel|Today|Online|Weekly|Bulletin|Enquirer|Mail|Argus|Leader|Clarion)\b"
)


# The patterns the attributor's methods use, compiled once (re.<function>(pattern, …) looks each
# call's pattern up in re's cache, hashing an f-string of NAME built anew each time).
ROLE_WORDS_SPLIT = re.compile(r"[\s-]+")
ARTICLE_ONE = re.compile(r"^(?:an?|the|one)\s+")
APPOSED_NAME_AFTER = re.compile(rf",\s+(?P<name>{NAME})(?=\s*(?:[.,;:]|$))")
BRACKETED = re.compile(r"\s*\([^()]*\)")
NAMES = re.compile(NAME)
NAMES_WITH_THE = re.compile(rf"(?:[Tt]he\s+)?{NAME}")
REF_PHRASE = re.compile(rf"the (?:[\w’'-]+ ){{0,4}}?(?:{REF})")
DOMAINS = re.compile(DOMAIN)
AFFILIATION_END = re.compile(rf"^(?P<head>.*?)\s+(?:of|at|from|with)\s+(?:the\s+)?{NAME}$")
SPACE_CAPITAL = re.compile(r"\s[A-Z]")
ARTICLE_ANY_CASE = re.compile(r"^(?:an?|the)\s+", re.I)
GENERIC_SUBJECT = re.compile(rf"(?:[Tt]he\s+)?(?P<who>{GENERIC})", re.I)
POSSESSIVE_END = re.compile(r"['’]s$")
THE_SPACE = re.compile(r"[Tt]he\s")
REPORT_NOUN = re.compile(REF_NOUNS["report"])
PUBLICATION_NOUN = re.compile(REF_NOUNS["publication"])
ORGANISATION_NOUN = re.compile(REF_NOUNS["organisation"])
ACCORDING_CUT = re.compile(r"\s+(?:who|which|that|when|because|after|since|as)\s+|[.;]\s")
LANGUAGE_OR_PEOPLE = re.compile(r"[\w-]*-language|[A-Z][a-z]+(?:ish|ese|ian|an)")
THE_REF = re.compile(rf"\bthe ((?:[\w’'-]+ ){{0,3}}(?:{REF}))\b")


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    kind: str  # outlet, person, organisation, publication
    frame: tuple[int, int] | None = None  # the span of the attribution clause, when found


@dataclass
class Attributor:
    """Attribute an article's sentences in reading order, remembering who has spoken."""

    persons: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)  # "Oduya" -> "Martin Oduya", from text read so far
    # "Rahim" -> "Rahim Osman" after "Datuk Seri Rahim Osman": house styles that call a titled
    # person by the given name (Malaysian, Indonesian, many Gulf and West African papers)
    given: dict[str, str] = field(default_factory=dict)
    recent_person: str | None = None  # the antecedent of he/she
    gender: dict[str, float] = field(default_factory=dict)  # > 0 female, < 0 male: what the text showed
    last: Attribution | None = None
    roles: dict[str, str] = field(default_factory=dict)  # "finance minister", "minister" -> the person titled so

    def note_role(self, titled: str, name: str) -> None:
        """Remember the office a person was named with ("Agriculture Secretary Ernesto Lim")."""
        role = [w for w in titled.split()[: len(titled.split()) - len(name.split())] if w.lower() not in HONORIFICS]
        while role and role[0].lower() in ("former", "acting", "interim", "the"):
            role = role[1:]
        if role:
            self.roles[" ".join(role).lower()] = name
            self.roles[role[-1].lower()] = name

    def role_holder(self, initials: str) -> str | None:
        """Return the person holding the office of two or more words these initials spell ("DG": "director-general")."""
        for role, person in reversed(self.roles.items()):
            words = ROLE_WORDS_SPLIT.split(role)
            if len(words) >= 2 and "".join(w[:1] for w in words).upper() == initials:
                # the longest form met of the name ("Kot Sardar Syed Ahsan Raza" was cut short)
                return max((p for p in self.persons if person in p), key=len, default=person)
        return None

    def see(self, text: str) -> None:
        """Remember the full names in text the reader has passed, to expand later surnames."""
        for name, cue in genders_in(text):
            self.gender[name] = self.gender.get(name, 0.0) + cue
        for role, holder in apposed_offices(text) if "," in text else ():
            self.roles[role] = holder
        for written, name in full_names_in(text):
            self.surnames[name.split()[-1]] = name
            if name != written:
                self.note_role(written, name)
                first = name.split()[0]
                if first.lower() not in common_words():
                    self.given[first] = name

    def attribute(self, sentence: str) -> Attribution:
        """Return the speaker of a sentence (None for the article's own voice)."""
        found = self._attribute(sentence)
        self.see(sentence)
        if found.speaker:
            self.remember(found)
        return found

    def _attribute(self, sentence: str) -> Attribution:
        # (cheap tests first: each pattern below needs its verb, or "according to", in the sentence)
        m = CITED.search(sentence) if "cite" in sentence or "quote" in sentence else None
        if m:
            who = m["who"]
            if who[:1].isupper():
                return self.named(who, span=(m.start(), m.end()), prefer="person")
            subject = SUBJECT_VERB.match(sentence[: m.start()] + " said")
            if subject:
                found = self.subject(subject["who"], span=(m.start(), m.end()))
                if found.speaker:
                    return found
            bare = ARTICLE_ONE.sub("", who)
            holder = self.role_holder(bare) if ROLE_INITIALS.fullmatch(bare) else None
            return Attribution(holder or bare, "person", (m.start(), m.end()))
        m = QUOTED_AS.search(sentence) if "quoted" in sentence else None
        if m:
            subject = SUBJECT_VERB.match(sentence[: m.start()] + " said")
            if subject:
                found = self.subject(subject["who"], span=(0, m.end()), appositive=subject["appos"])
                if found.speaker:
                    return found
        for m in TRAILING.finditer(sentence):
            who = m["who_after"] or m["who"]
            if m["comma"] and not who[:1].isupper():
                continue  # ", an epidemiologist at the University, said" describes the subject before it
            if m["comma"] and looks_like_person(NAME_AT_END.search(sentence[: m.start()] or " ")[0] or "-"):
                continue  # "Shri Vasant Gaikwad, MLA from Mohol, said": the apposition describes the person
            found = self.subject(who, span=(m.start(), m.end()), appositive=m["appos"])
            if found.speaker and found.kind == "publication" and m["who"]:
                # "Kenyan police said 14 people were arrested, Reuters reported": the agency relays the
                # police's words; the source the sentence opens with speaks
                inner = (
                    SUBJECT_VERB.match(sentence[: m.start()])
                    if VERB_AFTER_SPACE.search(sentence[: m.start()])
                    else None
                )
                source = self.subject(inner["who"], span=(inner.start("who"), inner.end())) if inner else None
                if source is not None and source.speaker and source.kind != "publication":
                    return source
            if found.speaker:
                return found
        m = FIGURES_SHOW.match(sentence) if FIGURES_VERB.search(sentence) else None
        if m and m["owner"]:
            found = self.back_reference("the " + THE.sub("", m["owner"]).lower(), span=(m.start(), m.end()))
            if found.speaker:
                return found
        elif m and m["named"] and not OPENING_WORDS.fullmatch(m["named"]):
            owner = THE.sub("", m["named"])
            found = Attribution(None, "outlet") if self.common_word(owner) else self.named(owner, span=m.span())
            if found.speaker:
                return found
        m = SUBJECT_VERB.match(sentence) if VERB_AFTER_SPACE.search(sentence) else None
        if m and m["verb"] in ACT_VERBS and ACTION.match(sentence, m.end("verb")):
            m = None  # "declared a state of emergency" is an act the article reports, not speech
        elif m and COURT_ACT.match(sentence, m.start("verb")):
            m = None  # "admitted two dozen sample charges": a plea in court, not a statement
        elif m and PASSIVE.search(m["who"]):
            m = None  # "Tainted water was found along the river": a passive, whose subject found nothing
        elif m and OPENING_WORDS.fullmatch(m["who"]):
            m = None  # "Initial estimates from the office placed …": a noun, not "Initial" estimating
        if m:
            found = self.subject(m["who"], span=(m.start("who"), m.end()), appositive=m["appos"])
            if found.speaker:
                return found
        m = ACCORDING.search(sentence) if "ccording to" in sentence else None
        if m:
            rest, end = m["rest"], m.end()
            # "according to the party's group leader, Priya Natarajan": the name in the apposition
            tail = APPOSED_NAME_AFTER.match(sentence[end:])
            if tail and looks_like_person(tail["name"]):
                rest, end = rest + " " + tail["name"], end + tail.end()
            found = self.according(rest, span=(m.start(), end))
            if found.speaker:
                return found
        self.note_subject(sentence)
        return Attribution(None, "outlet")

    def introducer(self, sentence: str) -> Attribution | None:
        """Return who a sentence hands over to, when it announces a statement or post quoted after it."""
        m = INTRODUCES.search(sentence) if (" to " in sentence or "ed " in sentence or " on " in sentence) else None
        if m is None or "“" in sentence[: m.start()] or '"' in sentence[: m.start()]:
            return None
        subject = SUBJECT_VERB.match(sentence[: m.start()] + " said")
        if subject is None:
            return None
        found = self.subject(subject["who"], span=(0, m.start()), appositive=subject["appos"])
        return found if found.speaker else None

    def subject(self, phrase: str, *, span: tuple[int, int], appositive: str | None = None) -> Attribution:
        """Return the attribution for the subject phrase of a reporting verb."""
        # "Anjali Redfearn (Lab, Holme Valley South)", "the chamber (NCCI) president": brackets describe
        phrase = BRACKETED.sub(",", phrase).strip(" ,")
        if appositive and ADVERBIAL.match(appositive):
            appositive = None  # "The minister, in a statement, said": no description of the subject
        m = OFFICE_HELD.fullmatch(phrase)
        if m and m["role"].lower() in self.roles:
            return Attribution(self.roles[m["role"].lower()], "person", span)  # "The governor said": its holder
        if appositive:
            # "Kelby council's housing lead, councillor Martin Oduya, said": the name is in the apposition.
            inner = [n for n in NAMES.findall(appositive) if self.plausible(n)]
            outer = [n for n in NAMES.findall(phrase) if self.plausible(n)]
            person = next(
                (
                    n
                    for n in reversed(inner)
                    if len(strip_titles(n).split()) >= 2 and not organisation_word(n) and not publication_word(n)
                ),
                None,
            )
            # (an office outside is no person: "The Customs Area Controller, Comptroller Sani Kurfi, said")
            if person and not any(len(strip_titles(n).split()) >= 2 and not OFFICE_WORD.search(n) for n in outer):
                return self.named(person, span=span, prefer="person")
        low = phrase.lower()
        m = REPORT_SUBJECT.fullmatch(phrase)
        if m and m["owner"] and m["owner"][:1].isupper():
            # "the Housing Agency's new survey found": the named body the document belongs to
            found = self.named(m["owner"], span=span)
            if found.speaker:
                return found
        if DESCRIBED_PERSON.fullmatch(phrase):
            return self.resolve("he", span=span)  # (he and she resolve alike: the last person named)
        if low in ("he", "she", "it", "they") or REF_PHRASE.fullmatch(low):
            return self.resolve(phrase, span=span)
        domains = DOMAINS.findall(phrase)
        if domains:
            return Attribution(domains[-1], "publication", span)
        m = AFFILIATION_END.search(phrase)
        if m and any(looks_like_person(n) for n in NAMES.findall(m["head"])):
            phrase = m["head"]  # a person's affiliation follows the name; the person speaks
        m = SPOKESPERSON.match(phrase)
        if m:  # "a spokesperson for the airline" speaks for it
            found = self.subject(m["org"], span=span)
            return replace(found, kind="organisation") if found.kind == "person" else found
        m = REPORT_SUBJECT.fullmatch(phrase)
        if m and m["owner"]:  # "the trust's report found": the trust's finding
            found = self.back_reference("the " + m["owner"].lower(), span=span)
            if found.speaker and found.speaker.lower() != "the " + m["owner"].lower():
                return found
        elif m and not SPACE_CAPITAL.search(phrase):  # "a report to council found", nobody named
            return Attribution(ARTICLE_ANY_CASE.sub("", phrase), "organisation", span)
        elif m and m["prep"] in ("by", "from") and m["topic"][:1].isupper():
            return self.named(THE.sub("", m["topic"]), span=span)  # "a review by Morant & Co found"
        elif m and m["prep"]:
            # "a forensic audit of the Eastern Football Association found": the body is what was
            # audited; the audit (its author unnamed here) found it
            document = phrase[: m.start("prep")].rstrip()
            return Attribution(ARTICLE_ANY_CASE.sub("", document), "organisation", span)
        m = NATIONAL_GENERIC.fullmatch(phrase)
        if m:  # "Kenyan police said", "US officials said": the officials, described by their country
            return Attribution(THE.sub("", phrase), "organisation", span)
        m = OWNED_BODY.fullmatch(phrase)
        if m:  # "Kenya's health ministry said": the ministry speaks, not Kenya
            return self.back_reference("the " + m["body"], span=span)
        names = [n for n in LONG_NAME.findall(phrase) if self.plausible(n)]
        if names and phrase.startswith(names[0]) and self.common_word(names[0]):
            names = names[1:]  # "Tests last fall found …": capitalised only because it starts the sentence
        if not names and BODY_WORD.fullmatch(phrase):
            return Attribution(phrase, "organisation", span)
        if not names:
            m = GENERIC_SUBJECT.fullmatch(phrase)
            if m:
                return Attribution(m["who"].lower(), "organisation", span)  # "Police said", "election officials said"
            return Attribution(None, "outlet")
        name = names[-1]
        before = phrase[: phrase.rfind(name)].strip().lower()
        name = POSSESSIVE_END.sub("", name)  # "the Tenancies Board's latest index showed": the board's finding
        if THE_SPACE.match(name) or before.endswith("the"):
            # People take no article: "the Harbour Ledger reported" is an outlet or an organisation.
            bare = THE.sub("", name)
            holder = self.role_holder(bare) if ROLE_INITIALS.fullmatch(bare) else None
            if holder:
                return Attribution(holder, "person", span)  # "the DG": the office's holder
            if publication_word(bare) or bare in self.publications:
                return Attribution(bare, "publication", span)
            return Attribution(bare, "organisation", span)
        if PUBLICATION_NOUNS.search(before):
            return Attribution(name.removeprefix("the ").removeprefix("The "), "publication", span)
        if ORG_NOUNS.search(before):
            return Attribution(name.removeprefix("the ").removeprefix("The "), "organisation", span)
        if before.split()[-1:] and PERSON_NOUNS.search(before.split()[-1]):
            return self.named(name, span=span, prefer="person")
        return self.resolve(name, span=span)

    def note_subject(self, sentence: str) -> None:
        """Remember a person who is the subject of a sentence, as the antecedent of a later he/she."""
        m = SUBJECT_ROLE.match(sentence) if self.roles else None
        if m and m["role"].lower() in self.roles:
            self.recent_person = self.roles[m["role"].lower()]
            return
        for who, name, opens, organisation in subjects_in(sentence[:80]):
            if organisation:
                if opens and who not in self.organisations:
                    self.organisations.append(who)
                continue
            if len(name.split()) >= 2:
                self.recent_person = name
                return
            full = self.full_name(name)
            if full:
                self.recent_person = full
                return

    def common_word(self, word: str) -> bool:
        """Return True for a single known common word ("Tests", "City"), not a name."""
        if " " in word or word in self.organisations or word in self.publications or self.full_name(word):
            return False
        low = word.lower()
        words = common_words()
        return (
            word.isalpha()
            and not word.isupper()
            and (low in words or (low.endswith("s") and (low[:-1] in words or low[:-2] in words)))
        )

    @staticmethod
    def plausible(who: str) -> bool:
        if len(who.split()[0]) >= 2 and who.split()[0].isupper():
            return True  # an acronym: "WHO Director-General …", "NASA"
        first = who.split()[0].lower().rstrip(",")
        return (
            who[:1].isupper() and first not in NOT_NAMES or who.lower().split()[0] in {"the", "he", "she", "it", "they"}
        )

    def resolve(self, who: str, *, span: tuple[int, int]) -> Attribution:
        """Return the attribution for a subject: a name, a pronoun or a back-reference."""
        low = who.lower()
        if low in ("he", "she"):
            # the last person named, unless the text showed that person to be of the other gender
            # and someone who spoke before is known to agree: "she" is not the wrong woman's man
            want = 1 if low == "she" else -1
            if self.recent_person and self.gender.get(self.recent_person, 0.0) * want < 0:
                agreeing = next((p for p in reversed(self.persons) if self.gender.get(p, 0.0) * want > 0), None)
                if agreeing:
                    return Attribution(agreeing, "person", span)
            if self.recent_person:
                return Attribution(self.recent_person, "person", span)
            return Attribution(None, "outlet")
        if low in ("it", "they"):
            last = self.last_of("organisation", "publication")
            return replace(last, frame=span) if last else Attribution(None, "outlet")
        if low.startswith("the ") and not who[4:5].isupper():
            return self.back_reference(low, span=span)
        if low.startswith("the "):
            who = who[4:]
        if not self.plausible(who):
            return Attribution(None, "outlet")
        return self.named(who, span=span)

    def back_reference(self, phrase: str, *, span: tuple[int, int]) -> Attribution:
        owner = OWNED.match(phrase)
        if owner and REPORT_NOUN.fullmatch(phrase.split()[-1]):
            # "the trust's report", "the ministry's statement": a document speaks for its owner (an
            # office or department of a body, "the city's finance department", speaks for itself)
            found = self.back_reference("the " + owner["owner"], span=span)
            if found.speaker and found.speaker.lower() != "the " + owner["owner"]:
                return found
            # an owner met nowhere before: the document itself ("the agency's customer service logs")
            return Attribution(descriptive(phrase), "organisation", span)
        noun = phrase.split()[-1]
        if PUBLICATION_NOUN.fullmatch(noun) or phrase.endswith("wire service"):
            if self.publications:
                return Attribution(self.publications[-1], "publication", span)
            return Attribution(phrase, "publication", span)
        if ORGANISATION_NOUN.fullmatch(noun):
            stem = noun.rstrip("s")[:6]
            for name in reversed(self.organisations):
                # "the ministry" -> "Ministry of Health", but "the city" is not "city's works department"
                if re.search(rf"\b{re.escape(stem)}\w*\b(?!['’]s)", name.lower()):
                    return Attribution(name, "organisation", span)
            return Attribution(descriptive(phrase), "organisation", span)
        last = self.last_of("organisation", "publication")  # "the report said"
        if last and last.speaker and DOCUMENT_WORD.search(last.speaker.lower()):
            # "a forensic audit … found" then "the report said": the same document, as this sentence names it
            return Attribution(phrase, "organisation", span)
        return replace(last, frame=span) if last else Attribution(phrase, "organisation", span)

    def according(self, rest: str, *, span: tuple[int, int]) -> Attribution:
        """Return the source named after 'according to': the last name or domain in the phrase."""
        rest = ACCORDING_CUT.split(rest)[0]
        domains = DOMAINS.findall(rest)
        if domains:
            return Attribution(domains[-1], "publication", span)
        names = [
            TRAILING_DAY.sub("", n)  # "the Kenya National Bureau of Statistics on Monday"
            for n in NAMES.findall(rest)
            if n.split()[0].lower() not in NOT_NAMES and not LANGUAGE_OR_PEOPLE.fullmatch(n)
        ]
        if names:
            return self.named(names[-1], span=span)
        m = THE_REF.search(rest)
        if m:
            return self.back_reference("the " + m[1].lower(), span=span)
        m = SOURCE_GENERIC.match(rest.strip())
        if m:
            return Attribution(m["who"].lower(), "organisation", span)
        return Attribution(None, "outlet")

    def named(self, who: str, *, span: tuple[int, int], prefer: str | None = None) -> Attribution:
        """Return the attribution for a named speaker, classifying it and expanding surnames."""
        who, publication, name, titled, organisation, honorific = name_facts(who)
        if NUMBERED.fullmatch(who) or any(map(str.isdigit, who)) or COUNTED.fullmatch(who):
            # exact rules: "Regions III, VI and XI" are numbered, not named; "KSh4" (of "said KSh4.5
            # million was spent") and "Sixty-one" (deaths have been confirmed by …) are amounts
            return Attribution(None, "outlet")
        if publication or who in self.publications:
            return Attribution(who, "publication", span)
        if ROLE_INITIALS.fullmatch(who) and who not in self.organisations:
            holder = self.role_holder(who)
            if holder:
                return Attribution(holder, "person", span)  # "the DC" after "Deputy Commissioner Ahmed Raza"
        if not titled and (who in self.organisations or (organisation and prefer != "person")):
            return Attribution(who, "organisation", span)
        if len(name.split()) == 1:
            full = self.full_name(name)
            if full:
                return Attribution(full, "person", span)
            if prefer != "person" and not honorific:
                return Attribution(name, "organisation", span)
        return Attribution(name, "person", span)

    def full_name(self, surname: str) -> str | None:
        """Return the full name of a person met before whose last name is surname."""
        spaced = " " + surname
        for person in reversed(self.persons):
            if name_ends(person)[1] == surname or person.endswith(spaced):
                return person
        for person in reversed(self.persons):
            if name_ends(person)[0] == surname:
                return person  # "Tedros" for "Tedros Adhanom Ghebreyesus"
        return self.surnames.get(surname) or self.given.get(surname)

    def remember(self, found: Attribution) -> None:
        self.last = found
        if found.kind == "person":
            self.recent_person = found.speaker
        store = {"person": self.persons, "organisation": self.organisations, "publication": self.publications}
        bucket = store.get(found.kind)
        if bucket is not None and found.speaker:
            if found.speaker in bucket:
                bucket.remove(found.speaker)
            bucket.append(found.speaker)

    def last_of(self, *kinds: str) -> Attribution | None:
        """Return the most recent speaker of one of kinds."""
        if self.last and self.last.kind in kinds:
            return self.last
        for kind in kinds:
            bucket = {"organisation": self.organisations, "publication": self.publications}[kind]
            if bucket:
                return Attribution(bucket[-1], kind)
        return None


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Return the lower-case words of the check-worthiness vocabulary (names were kept out of it)."""
    from .checkworthiness import vocabulary

    return frozenset(g for g in vocabulary() if " " not in g and g.isalpha())


# The analyses below depend on their text alone. They are cached while an article is read (a
# name recurs, and both attribution passes read every sentence) and emptied before the next
# article by ``forget()``.
CACHE_SIZE = 4096
SUBJECT_HEAD = re.compile(rf"(?P<who>{NAME}),?\s+(?:[a-z]+)\b")  # "Coun. Ana Roy, one of …, voted"
# "The Finance Minister has started his speech": an office opening a sentence, its holder the subject
SUBJECT_ROLE = re.compile(r"\W*[Tt]he\s+(?P<role>[A-Za-z-]+(?:\s+[A-Za-z-]+){0,2}?)\s+[a-z]")
JOINED = re.compile(rf"\s{JOIN}\s")
NUMBERED = re.compile(r"(?:[IVXL]{1,5}(?:-[A-Z])?(?:,?\s+(?:and|or|to)\s+|,\s*|$))+")
# A count written out: "Sixty-one", "Two hundred and forty", "Fifteen" (the number words the facts
# parser reads, and the teens and "dozen" it does not).
TEENS = "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
COUNTED = re.compile(rf"(?:(?:{'|'.join([*NUMBER_WORDS, *TEENS, 'dozen', 'and'])})(?:[\s-]+|$))+", re.I)
# One capitalised common noun that stands for a body in audit and council house styles.
BODY_WORD = re.compile(r"Management|Council|Government|Cabinet|Parliament|Treasury|Congress|Senate|Council staff")
DOCUMENT_WORD = re.compile(r"\b(?:report|study|survey|audit|review|analysis|assessment|evaluation|bulletin|logs)$")
NAME_AT_END = re.compile(rf"(?:{NAME})?$")
ROLE_INITIALS = re.compile(r"[A-Z]{2,4}")
# An office named before its holder's apposition: "The Director-General of the agency, Engr. Musa Dankano,"
APPOSED_OFFICE = re.compile(
    r"\b[Tt]he\s+(?P<role>(?i:director-general|secretary-general|deputy commissioner|district commissioner|"
    r"chief executive|managing director|executive director|permanent secretary|director general|"
    r"inspector-general|inspector general|chief medical officer|general manager))"
    rf"(?:\s+(?:of|at|for)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){{0,4}}?)?,\s+(?P<name>{NAME})\s*,"
)
OWNED = re.compile(r"the\s+(?P<owner>[\w-]+(?:\s+[\w-]+){0,3}?)['’]s?\s+\S")
# A sentence handing over to a statement or a post quoted after it: "The ministry issued a statement on
# Wednesday.", "Mayor Dana Ilves took to Instagram on Monday.", "The sheriff's office posted on Facebook:"
PLATFORMS = r"X|Twitter|Facebook|Instagram|Threads|Bluesky|LinkedIn|Telegram|TikTok|Mastodon|WhatsApp|social media"
INTRODUCES = re.compile(
    r"\s+" + AUX + r"(?:(?:issued|released|put out|published|sent|circulated|shared|posted|read out)\s+"
    r"(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|release|advisory|notice|message|post|tweet|update|bulletin|letter|memo|circular|communiqu[eé])s?"
    rf"|(?:posted|wrote|tweeted|said)\s+(?:on|in)\s+(?:{PLATFORMS}|an?\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:statement|post|tweet|message|letter))"
    rf"|took\s+to\s+(?:{PLATFORMS}))\b"
)
TRAILING_DAY = re.compile(
    r"\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\.?$"
)
NATIONAL_GENERIC = re.compile(
    rf"(?:[Tt]he\s+)?(?:[A-Z][a-z]+(?:an|ese|ish|i)|US|UK|EU|UN)\s+(?:[a-z][\w-]+\s+){{0,2}}{GENERIC_NOUNS}"
)
# a subject's name, titles and all: "Deputy Commissioner Kot Sardar Syed Ahsan Raza Bukhari" is nine words
LONG_NAME = re.compile(rf"(?:[Tt]he\s+)?{CAP}(?:\s+(?:{JOIN}\s+)?{CAP}){{0,9}}")
# An apposition that describes no one: "The minister, in a statement, said", "X, however, said"
ADVERBIAL = re.compile(
    r"(?:in|on|at|during|after|before|while|when|speaking|addressing|responding|reacting|writing|however|"
    r"though|meanwhile|also|too|for (?:his|her|their|its) part|in turn|separately|earlier|later)\b"
)
OFFICE_HELD = re.compile(r"[Tt]he\s+(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})")  # "the governor"
# A capitalised office: "County Executive Committee Member for Livestock", "Customs Area Controller"
OFFICE_WORD = re.compile(
    r"\b(?:Member|Controller|Comptroller|Commissioner|Officer|Director|Chair(?:man|woman|person)?|Secretary|"
    r"Minister|Commander|Manager|Head|Chief|Co-?ordinator|President|Governor|Administrator|Superintendent|"
    r"Inspector|Registrar|Principal|Dean|Mayor|Leader|Executive|Spokes(?:person|man|woman)|Auditor|Ombudsman|"
    r"Treasurer|Deputy|Adviser|Advisor|Lead)\b"
)
# A place or body owning a body written in lower case: "Kenya's health ministry", "Nigeria's central bank"
OWNED_BODY = re.compile(
    rf"(?:[Tt]he\s+)?{CAP}(?:\s+{CAP}){{0,3}}['’]s?\s+(?P<body>(?:[a-z][\w-]*\s+){{0,3}}"
    rf"(?:{REF_NOUNS['organisation']}))"
)
HONORIFIC_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s")
THE = re.compile(r"^[Tt]he\s+")
DOMAIN_FULL = re.compile(DOMAIN)


@lru_cache(maxsize=CACHE_SIZE)
def organisation_word(name: str) -> bool:
    """Return True when name holds a word of organisations ("Ministry", "Council") or is an acronym."""
    return ORG_WORDS.search(name) is not None


@lru_cache(maxsize=CACHE_SIZE)
def publication_word(name: str) -> bool:
    """Return True when name holds a word of publications ("Times", "Herald")."""
    return PUBLICATION_WORDS.search(name) is not None


@lru_cache(maxsize=CACHE_SIZE)
def personish(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, words) for each run of two or more capitalised words in text."""
    return tuple((m.start(), m.end(), m[0]) for m in PERSONISH.finditer(text))


@lru_cache(maxsize=CACHE_SIZE)
def apposed_offices(text: str) -> tuple[tuple[str, str], ...]:
    """Return (office, holder) for each office named with its holder in apposition in text
    ("the director-general, Dr Ann Roy,"): the office in lower case, the holder without titles."""
    out = []
    for m in APPOSED_OFFICE.finditer(text):
        holder = strip_titles(m["name"])
        if len(holder.split()) >= 2:
            out.append((m["role"].lower(), holder))
    return tuple(out)


@lru_cache(maxsize=CACHE_SIZE)
def full_names_in(text: str) -> tuple[tuple[str, str], ...]:
    """Return (as written, without titles) for each full name of a person in text."""
    out = []
    for _, _, written in personish(text):
        name = strip_titles(written).rstrip(".")  # "… the energy minister, Rob Kerr.": the full stop ends the sentence
        words = name.split()
        if len(words) >= 2 and words[0].lower() not in NOT_NAMES and not organisation_word(name):
            if not publication_word(name):
                out.append((written, name))
    return tuple(out)


@lru_cache(maxsize=CACHE_SIZE)
def genders_in(text: str) -> tuple[tuple[str, float], ...]:
    """Return (full name, +1 female / -1 male) for each person of text whose gender a word next to
    the name shows ("Ms Hartigan", "the spokeswoman, Jane Roe"), and for a sentence naming one
    person only, what its later pronouns show ("Jane Roe said she …")."""
    out, names = [], []
    for start, end, written in personish(text):
        name = strip_titles(written)
        if len(name.split()) < 2 or organisation_word(name) or publication_word(name):
            continue
        names.append((end, name))
        near = text[max(0, start - 25) : start] + " " + written + " " + text[end : end + 25]
        female, male = FEMALE.search(near) is not None, MALE.search(near) is not None
        if female != male:
            out.append((name, 1.0 if female else -1.0))
    if len({n for _, n in names}) == 1:
        rest = text[names[-1][0] :]
        she, he = len(SHE.findall(rest)), len(HE.findall(rest))
        if she != he:
            out.append((names[0][1], 0.5 if she > he else -0.5))
    return tuple(out)


@lru_cache(maxsize=CACHE_SIZE)
def subjects_in(head: str) -> tuple[tuple[str, str, bool, bool], ...]:
    """Return (who, name without titles, opens the text, names an organisation) for each name
    followed by a lower-case word in head: the candidate subjects ``note_subject`` reads."""
    out = []
    for m in SUBJECT_HEAD.finditer(head):
        who = THE.sub("", m["who"])
        if not Attributor.plausible(who) or publication_word(who) or JOINED.search(who):
            continue
        name = strip_titles(who)
        out.append((who, name, m.start() == 0, organisation_word(name)))
    return tuple(out)


@lru_cache(maxsize=CACHE_SIZE)
def name_facts(who: str) -> tuple[str, bool, str, bool, bool, bool]:
    """Return what ``Attributor.named`` reads of a name: the name trimmed, whether it is a domain or
    publication, the name without titles, whether titles stood before a person's name, whether it
    holds an organisation word, and whether an honorific does."""
    who = who.strip(" ,.’'").removesuffix("’s").removesuffix("'s")
    publication = DOMAIN_FULL.fullmatch(who) is not None or publication_word(who)
    name = strip_titles(who)
    titled = name != who and len(name.split()) >= 2 and not organisation_word(name)
    return who, publication, name, titled, organisation_word(who), HONORIFIC_NAME.search(who) is not None


@lru_cache(maxsize=CACHE_SIZE)
def name_ends(person: str) -> tuple[str, str]:
    """Return the first and last words of a name."""
    words = person.split()
    return words[0], words[-1]


@lru_cache(maxsize=CACHE_SIZE)
def looks_like_person(name: str) -> bool:
    """Return True for two or more capitalised words that name no organisation or outlet."""
    name = strip_titles(THE.sub("", name))
    return len(name.split()) >= 2 and not organisation_word(name) and not publication_word(name)


def forget() -> None:
    """Empty the per-article caches of the text analyses above (call before each article)."""
    for cached in (
        organisation_word,
        publication_word,
        personish,
        apposed_offices,
        full_names_in,
        genders_in,
        subjects_in,
        name_facts,
        name_ends,
        looks_like_person,
    ):
        cached.cache_clear()
    strip_titles.cache_clear()


def descriptive(phrase: str) -> str:
    """Return "regional health authority" for "the regional health authority"; keep "the police"."""
    words = phrase.split()
    return " ".join(words[1:]) if len(words) > 2 and words[0].lower() == "the" else phrase


@lru_cache(maxsize=CACHE_SIZE)
def strip_titles(name: str) -> str:
    """Return a person's name without the titles and roles before it.

    "Mexican President Andres Manuel Lopez Obrador" -> "Andres Manuel Lopez Obrador",
    "Fire Chief Maria Lund" -> "Maria Lund", "Dr. Miriam Osei" -> "Miriam Osei".
    """
    words = name.split()
    last_title = max((i for i, w in enumerate(words[:-1]) if w.lower() in TITLES), default=-1)
    if last_title >= 0:
        words = words[last_title + 1 :]
    return " ".join(words)
