"""The fictional Exempelby kommun: its tree, its staff and the texts of its sample cases (all made up).

Names are common Swedish first and last names put together at random; any likeness to a real person is chance.
E-mail addresses are at example.se, which is reserved and never delivers anywhere.
"""

from dataclasses import dataclass, field

ORGANISATION = {
    "name": "Exempelby kommun",
    "slug": "exempelby",
    "reference_prefix": "SN",
    "root_name": "Socialnämnden",
    "county": "Västerbottens län",
    "phone": "0123-45 67 00",
    "email": "socialtjansten@example.se",
    "postal_address": "Socialtjänsten\nStorgatan 1\n123 45 Exempelby",
    "freepost_address": "Exempelby kommun\nSocialtjänsten\nSvarspost 20123456\n123 00 Exempelby",
    "languages": "sv,en",
}


@dataclass
class Unit:
    name: str
    kind: str  # the kind of service, for choosing texts
    contact_staff: list[str]
    manager: str


@dataclass
class Area:
    name: str
    deputy_head: str
    units: list[Unit] = field(default_factory=list)


# Usernames are "first.last"; the people are defined in PEOPLE below.
AREAS = [
    Area(
        "Äldreomsorg",
        deputy_head="maria.lindqvist",
        units=[
            Unit("Solgårdens äldreboende", "care_home", ["anna.karlsson", "fatima.hassan"], "lena.berg"),
            Unit("Björkhagens vård- och omsorgsboende", "care_home", ["erik.nilsson"], "per.sandberg"),
            Unit("Hemtjänst Centrum", "home_care", ["sara.johansson"], "karin.holm"),
            Unit("Hemtjänst Norr", "home_care", ["mohammed.ali", "linnea.ek"], "karin.holm"),
            Unit("Hemtjänst Söder", "home_care", ["jonas.wikstrom"], "eva.lund"),
            Unit("Träffpunkten dagverksamhet", "day_centre", ["ingrid.strom"], "eva.lund"),
        ],
    ),
    Area(
        "Funktionsstöd (LSS)",
        deputy_head="anders.nyberg",
        units=[
            Unit("Gruppbostad Linden", "group_home", ["emma.persson"], "johan.forsberg"),
            Unit("Gruppbostad Tallen", "group_home", ["ali.rezaei"], "johan.forsberg"),
            Unit("Daglig verksamhet Verkstan", "daily_activity", ["sofia.lundgren"], "helena.dahl"),
            Unit(
                "Personlig assistans",
                "personal_assistance",
                ["david.eriksson", "nora.sjoberg"],
                "helena.dahl",
            ),
            Unit("Korttidsboende Lärkan", "short_stay", ["elin.bjork"], "magnus.hedlund"),
        ],
    ),
    Area(
        "Individ- och familjeomsorg",
        deputy_head="cecilia.westin",
        units=[
            Unit("Försörjningsstöd", "income_support", ["hanna.olsson"], "tomas.engstrom"),
            Unit("Barn och unga", "children", ["amir.karimi"], "lisa.norberg"),
            Unit("Vuxenenheten, missbruk och beroende", "addiction", ["oskar.lindberg"], "lisa.norberg"),
            Unit("Familjecentralen", "family", ["maja.hellstrom"], "tomas.engstrom"),
        ],
    ),
]


# One absence, to show the feature: Anna at Solgården is away (she receives its new cases first) and Fatima, of
# the same unit, stands in; set by their unit manager, a few days before the demo's "now".
@dataclass(frozen=True)
class AbsenceSpec:
    person: str
    deputy: str
    set_by: str
    began_days_ago: int
    days: int


ABSENCE = AbsenceSpec(
    person="anna.karlsson", deputy="fatima.hassan", set_by="lena.berg", began_days_ago=4, days=14
)

