"""Fragments of realistic Swedish text, composed into what seeded senders and staff write (made-up people only).

Texts are assembled from a few sentences each, so that a million cases differ from each other and full-text search
has real Swedish words to stem ("bemötande", "bemötandet", "bemött" …), without storing any real person's words.
"""

import random

FIRST_NAMES = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin", "Linnea", "Elin",
    "Sofia", "Marie", "Birgitta", "Johanna", "Ida", "Hanna", "Elsa", "Astrid", "Lars", "Mikael", "Anders",
    "Johan", "Erik", "Per", "Karl", "Peter", "Thomas", "Jan", "Daniel", "Fredrik", "Hans", "Andreas", "Stefan",
    "Mohammed", "Ali", "Nils", "Oskar", "Gustav", "Aisha", "Fatima", "Leila", "Mehmet", "Ahmed", "Sven",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ali",
    "Mohammadi", "Hussein", "Öberg", "Åberg", "Sjöberg", "Forsberg", "Holm", "Engström", "Hassan", "Ahmed",
]  # fmt: skip

PLACE_STARTS = [
    "Björk", "Sjö", "Ek", "Lind", "Ås", "Hag", "Berg", "Dal", "Norr", "Söder", "Väster", "Öster", "Skog", "Ham",
    "Ny", "Gran", "Al", "Sten", "Ljung", "Mal", "Tall", "Rönn", "Vik", "Fors", "Lillå", "Hed", "Å", "Mark",
]  # fmt: skip
PLACE_ENDS = [
    "köping", "vik", "by", "holm", "sund", "å", "berga", "torp", "hult", "fors", "stad", "mo", "näs", "dal",
    "ås", "hamn", "stad", "lunda",
]  # fmt: skip
NATURE = [
    "Solgården", "Björken", "Ekbacken", "Linden", "Almen", "Rönnen", "Tallbacken", "Sjöglimten", "Havsutsikten",
    "Kastanjen", "Lärkan", "Svalan", "Vitsippan", "Blåklinten", "Hagtornet", "Måsen", "Ängen", "Solrosen",
    "Gläntan", "Fyren", "Bryggan", "Kvarnen", "Parken", "Skogsbrynet", "Lönnen", "Eken", "Näktergalen",
]  # fmt: skip

# Areas of operations, each with the kinds of unit it runs ("{n}" is filled with a place or a direction).
AREAS = [
    (
        "Äldreomsorg",
        ["{n}s äldreboende", "Hemtjänst {d}", "Korttidsboende {n}", "Dagverksamhet {n}", "Demensboende {n}",
         "Hemsjukvård {d}"],
    ),
    (
        "Funktionsstöd LSS",
        ["Gruppbostad {n}", "Servicebostad {n}", "Daglig verksamhet {n}", "Korttidsvistelse {n}",
         "Boendestöd {d}", "Ledsagarservice {d}"],
    ),
    (
        "Individ- och familjeomsorg",
        ["Försörjningsstöd {d}", "Barn och unga {d}", "Familjebehandling {n}", "Missbruksvård {n}",
         "Familjehemsenheten {d}", "Mottagningsenheten {d}"],
    ),
    (
        "Personlig assistans",
        ["Assistansgrupp {n}", "Assistansgrupp {d}", "Assistans {n} team 1", "Assistans {n} team 2",
         "Jourassistans {d}", "Assistanssamordning {d}"],
    ),
    (
        "Socialpsykiatri",
        ["Boendestöd psykiatri {d}", "Träfflokalen {n}", "Stödboende {n}", "Sysselsättning {n}",
         "Psykiatriboende {n}", "Mottagning {d}"],
    ),
]  # fmt: skip
DIRECTIONS = ["Norr", "Söder", "Väster", "Öster", "Centrum", "Syd", "Nord", "Västra", "Östra"]

WHO = ["min mamma", "min pappa", "min bror", "min dotter", "min son", "min make", "min fru", "min morfar",
       "min farmor", "jag", "min syster", "den jag är god man för"]  # fmt: skip

