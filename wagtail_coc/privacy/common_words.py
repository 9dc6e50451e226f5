"""What a name part is, as a word: how ordinary it is, and what role it plays in a name.

A protected name is searched in full, and some of its parts on their own (a surname, one half
of a double-barrelled surname). A part that is also an ordinary word ("codes" from the handle
``@jk_codes``, "said", "an", "hill") would flag ordinary prose, and false positives teach
reviewers to dismiss findings without reading them. :func:`word_tier` ranks a folded name part
by how much evidence a match of it alone needs before it is reported (see ``names.Gate``).

The English lists come from SCOWL (``english_words``). To regenerate them, install Debian's
``scowl`` package and, for each list, collect the lower-case alphabetic entries of
``/usr/share/dict/scowl/<spelling>-words.<size>`` (or ``-upper``) for the spellings and sizes
named in that module's docstring.
"""

from functools import lru_cache

from .english_words import CAPITALISED, FREQUENT, KNOWN

# English words that are also given names or surnames. A name part on this list is too
# ordinary to flag on its own without context ("will" for Will Turner, "may", "king"); it is
# still flagged as part of the full name. Entries are folded (lower case ASCII).
COMMON_WORDS = frozenset(
    """
    amber angel april art august autumn baker bell berry bill black bliss bloom bond
    born bright brook brown buck bush butler cash chance chase cherry christian clay
    close cook cross crystal dale dash dawn day dean dear deck don dove drew duke
    early earl east easter eve fair faith fay field fields fine fisher ford forest fox
    frank free friend frost gay gene glen gold golden good grace grant gray green grey
    guy hall hand happy hardy hart hazel heath hill holly honey hope hunt hunter iris ivy
    jack jade jay jewel job joy june just kind king lake lamb lane law lee little
    long love lucky major march mark marsh may mason meadow mercy miles mill miller moon
    more morning music new nick noble north page park parks pat patience
    peach pearl penny person pike pool pope porter post price pride prince rain ray read
    reed rich ring river rob robin rock rose ruby rush sage salt sandy savage sea
    short silver sky small snow son song spring stark start steel sterling stone
    storm story strong summer sun sunny swift terry thorn tiny true
    violet wade walker wall ward warren waters way west white will win winter wise
    wolf wood woods wren young
    """.split()
)

# Words of codes of conduct, transparency reports and the events they cover, which such texts
# write with a capital as a matter of course ("the Code", "the Committee", "PyCon"). A name
# part on this list is flagged alone only after a title ("Ms Code" is a person; "the Code" is
# the document).
EVENT_WORDS = frozenset(
    """
    accessibility agenda anonymised anonymized attendee attendees badge badges board
    chair chairs code codes committee committees community conduct conference conferences
    coordinator coordinators diversity email emails enforcement event events expo
    foundation guideline guidelines hackathon harassment helpdesk hotline inclusion
    incident incidents keynote keynotes lanyard lanyards livestream meetup meetups mentor
    mentors moderator moderators online organiser organisers organising organizer
    organizers organizing panel panellist panellists panelist panelists policy policies
    pronoun pronouns registration report reporter reporters reports respondent
    respondents response safety schedule session sessions society speaker speakers
    sponsor sponsors sprint sprints staff steward stewards summit team teams ticket
    tickets track tracks transparency tutorial tutorials venue venues volunteer
    volunteers website wellbeing workshop workshops
    android apple chrome discord django djangocon docker europython facebook firefox
    git github gitlab google instagram javascript jupyter kubernetes linkedin linux
    mastodon matrix meta microsoft numpy pandas pycon pyladies pypi python react
    signal slack telegram twitter wagtail whatsapp windows youtube zoom
    """.split()
)