HEAD_OF_OPERATIONS = "birgitta.sundberg"
REGISTRAR = "gunilla.axelsson"
ARCHIVIST = REGISTRAR  # the registrar also keeps the archive: approves retention runs (retention/)
QUALITY_DEVELOPER = "jakob.nordin"
LEX_SARAH = "ulrika.falk"  # responsible for Lex Sarah for the whole committee (lexsarah/)
ADMINISTRATOR = "admin.exempelby"

# username -> (first name, last name)
PEOPLE = {
    "anna.karlsson": ("Anna", "Karlsson"),
    "fatima.hassan": ("Fatima", "Hassan"),
    "lena.berg": ("Lena", "Berg"),
    "erik.nilsson": ("Erik", "Nilsson"),
    "per.sandberg": ("Per", "Sandberg"),
    "sara.johansson": ("Sara", "Johansson"),
    "karin.holm": ("Karin", "Holm"),
    "mohammed.ali": ("Mohammed", "Ali"),
    "linnea.ek": ("Linnea", "Ek"),
    "jonas.wikstrom": ("Jonas", "Wikström"),
    "eva.lund": ("Eva", "Lund"),
    "ingrid.strom": ("Ingrid", "Ström"),
    "maria.lindqvist": ("Maria", "Lindqvist"),
    "emma.persson": ("Emma", "Persson"),
    "ali.rezaei": ("Ali", "Rezaei"),
    "johan.forsberg": ("Johan", "Forsberg"),
    "sofia.lundgren": ("Sofia", "Lundgren"),
    "david.eriksson": ("David", "Eriksson"),
    "nora.sjoberg": ("Nora", "Sjöberg"),
    "helena.dahl": ("Helena", "Dahl"),
    "elin.bjork": ("Elin", "Björk"),
    "magnus.hedlund": ("Magnus", "Hedlund"),
    "anders.nyberg": ("Anders", "Nyberg"),
    "hanna.olsson": ("Hanna", "Olsson"),
    "tomas.engstrom": ("Tomas", "Engström"),
    "amir.karimi": ("Amir", "Karimi"),
    "oskar.lindberg": ("Oskar", "Lindberg"),
    "lisa.norberg": ("Lisa", "Norberg"),
    "maja.hellstrom": ("Maja", "Hellström"),
    "cecilia.westin": ("Cecilia", "Westin"),
    "birgitta.sundberg": ("Birgitta", "Sundberg"),
    "gunilla.axelsson": ("Gunilla", "Axelsson"),
    "jakob.nordin": ("Jakob", "Nordin"),
    "ulrika.falk": ("Ulrika", "Falk"),
    "admin.exempelby": ("Alex", "Andersson"),
}

# Made-up senders for identified cases (names only; addresses at example.se; phone numbers from the range
# that Post- och telestyrelsen keeps for fiction, 070-1740605 to 070-1740699).
SENDER_FIRST = [
    "Agneta",
    "Bengt",
    "Britt",
    "Göran",
    "Kerstin",
    "Lars",
    "Margareta",
    "Mats",
    "Monica",
    "Stefan",
    "Ulla",
    "Yusuf",
    "Leila",
    "Jenny",
    "Mikael",
    "Camilla",
    "Roger",
    "Åsa",
    "Kent",
    "Marie",
]
SENDER_LAST = [
    "Andersson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Larsson",
    "Öberg",
    "Mattsson",
    "Fransson",
    "Abdi",
    "Nguyen",
    "Lundberg",
    "Sundström",
    "Isaksson",
]
STREETS = ["Skolgatan", "Björkvägen", "Kyrkogatan", "Ringvägen", "Tallstigen", "Älvgatan", "Norra vägen"]


@dataclass
class Text:
    what_happened: str
    desired_outcome: str = ""
    about_person: str = ""
    serious: bool = False  # may reveal a serious deficiency: staff flag it for a Lex Sarah assessment