COMPLAINT_OPENINGS = [
    "Jag vill framföra klagomål på hur {who} har blivit bemött på {unit}.",
    "Jag skriver för att {who} inte har fått den hjälp som beslutats.",
    "Det här gäller {who}, som får insatser från {unit} sedan förra året.",
    "Jag har länge varit missnöjd med {unit} och vill nu att ni tar det på allvar.",
    "Vid besöket i förra veckan hände något som jag inte kan låta bli att anmäla.",
    "Jag är anhörig och vill påtala brister i omsorgen om {who}.",
    "Som god man vill jag lämna synpunkter på hur {unit} sköter sitt uppdrag.",
    "Jag ringde flera gånger till {unit} utan att någon svarade.",
]  # fmt: skip
COMPLAINT_MIDDLES = [
    "Bemötandet från personalen var nedlåtande och respektlöst.",
    "Personalen har ett dåligt bemötande och pratar över huvudet på {who}.",
    "En undersköterska höjde rösten och bemötte oss mycket otrevligt.",
    "Personalen kom över en timme för sent till morgonbesöket flera dagar i rad.",
    "Maten serveras ofta kall och det finns inget alternativ för den som inte äter fläskkött.",
    "Vi har inte fått någon genomförandeplan trots att vi har bett om det flera gånger.",
    "Läkemedelslistan stämmer inte med det som läkaren har ordinerat.",
    "Hon blev liggande i en blöt säng i flera timmar innan någon kom.",
    "Det kommer nya vikarier varje vecka och ingen känner till hans behov.",
    "Duschen har uteblivit tre veckor i rad utan att någon förklarat varför.",
    "Beslutet om insatser har inte verkställts trots att det gått fyra månader.",
    "Ingen har återkommit efter vårt möte med enhetschefen.",
    "Handläggaren svarar inte på mejl och vi vet inte vem som har ansvaret.",
    "Promenaderna som står i genomförandeplanen blir aldrig av.",
    "Larmet besvarades först efter fyrtio minuter.",
    "Personalen talade inte svenska och kunde inte förstå vad hon behövde.",
    "Det luktar urin i korridoren och städningen verkar inte bli gjord.",
    "Vi upplever att bemötandet har blivit sämre sedan den nya ledningen kom.",
    "Han fick inte äta i lugn och ro utan blev stressad av personalen.",
    "Dokumentationen om fallet i badrummet saknas helt.",
]  # fmt: skip
COMPLAINT_ENDINGS = [
    "Jag vill att ni utreder vad som har hänt.",
    "Jag förväntar mig ett svar om vad ni tänker göra.",
    "Det här får inte hända igen.",
    "Jag hoppas att ni tar detta på allvar.",
    "Ring mig gärna om ni har frågor.",
    "",
]  # fmt: skip
COMPLAINT_OUTCOMES = [
    "Jag vill att personalen får utbildning i bemötande.",
    "Jag vill ha ett möte med enhetschefen.",
    "Jag vill att det blir ordning på schemat och att samma personal kommer.",
    "Jag vill få en ursäkt.",
    "Jag vill att genomförandeplanen uppdateras tillsammans med oss.",
    "Jag vill veta vilka åtgärder ni vidtar.",
    "",
    "",
]  # fmt: skip
FEEDBACK_TEXTS = [
    "Det vore bra om {unit} hade längre telefontider.",
    "Jag föreslår att anhöriga får information via sms när personalen blir försenad.",
    "Det skulle behövas fler aktiviteter på eftermiddagarna.",
    "Kan ni se över bemötandet i telefonväxeln? Man blir ofta hänvisad runt.",
    "Informationen på webbplatsen om hur man ansöker är svår att hitta.",
    "Det vore bra med en ramp vid entrén, dörren är tung för rullstolar.",
    "Jag önskar att menyn fanns på lättläst svenska och med bilder.",
    "Det behövs bättre skyltning till mottagningen.",
]  # fmt: skip
PRAISE_TEXTS = [
    "Tack för ett fantastiskt bemötande under den svåra tiden.",
    "Personalen på {unit} är underbar och alltid glad.",
    "Jag vill berömma kontaktpersonen som verkligen lyssnade på {who}.",
    "Tack för att ni ordnade midsommarfesten, det uppskattades mycket.",
    "Vi är så tacksamma för stödet vi har fått från {unit}.",
    "Ett varmt tack till nattpersonalen för ert fina bemötande.",
]  # fmt: skip
ACCESSIBILITY_TEXTS = [
    "Det går inte att fylla i formuläret med skärmläsare.",
    "Texten på sidan har för låg kontrast och är svår att läsa.",
    "Blanketten finns bara som pdf som inte går att läsa upp.",
    "Knappen för att skicka går inte att nå med tangentbordet.",
]  # fmt: skip