# Abbreviations written with a capital in dates, times and addresses ("Jun 3", "Wed 14:00",
# "10:00 CET"), flagged alone only after a title like the words above.
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun aest bst cest cet edt est gmt ist jst pdt pst utc ave blvd corp dept inc ltd llc rd
    """.split()
)

# Abbreviated units and Latin shorthand, written in lower case in running text ("10 min").
UNITS = frozenset("approx etc hr hrs kg km max min mins sec secs vs".split())

# Small words that join the parts of a surname: "da Silva", "van der Berg", "bin Salman".
PARTICLES = frozenset(
    """
    a al ap bat ben bin bint binti d da dal das de dei del della delle der des di do dos du
    e el ibn l la las le lo los san santa st ste te ten ter van vande vander vom von y zu
    """.split()
)

# Courtesy and academic titles; a surname after one of them is a person ("Ms Hill").
TITLES = frozenset(
    """
    mr mrs ms mx miss dr prof professor doctor sir dame madam mme mlle sr sra srta dra herr frau
    """.split()
)

# Generational and academic suffixes that may end a registered name.
SUFFIXES = frozenset("jr jnr sr snr ii iii iv phd md".split())

# Given names common enough that, as the middle part of a longer name ("Ana María García",
# "Sarah Jane Smith"), they are taken as a second given name rather than a first surname, and
# so are not flagged alone.
GIVEN_NAMES = frozenset(
    """
    abdul abdel abu adam ahmed ahmad alan albert alberto alejandro alex alexander alexandra
    alfonso ali alice alicia amanda amelia amy ana andre andrea andres andrew angela angelica
    anh ann anna anne annie antonia antonio arturo barbara beatriz ben benjamin bernard beth
    camila carla carlos carmen carol caroline catherine cecilia charles charlotte chloe chris
    christina christine christopher clara claire claudia cristina daniel daniela david diana
    diego dolores dong duc edward elena eleanor elisa elizabeth ella ellen emily emma eric
    esther eva fatima felipe fernanda fernando francesca francis francisco gabriel gabriela
    george gloria guadalupe guillermo hannah helen helena henry hoang hong hugo huu ignacio
    ines irene isabel isabella jacob james jane janet javier jean jennifer jessica jesus joan
    joao joaquin john jorge jose josefa joseph juan juana judith julia julian juliana julie
    karen kate katherine laura lauren leon leticia lily linda lisa louis louise lucas lucia
    luis luisa luiz lynn manuel manuela marc marco marcos margaret maria mariana marie marina
    mario marta martha martin mary matthew michael michelle miguel minh mohamed mohammad
    mohammed muhammad nancy natalia ngoc nicolas nina nuno olivia omar oscar pablo patricia
    paul paula paulo pedro peter philip pierre pilar quang quoc rafael raquel rebecca ricardo
    richard rita robert roberto rosa rosario ruth samuel sandra sara sarah sebastian sofia
    sophia sophie stephen susan teresa thanh thi thomas valentina van vanessa victor victoria
    vincent william xuan yolanda
    """.split()
)

# Family names that East Asian naming conventions write first ("Wang Fang", "Nguyễn Văn An").
# Names that are also common given names elsewhere (Kim, Lee, Mai, An) are left out: a first
# part is only taken as a surname when it can hardly be anything else.
EAST_ASIAN_SURNAMES = frozenset(
    """
    bae baek bai bui cai cao chae chan chen cheng cheung choi chow chu cui dang dao deng
    ding dinh do dong du duan duong fan feng fu gao gong guo hao heo hoang hong hou hu huang
    huynh hwang jang jeon jeong jiang jung kang kong kwak kwon kwok lai lau le leung li liang lim
    liu lo lu luo luong ly mak meng ng ngo nguyen noh oh ou pan park peng pham phan qian qiu
    ryu seo shao shen shin sun tang tian tran trinh truong tsang wang wei wong wu xiao xie
    xiong xu xue yan yang yao ye yip yoo yoon yuan yun zeng zhang zhao zheng zhong zhou zhu
    """.split()
)

# How much evidence a name part needs before a match of it alone is reported.
STRONG = 0  # not an English word: flagged wherever it stands
SHORT = 1  # one or two letters: flagged when written with a capital
KNOWN_WORD = 2  # a less common English word ("turner"): flagged when written with a capital
FREQUENT_WORD = 3  # a common English word ("hill", "said"): needs a capital in mid-sentence
TITLE_ONLY = 4  # a word always written with a capital ("Monday", "Code"): needs a title


@lru_cache(maxsize=65536)
def word_tier(part: str) -> int:
    """How ordinary the folded name part ``part`` is as a word, from STRONG to TITLE_ONLY."""
    word = part.replace("'", "")
    if word in EVENT_WORDS or word in CAPITALISED or word in ABBREVIATIONS:
        return TITLE_ONLY
    if word in FREQUENT or word in COMMON_WORDS or word in UNITS:
        return FREQUENT_WORD
    if word in KNOWN or word in PARTICLES:
        # A surname that is a particle elsewhere ("Das", "Del") needs a capital: "Praça das".
        return KNOWN_WORD
    if sum(char.isalnum() for char in word) <= 2:
        return SHORT
    return STRONG


def is_common_word(part: str) -> bool:
    """True when the folded ``part`` is an English word (so a name part needing context)."""
    return word_tier(part) >= KNOWN_WORD