# Complaints, by kind of service. Written as people write: first person, concrete, sometimes upset.
COMPLAINTS: dict[str, list[Text]] = {
    "care_home": [
        Text(
            "Min mamma bor på avdelning 2. När jag kom på besök i söndags hade hon inte fått hjälp att byta om "
            "sedan dagen innan, och hennes glasögon hade varit borta i tre dagar utan att någon letat.",
            "Jag vill att personalen ser till att mamma får hjälp med kläder och hygien varje dag, och att "
            "någon tar ansvar för hennes hjälpmedel.",
        ),
        Text(
            "Min pappa har fått sina mediciner för sent flera kvällar i rad. Personalen säger att de är för få "
            "på kvällspasset.",
            "Att medicinerna ges i rätt tid och att ni ser över bemanningen på kvällarna.",
        ),
        Text(
            "Maten serveras ofta kall och min man som har svårt att äta själv får ingen hjälp. Han har gått ner "
            "fem kilo sedan i somras.",
            "Jag vill att någon hjälper honom vid måltiderna och att hans vikt följs upp.",
        ),
        Text(
            "Min moster har ringt på larmet och fått vänta över en halvtimme innan någon kom. Hon var rädd och "
            "hade ramlat på väg till toaletten.",
            "Kortare väntetider på larmet och ett möte med enhetschefen.",
            serious=True,
        ),
        Text(
            "Det har varit väldigt många nya vikarier i sommar. Mamma känner inte igen någon och blir orolig. "
            "Ingen har pratat med oss anhöriga om hur det ska bli.",
            "Bättre kontinuitet och att vi anhöriga får information.",
        ),
        Text(
            "Jag bor själv på boendet. Jag får bara gå ut en gång i veckan fast det står i min plan att jag "
            "ska få promenera varje dag.",
            "Att jag får mina promenader som det är bestämt.",
        ),
    ],
    "home_care": [
        Text(
            "Hemtjänsten kommer på helt olika tider. I förra veckan kom ingen alls på tisdagsmorgonen och min "
            "mamma satt utan frukost till lunch.",
            "Jag vill veta varför ingen kom och att det inte händer igen.",
        ),
        Text(
            "Det kommer olika personal nästan varje dag, ibland fem olika personer samma dag. Min far som har "
            "demens blir förvirrad och släpper inte in dem.",
            "Färre personer som kommer hem till honom.",
        ),
        Text(
            "Personalen har bråttom och hinner inte med duschen som jag har beviljats. De säger att det får "
            "vänta till nästa vecka.",
            "Att jag får den hjälp jag har beslut om.",
        ),
        Text(
            "En i personalen var otrevlig mot min mamma och höjde rösten när hon inte förstod. Mamma är nu "
            "rädd inför besöken.",
            "Att ni pratar med personen och att mamma får ett bättre bemötande.",
            "Personal i hemtjänsten, kvällspasset",
        ),
        Text(
            "Nyckeln till min lägenhet har hanterats slarvigt, den låg kvar i dörren efter ett besök.",
            "Att ni ser över rutinerna för nycklar.",
        ),
        Text(
            "Inköpen blir fel varje vecka. Jag får inte de varor jag skrivit på listan och kvittot stämmer "
            "inte med växeln.",
            "Rätt varor och en genomgång av kvittona.",
        ),
    ],
    "day_centre": [
        Text(
            "Min man har inte fått plats på dagverksamheten fast han har beslut sedan två månader. Ingen hör av "
            "sig.",
            "Att han får börja och att någon ringer mig.",
        ),
        Text(
            "Färdtjänsten till Träffpunkten kommer för sent så att mamma missar lunchen.",
            "Att ni samordnar tiderna bättre.",
        ),
    ],
    "group_home": [
        Text(
            "Min son bor på gruppbostaden. Han har inte fått komma ut på några aktiviteter på flera veckor "
            "eftersom det inte finns personal med körkort.",
            "Att han får sina aktiviteter enligt genomförandeplanen.",
        ),
        Text(
            "Personalen pratar över huvudet på min dotter och bestämmer saker åt henne utan att fråga. Hon har "
            "rätt att vara med och bestämma.",
            "Att personalen får utbildning i delaktighet och att hennes önskemål följs.",
        ),
        Text(
            "Det har försvunnit pengar från min brors plånbok. Ingen kan förklara vart de tagit vägen.",
            "Att ni utreder saken och ser över hur hans pengar hanteras.",
            serious=True,
        ),
        Text(
            "Jag är god man. Jag får inte de kvitton och redovisningar jag behöver för min redovisning till "
            "överförmyndaren.",
            "Redovisning varje månad.",
        ),
    ],
    "daily_activity": [
        Text(
            "Det finns inget att göra på Verkstan för min son på eftermiddagarna. Han sitter och väntar på "
            "taxin i två timmar.",
            "Meningsfulla uppgifter hela dagen.",
        ),
        Text(
            "Jag har bett om att få byta arbetsuppgifter i ett halvår men ingen lyssnar.",
            "Ett samtal om mina uppgifter.",
        ),
    ],
    "personal_assistance": [
        Text(
            "Mina assistenter byts ut hela tiden och jag får inte vara med när ni anställer nya. Jag har "
            "rätt att ha inflytande över vem som hjälper mig.",
            "Att jag får vara med och välja mina assistenter.",
        ),
        Text(
            "Schemat för min dotters assistans kommer alltid för sent, så vi kan inte planera något.",
            "Schemat ska komma minst två veckor i förväg.",
        ),
        Text(
            "En assistent har pratat om mina privata saker med andra. Det känns mycket kränkande.",
            "Att ni tar det här på allvar och att det inte händer igen.",
            "En av mina assistenter",
            serious=True,
        ),
    ],
    "short_stay": [
        Text(
            "När min son kom hem från korttids saknades hans mediciner för helgen och hans kläder var "
            "smutsiga.",
            "Bättre ordning vid in- och utskrivning.",
        ),
        Text(
            "Vi fick beskedet samma dag att korttidsvistelsen var inställd. Jag var tvungen att ta ledigt från "
            "jobbet.",
            "Besked i god tid.",
        ),
    ],
    "income_support": [
        Text(
            "Jag har väntat i fem veckor på beslut om min ansökan om försörjningsstöd och har inte pengar till "
            "hyran.",
            "Att min ansökan handläggs och att jag får besked.",
        ),
        Text(
            "Min handläggare svarar aldrig i telefon och ringer inte tillbaka fast jag lämnat meddelanden.",
            "Att handläggaren ringer upp inom rimlig tid.",
        ),
        Text(
            "Jag kände mig misstrodd och nedvärderad vid mitt besök. Handläggaren sa att jag 'borde skämmas'.",
            "Ett bättre bemötande och en ursäkt.",
            "Handläggaren på mitt besök",
        ),
        Text(
            "Brevet jag fick var så krångligt skrivet att jag inte förstod vad jag skulle skicka in.",
            "Enklare brev, gärna på lätt svenska.",
        ),
    ],
    "children": [
        Text(
            "Ingen har kontaktat oss sedan orosanmälan gjordes i våras. Vi vet inte om något händer.",
            "Information om hur ärendet går.",
        ),
        Text(
            "Vårt barn fick byta kontaktperson tre gånger på ett år utan att vi fick veta varför.",
            "En kontaktperson som stannar.",
        ),
    ],
    "addiction": [
        Text(
            "Jag fick vänta sex veckor på ett första samtal trots att jag bad om hjälp snabbt.",
            "Kortare väntetid för dem som söker hjälp.",
        ),
        Text(
            "Min sambo fick inget stöd efter utskrivningen från behandlingshemmet. Ingen hade planerat något.",
            "En plan för tiden efter behandlingen.",
        ),
    ],
    "family": [
        Text(
            "Samtalstiderna på Familjecentralen är bara dagtid, så vi som arbetar kan inte komma.",
            "Några kvällstider i veckan.",
        ),
        Text(
            "Tolken vi fick förstod inte vår dialekt och samtalet blev fel.",
            "En tolk som talar rätt dialekt nästa gång.",
        ),
    ],
}