STAFF_INFORMATION = [
    "Tack för att du hörde av dig. Vi har tagit emot dina synpunkter och enhetschefen utreder nu vad som har hänt. "
    "Du får ett svar inom fyra veckor.",
    "Vi har tagit emot ditt klagomål. Jag kommer att prata med berörd personal och återkommer till dig senast "
    "om tre veckor.",
    "Tack för ditt meddelande. Vi utreder händelsen och kontaktar dig för ett möte.",
]  # fmt: skip
STAFF_MESSAGES = [
    "Vi skulle gärna vilja träffa dig. Passar det på tisdag klockan 10?",
    "Kan du berätta vilken dag det hände?",
    "Vi har nu pratat med personalen och återkommer inom kort.",
    "Utredningen tar lite längre tid än vi trodde, du får svar inom två veckor.",
]  # fmt: skip
CITIZEN_MESSAGES = [
    "Tack, tisdag passar bra.",
    "Det hände måndagen den tredje, på eftermiddagen.",
    "Jag har inte hört något på länge, vad händer?",
    "Nu har det hänt igen, samma sak som förra gången.",
]  # fmt: skip
STAFF_FINAL = [
    "Vi har utrett ditt klagomål. Vi har gått igenom rutinerna för bemötande med all personal och infört "
    "fasta kontaktpersoner. Tack för att du hjälper oss att bli bättre.",
    "Utredningen visar att besöken inte har utförts enligt beslutet. Schemat har nu ändrats och enhetschefen "
    "följer upp varje vecka.",
    "Vi beklagar det inträffade. Händelsen har rapporterats enligt lex Sarah och åtgärder har vidtagits.",
    "Vi har gått igenom dokumentationen och kan inte se att något fel har begåtts, men vi har förtydligat "
    "informationen till anhöriga.",
]  # fmt: skip
STAFF_NOTES = [
    "Pratat med kontaktpersonen, som bekräftar förseningarna.",
    "Gått igenom schemat för vecka 12, två besök saknas.",
    "Samtal med anhörig, som vill ha möte med enhetschefen.",
    "Kontrollerat läkemedelslistan mot ordinationen.",
]  # fmt: skip
ACTIONS = [
    "Utbildning i bemötande för all personal på enheten.",
    "Fasta kontaktpersoner införs.",
    "Genomförandeplanen uppdateras tillsammans med den enskilde.",
    "Rutinen för larmsvar ses över.",
    "Schemat läggs om så att samma personal kommer på morgonen.",
]  # fmt: skip
ESCALATION_REASONS = [
    "Den enskilde är inte nöjd med svaret och vill att chefen tar ställning.",
    "Ärendet är allvarligt och behöver hanteras av verksamhetsledningen.",
    "Ingen åtgärd har vidtagits inom utsatt tid.",
]  # fmt: skip


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def place_name(rng: random.Random) -> str:
    return rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)


def _fill(text: str, unit: str, who: str) -> str:
    return text.replace("{unit}", unit).replace("{who}", who)


def sender_text(rng: random.Random, kind: str, unit_name: str) -> tuple[str, str]:
    """What happened, and what the sender wants to happen, for a case of `kind` at `unit_name`."""
    who = rng.choice(WHO)
    if kind == "complaint":
        parts = [rng.choice(COMPLAINT_OPENINGS), *rng.sample(COMPLAINT_MIDDLES, rng.randint(1, 3))]
        parts.append(rng.choice(COMPLAINT_ENDINGS))
        return _fill(" ".join(p for p in parts if p), unit_name, who), rng.choice(COMPLAINT_OUTCOMES)
    if kind == "feedback":
        return _fill(" ".join(rng.sample(FEEDBACK_TEXTS, rng.randint(1, 2))), unit_name, who), ""
    if kind == "praise":
        return _fill(" ".join(rng.sample(PRAISE_TEXTS, rng.randint(1, 2))), unit_name, who), ""
    return rng.choice(ACCESSIBILITY_TEXTS), ""


LEX_SARAH_REPORTS = [
    "Brukaren fick inte sina läkemedel under två dagar eftersom ingen signerade listan.",
    "Larmet besvarades inte på över en timme, och brukaren låg kvar på golvet.",
    "Planerade besök uteblev en hel helg utan att någon hörde av sig till brukaren.",
    "Brukaren lämnades ensam trots att genomförandeplanen säger dubbelbemanning.",
    "Personal har talat nedlåtande till brukaren vid upprepade tillfällen.",
]  # fmt: skip
LEX_SARAH_IMMEDIATE = [
    "Läkemedlen gavs samma kväll och sjuksköterskan kontaktades.",
    "Enhetschefen kallade in extra personal.",
    "Anhöriga informerades samma dag.",
]  # fmt: skip
LEX_SARAH_FINDINGS = [
    "Rutinen för överlämning mellan passen följdes inte; signeringslistan saknades.",
    "Bemanningen räckte inte när två i personalen var sjuka samtidigt.",
    "Genomförandeplanen var inte känd av vikarierna.",
]  # fmt: skip
LEX_SARAH_CONSEQUENCES = [
    "Brukaren blev orolig och fick sämre nattsömn under en vecka.",
    "Ingen bestående skada, men en risk för allvarlig skada.",
]  # fmt: skip
LEX_SARAH_CAUSES = [
    "Rutiner saknades för när ordinarie personal är frånvarande.",
    "Brister i introduktionen av nya medarbetare.",
]  # fmt: skip
LEX_SARAH_ACTIONS = [
    "Ny rutin för överlämning och signering, genomgången på arbetsplatsträff.",
    "Introduktionen av vikarier ses över och följs upp om tre månader.",
]  # fmt: skip
LEX_SARAH_REASONING = [
    "Händelsen innebar en påtaglig risk för allvarligt missförhållande för brukarens hälsa.",
    "Bristen var allvarlig och drabbade en person i en utsatt situation.",
    "Bristen var inte allvarlig och har åtgärdats inom verksamheten.",
]  # fmt: skip