FEEDBACK = [
    Text(
        "Det vore bra om menyn på {unit} sattes upp i större text och med bilder, så att fler kan läsa den.",
        "Större text och bilder på menyn.",
    ),
    Text(
        "Förslag: skicka ett sms dagen innan när tiden för besöket från {unit} ändras.",
        "Sms vid ändrade tider.",
    ),
    Text(
        "Det är svårt att hitta parkering vid {unit} för oss som besöker. Kanske kan några platser "
        "reserveras för besökare?",
    ),
    Text(
        "Jag önskar att det fanns fler aktiviteter på helgerna, till exempel musik eller högläsning.",
        "Aktiviteter även på helger.",
    ),
    Text(
        "Informationen på webbplatsen om hur man ansöker är svår att förstå. Gör gärna en film eller en "
        "text på lätt svenska.",
    ),
    Text(
        "Det skulle vara bra med en fast telefontid då man alltid når någon på {unit}.",
        "En fast telefontid.",
    ),
    Text(
        "Förslag: låt de boende vara med och planera utflykterna i sommar.",
    ),
    Text(
        "Trädgården vid {unit} skulle kunna användas mer. Kanske kan de boende odla något?",
    ),
]

PRAISE = [
    Text("Jag vill tacka personalen på {unit} för den fina omsorgen om min mamma. Ni är fantastiska!"),
    Text(
        "Stort tack till {unit} för att ni alltid har tid att lyssna och att ni tar oss anhöriga på allvar."
    ),
    Text("Min pappa har blivit så mycket gladare sedan han började hos er på {unit}. Tack!"),
    Text("Personalen på {unit} ordnade en fin födelsedagsfest för min bror. Det värmde hela familjen."),
    Text(
        "Jag vill berömma min kontaktperson som hjälpte mig när allt kändes hopplöst. Tack för att du finns."
    ),
    Text("Tack för ett mycket respektfullt bemötande vid mitt besök. Jag kände mig lyssnad på."),
    Text("Tack för sommarfesten på {unit}, det var en härlig dag för både boende och anhöriga."),
]

ACCESSIBILITY = [
    Text(
        "Jag använder skärmläsare och kunde inte ladda upp en bilaga i formuläret. Knappen läses inte upp.",
        "Att formuläret fungerar med skärmläsare.",
    ),
]

# What staff write, chosen to fit the case.
INFORM = [
    "Tack för att du hörde av dig. Jag har tagit emot ditt klagomål och kommer att prata med personalgruppen "
    "om det du beskriver. Jag återkommer till dig inom två veckor med vad vi gör.",
    "Vi har tagit emot ditt klagomål och utreder nu vad som har hänt. Enhetschefen går igenom rutinerna "
    "tillsammans med personalen. Du får ett skriftligt svar när utredningen är klar.",
    "Tack för ditt meddelande. Vi ser allvarligt på det du skriver och har bokat ett möte med personalen "
    "nästa vecka. Vill du träffa oss kan du ringa mig så bokar vi en tid.",
    "Jag har läst ditt klagomål. Vi kommer att se över schemat och återkomma till dig med de åtgärder vi "
    "bestämmer.",
]
INFORM_AFTER_ESCALATION = [
    "Ditt klagomål har kommit till mig som enhetschef. Jag har gått igenom vad som har gjorts hittills och "
    "kommer att följa upp det själv. Jag hör av mig inom två veckor.",
    "Jag har tagit över ärendet efter att du bett om att det ska föras vidare. Jag kommer att träffa "
    "personalgruppen och återkommer till dig med vad vi gör.",
]
NOTES = [
    "Pratat med personalgruppen på arbetsplatsträffen. Flera bekräftar bilden.",
    "Gått igenom signeringslistor och larmloggen för perioden.",
    "Ringt anhörig och bokat möte på enheten.",
    "Kontrollerat genomförandeplanen: insatsen stämmer med beslutet.",
    "Avvikelse skriven i avvikelsesystemet.",
]
ACTIONS = [
    (
        "Gå igenom rutinen för kvällsmedicinering med all personal på kvällspasset.",
        "Rutinen är genomgången och följs; inga nya avvikelser de senaste fyra veckorna.",
    ),
    (
        "Införa en fast kontaktperson och begränsa antalet personer som går hem till brukaren.",
        "Antalet personer har minskat från elva till fyra i månaden. Anhöriga upplever det som tryggare.",
    ),
    (
        "Se över bemanningen på helger och ta in extra personal vid behov.",
        "En extra tjänst på helger är tillsatt.",
    ),
    (
        "Utbildning i bemötande för hela personalgruppen.",
        "Utbildningen är genomförd; uppföljning på nästa arbetsplatsträff.",
    ),
    (
        "Uppdatera genomförandeplanen tillsammans med brukaren och anhöriga.",
        "Ny genomförandeplan är klar och undertecknad.",
    ),
    ("Ny rutin för nyckelhantering med kvittens.", "Rutinen används; stickprov visar att den följs."),
]
FOLLOW_UP_NOT_DONE = "Åtgärden hann inte genomföras fullt ut; den tas upp igen i verksamhetsplanen."
ANSWERS = [
    "Vi har nu utrett ditt klagomål. Vi har gått igenom rutinerna med personalen och gjort de ändringar vi "
    "beskrev. Vi har följt upp att de fungerar. Tack för att du hjälpte oss att bli bättre. Är du inte nöjd "
    "kan du be att klagomålet förs vidare, eller vända dig till IVO.",
    "Tack för ditt tålamod. Vi har pratat med de inblandade och ändrat arbetssättet. Vi beklagar det som "
    "hände. Hör gärna av dig om du upplever att det inte har blivit bättre.",
    "Ditt klagomål är nu färdigutrett. Vi har infört en ny rutin och följt upp att den används. Ärendet "
    "avslutas, men du är alltid välkommen att höra av dig igen.",
]
FEEDBACK_ANSWERS = [
    "Tack för ditt förslag! Vi har tagit upp det på arbetsplatsträffen och kommer att prova det under våren.",
    "Tack för din synpunkt. Vi tar med den i vårt kvalitetsarbete.",
    "Tack för idén. Den går tyvärr inte att genomföra just nu, men vi har skickat den vidare till "
    "förvaltningen.",
]
THANKS = [
    "Tack för dina fina ord! Vi har läst upp dem för personalgruppen, som blev mycket glada.",
    "Stort tack för att du tog dig tid att skriva. Berömmet är vidarebefordrat till alla som arbetar här.",
]
CITIZEN_MESSAGES = [
    "Tack för svaret. Jag vill gärna komma på ett möte, helst en förmiddag.",
    "Det har tyvärr inte blivit bättre sedan sist. Samma sak hände igen i helgen.",
    "Jag har en fråga: får mamma vara med på mötet?",
]
ESCALATION_REASONS = [
    "Jag upplever ingen förbättring och vill att klagomålet förs vidare till enhetschefen.",
    "Inget har ändrats sedan förra svaret. Jag vill att någon högre upp tittar på det.",
]
WITHDRAW_NOTE = "Den som skrev har meddelat att saken är löst och att klagomålet kan återkallas."
MOVE_REASON = "Avsändaren visste inte vilken enhet det gällde; av texten framgår vilken."
FLAG_NOTE = "Kan vara ett missförhållande: Lex Sarah-utredning startad."
