"""Write the training notebooks in English and Dutch from one description.

    python notebooks/training/build_notebooks.py

Every notebook exists twice, ``en/NN_topic.ipynb`` and ``nl/NN_topic.ipynb``, with the
same code cells (only the language parameter, example sentences and the comments of
the answer cells differ) and markdown in the learner's language. Edit the texts here
and run this script; it writes the notebooks without outputs (nbformat 4), ready to
commit. The checks and model answers live in the package ``kpi_analysis/training/``.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
LANGS = ("en", "nl")


def md(en: str, nl: str) -> tuple:
    return ("markdown", en.strip(), nl.strip())


def code(en: str, nl: str | None = None) -> tuple:
    return ("code", en.strip(), (nl if nl is not None else en).strip())


def params() -> tuple:
    src = ('lang: str = "{lang}"  # language of the tables and the feedback: "en" or "nl"\n'
           'solution: bool = False  # True fills in the model answers (the trainer\'s key)')
    return ("parameters", src.format(lang="en"), src.format(lang="nl"))


IMPORTS = code("import kpi_analysis as ka\nfrom kpi_analysis import training")
WIDE = code('pd.set_option("display.max_colwidth", 200)  # show the messages in full',
            'pd.set_option("display.max_colwidth", 200)  # toon de meldingen volledig')
PANDAS = code("import pandas as pd")


def exercise(name: str, variable: str, default: str, comment_en: str, comment_nl: str) -> list:
    """The three cells of an exercise: the learner's answer, the answer used, the check."""
    return [
        code(f"{variable} = {default}  # {comment_en}", f"{variable} = {default}  # {comment_nl}"),
        code(f'answer = training.answer("{name}", {variable}, solution, lang)'),
        code(f'training.check("{name}", answer, lang)'),
    ]


PROGRESS = code("training.progress(lang)")

HOW_TO = md("""
**How to work.** Run the cells from top to bottom (Shift+Enter). A cell marked *your answer*
is yours: change the value, run it, then run the two cells below it. A **green** box means
your answer is right; an **amber** box says what is not right yet and gives a hint. Try as
often as you like.
""", """
**Zo werkt u.** Voer de cellen van boven naar beneden uit (Shift+Enter). Een cel met *uw
antwoord* is van u: pas de waarde aan, voer de cel uit en daarna de twee cellen eronder. Een
**groen** kader betekent dat uw antwoord klopt; een **oranje** kader zegt wat nog niet klopt
en geeft een tip. Probeer het zo vaak als u wilt.
""")

# --- 00 introduction ----------------------------------------------------------------------

INTRODUCTION = [
    md("""
# 0 · Introduction: when is a number a KPI?

This course follows the five steps that the kit is built around:

**goal → KPIs → baseline → re-measure after go-live → visualise and share**

Each step has its own notebook. They all work on sample projects whose *true* effect is
known (the data were simulated from known levels), so you can see for yourself whether the
method finds that truth, and what goes wrong when a step is skipped.

This first notebook is about vocabulary: metric versus KPI, vanity metrics, leading and
lagging indicators, the North Star metric, AARRR, KPI versus OKR, the four levels of AI
success and Goodhart's law.
""", """
# 0 · Introductie: wanneer is een getal een KPI?

Deze cursus volgt de vijf stappen waar de kit op gebouwd is:

**doel → KPI's → nulmeting → opnieuw meten na de livegang → zichtbaar maken en delen**

Elke stap heeft een eigen notebook. Ze werken allemaal met voorbeeldprojecten waarvan het
*echte* effect bekend is (de gegevens zijn gesimuleerd vanuit bekende niveaus). Zo ziet u zelf
of de methode die werkelijkheid terugvindt, en wat er misgaat als u een stap overslaat.

Dit eerste notebook gaat over begrippen: metric tegenover KPI, ijdelheidsmetrics,
voorspellende en resultaatindicatoren, de North Star-metric, AARRR, KPI tegenover OKR, de
vier niveaus van AI-succes en de wet van Goodhart.
"""),
    HOW_TO,
    params(),
    IMPORTS,
    md("""
## Metric or KPI?

Everything you can count is a *metric*: website visitors, e-mails sent, tickets, minutes.
A metric only becomes a *key performance indicator* when it is tied directly to a business
goal that matters, and someone acts on it. For a webshop that wants more revenue, visitors
are a metric; the share of visitors who buy (the conversion rate) is a KPI.

A quick test is **IPA**: is the number **I**mportant (does it serve an important goal), is
there **P**otential (room to improve), and does someone have **A**uthority over it (an owner
who can act on it)?

### Vanity metrics

Some numbers impress without telling you anything: likes, page views, "10,000 chatbot
conversations". They rise easily, and a rise says nothing about whether the business earned
more, saved money or served customers better. *Output metrics* are close relatives: they
count what the automation produced (documents generated, workflows run) instead of what it
achieved. The kit's KPI catalogue flags both kinds and names the outcome to follow instead.

Here are seven numbers from the catalogue:
""", """
## Metric of KPI?

Alles wat u kunt tellen is een *metric*: websitebezoekers, verstuurde e-mails, tickets,
minuten. Een metric wordt pas een *kritieke prestatie-indicator* als die direct vastzit aan
een bedrijfsdoel dat ertoe doet, en iemand erop stuurt. Voor een webwinkel die meer omzet wil,
is het aantal bezoekers een metric; het aandeel bezoekers dat iets koopt (de conversie) is een
KPI.

Een snelle toets is **IPA**: is het getal **I**mportant (dient het een belangrijk doel), is er
**P**otentieel (ruimte om te verbeteren), en heeft iemand er **A**utoriteit over (een eigenaar
die er iets mee kan)?

### IJdelheidsmetrics

Sommige getallen maken indruk zonder iets te zeggen: likes, paginaweergaven, "10.000
chatbotgesprekken". Ze stijgen makkelijk, en een stijging zegt niets over de vraag of het
bedrijf meer verdiende, geld bespaarde of klanten beter hielp. *Outputmetrics* zijn naaste
familie: ze tellen wat de automatisering heeft gemaakt (gegenereerde documenten, uitgevoerde
workflows) in plaats van wat die heeft opgeleverd. De KPI-catalogus van de kit markeert beide
soorten en noemt de uitkomst die u beter kunt volgen.

Hier staan zeven getallen uit de catalogus:
"""),
    code('training.options("vanity_metrics", lang)'),
    md("""
**Exercise 1.** Which of these seven are vanity or output metrics? Give their ids as a list.
""", """
**Opdracht 1.** Welke van deze zeven zijn ijdelheids- of outputmetrics? Geef hun id's als
lijst.
"""),
    *exercise("vanity_metrics", "my_vanity", "[]",
              'your answer: a list of ids, e.g. ["likes", "emails_sent"]',
              'uw antwoord: een lijst met id\'s, bijvoorbeeld ["likes", "emails_sent"]'),
    md("""
## Leading and lagging indicators

A *lagging* indicator shows a result after the fact: revenue per quarter, profit, customer
satisfaction. It tells you whether you succeeded, but too late to steer. A *leading*
indicator moves first and predicts the result: demos booked, trial accounts started, sales
calls per week. A healthy set has both: leading ones to steer by this week, lagging ones to
prove that it worked.
""", """
## Voorspellende en resultaatindicatoren

Een *resultaatindicator* (lagging) laat achteraf zien wat er bereikt is: omzet per kwartaal,
winst, klanttevredenheid. U weet dan of het gelukt is, maar te laat om bij te sturen. Een
*voorspellende indicator* (leading) beweegt eerder en voorspelt het resultaat: geboekte
demo's, gestarte proefperiodes, verkoopgesprekken per week. Een gezonde set heeft beide:
voorspellende om deze week op te sturen, resultaatindicatoren om te bewijzen dat het gewerkt
heeft.
"""),
    code('training.options("leading_lagging", lang)'),
    md("""
**Exercise 2.** Which of these six are leading indicators?
""", """
**Opdracht 2.** Welke van deze zes zijn voorspellende indicatoren?
"""),
    *exercise("leading_lagging", "my_leading", "[]",
              "your answer: a list of ids", "uw antwoord: een lijst met id's"),
    md("""
## One number to rally around: the North Star metric

Many companies pick one *North Star metric*: the number that best captures the value
customers get and that moves with revenue over time. For a booking site that is nights
booked; for a music service, minutes listened. It does not replace the KPIs of each process;
it gives them a shared direction.

## AARRR: the customer journey in five steps

The "pirate metrics" split the customer journey into five stages, each with its own KPI:

| stage | question | example KPI |
|---|---|---|
| Acquisition | do people find us? | qualified leads per month |
| Activation | is their first experience good? | activation rate |
| Retention | do they come back? | customer retention |
| Revenue | do they pay? | average order value, monthly recurring revenue |
| Referral | do they recommend us? | referral rate |

## KPI or OKR?

A KPI watches the health of something that runs all the time, such as the lead time of
invoicing or customer satisfaction. An OKR, an *objective* with two to four measurable *key
results*, is meant to push a change towards an ambitious destination within a set period,
often a quarter. An automation project often starts as an OKR ("halve the invoicing lead time
this year") and leaves KPIs behind that keep watching the new process.

## The four levels of AI success

An AI project can succeed on one level and fail on another, so measure all four: ideally 1-2
KPIs per level and at most 5-7 in total.

| level | what it shows | example with a realistic reference |
|---|---|---|
| 1. Technical | does the system perform? | 95% of chatbot answers within 3 seconds; at least 99.5% uptime |
| 2. Process | does the work flow better? | a quote in 1 day instead of 3; 80-90% of standard e-mails sorted automatically |
| 3. Business | does it pay off? | 2 h a day x 10 people x EUR 50 = EUR 1,000 saved a day; ROI |
| 4. User adoption | do people use it? | users active at least 3 times a week; a monthly satisfaction score |
""", """
## Eén getal als kompas: de North Star-metric

Veel bedrijven kiezen één *North Star-metric*: het getal dat het best weergeeft welke waarde
klanten krijgen en dat op termijn met de omzet meebeweegt. Voor een boekingssite is dat het
aantal geboekte nachten, voor een muziekdienst het aantal geluisterde minuten. Het vervangt de
KPI's per proces niet, maar geeft ze een gezamenlijke richting.

## AARRR: de klantreis in vijf stappen

De "piratenmetrics" verdelen de klantreis in vijf fasen, elk met een eigen KPI:

| fase | vraag | voorbeeld-KPI |
|---|---|---|
| Acquisition (werving) | vinden mensen ons? | gekwalificeerde leads per maand |
| Activation (activering) | is hun eerste ervaring goed? | activeringspercentage |
| Retention (behoud) | komen ze terug? | klantbehoud |
| Revenue (omzet) | betalen ze? | gemiddelde orderwaarde, maandelijkse terugkerende omzet |
| Referral (aanbeveling) | raden ze ons aan? | aanbevelingspercentage |

## KPI of OKR?

Een KPI bewaakt de gezondheid van iets dat doorlopend draait, zoals de doorlooptijd van
facturatie of de klanttevredenheid. Een OKR, een *objective* (doel) met twee tot vier meetbare
*key results* (kernresultaten), is bedoeld om binnen een vaste periode, vaak een kwartaal, een
verandering naar een ambitieus doel te duwen. Een automatiseringsproject begint vaak als OKR
("dit jaar de doorlooptijd van facturatie halveren") en laat KPI's achter die het nieuwe
proces blijven bewaken.

## De vier niveaus van AI-succes

Een AI-project kan op het ene niveau slagen en op het andere falen. Meet daarom alle vier:
liefst 1-2 KPI's per niveau en hooguit 5-7 in totaal.

| niveau | wat het laat zien | voorbeeld met een realistisch referentiepunt |
|---|---|---|
| 1. Techniek | presteert het systeem? | 95% van de chatbotantwoorden binnen 3 seconden; minstens 99,5% beschikbaar |
| 2. Proces | loopt het werk beter? | een offerte in 1 dag in plaats van 3; 80-90% van de standaardmails automatisch ingedeeld |
| 3. Bedrijf | levert het iets op? | 2 uur per dag x 10 mensen x 50 euro = 1.000 euro per dag bespaard; ROI |
| 4. Gebruik | gebruiken mensen het? | gebruikers die het minstens 3 keer per week gebruiken; een maandelijks tevredenheidscijfer |
"""),
    code('training.options("ai_levels", lang)'),
    md("""
**Exercise 3.** On which level does each of these KPIs sit? Fill in technical, process,
business or adoption.
""", """
**Opdracht 3.** Op welk niveau staat elk van deze KPI's? Vul in: techniek, proces, bedrijf of
gebruik.
"""),
    *exercise("ai_levels", "my_levels",
              '{"uptime": "", "time_to_first_draft": "", "cost_saving": "", "active_users": ""}',
              "your answer: technical, process, business or adoption",
              "uw antwoord: techniek, proces, bedrijf of gebruik"),
    md("""
## Goodhart's law

*When a measure becomes a target, it stops being a good measure.* Judge a call centre on calls
per hour alone and the calls get rushed: the number improves while customers hang up
unhappy. The remedy is simple: pair every speed or volume KPI with a *quality guard*, a KPI
that shows whether quality holds.

The chatbot sample shows it happening. A bicycle shop put a chatbot in front of its customer
service and targeted the handling time per ticket. Load the plan and the data and compare
before with after:
""", """
## De wet van Goodhart

*Zodra een maatstaf een doel wordt, is het geen goede maatstaf meer.* Beoordeel een callcenter
alleen op gesprekken per uur en de gesprekken worden afgeraffeld: het getal verbetert terwijl
klanten ontevreden ophangen. De remedie is eenvoudig: zet naast elke KPI voor snelheid of
volume een *kwaliteitsbewaker*, een KPI die laat zien of de kwaliteit overeind blijft.

De chatbot-dataset laat zien hoe dat gaat. Een fietsenwinkel zette een chatbot voor de
klantenservice en stuurde op de afhandeltijd per ticket. Laad het plan en de gegevens en
vergelijk voor met na:
"""),
    code('plan = ka.load_plan(training.SAMPLES / "chatbot" / "plan.yaml")'),
    code('data = ka.load_measurements("", plan)'),
    code("results = ka.compare_kpis(data, plan)"),
    code('results[["kpi", "before", "after", "change_pct", "verdict", "guard_warning"]].round(2)'),
    md("""
The handling time fell by about a third: a success on paper. But the guard, customer
satisfaction, went down, and so did the share of questions solved at the first contact.
Without the guard this project would have been celebrated. The kit raises a `guard_warning`
for exactly this case.

## To remember

- A KPI is a metric tied to a goal, with an owner who acts on it.
- Follow outcomes, not activity: vanity and output metrics only look good.
- Mix leading and lagging indicators.
- For AI, measure on all four levels.
- Give every speed or volume KPI a quality guard.

Next: step 1, the goal (`01_goal.ipynb`).
""", """
De afhandeltijd daalde met ongeveer een derde: op papier een succes. Maar de bewaker, de
klanttevredenheid, ging omlaag, net als het aandeel vragen dat bij het eerste contact werd
opgelost. Zonder bewaker was dit project gevierd. De kit geeft voor precies dit geval een
`guard_warning`.

## Om te onthouden

- Een KPI is een metric die aan een doel vastzit, met een eigenaar die erop stuurt.
- Volg uitkomsten, geen activiteit: ijdelheids- en outputmetrics zien er alleen goed uit.
- Combineer voorspellende indicatoren en resultaatindicatoren.
- Meet bij AI op alle vier de niveaus.
- Geef elke KPI voor snelheid of volume een kwaliteitsbewaker.

Volgende: stap 1, het doel (`01_goal.ipynb`).
"""),
    PROGRESS,
]

# --- 01 goal ---------------------------------------------------------------------------------

GOAL = [
    md("""
# Step 1 · The goal and a SMART target

Every measurement starts with one question: *why are we automating this?* "Because we can" is
not a goal. That is automating for the sake of automating, and it leaves nothing to measure.
A goal names the business result you are after: lower costs, a better customer experience,
time freed up for other work. A concrete goal sounds like "halve the time from invoice to
payment".

Per KPI the goal becomes a target, and a good target is **SMART**:

- **Specific**: it names exactly which number is meant;
- **Measurable**: it says how much, as a level or a change;
- **Acceptable**: achievable, and the team stands behind it;
- **Realistic**: the change stands out from the normal ups and downs, and it serves the goal;
- **Time-bound**: it has a date.

Weak: "more leads". Strong: "qualified leads from 150 to 220 per month before 1 October", or
"NPS from 20 to 30 within 12 months".
""", """
# Stap 1 · Het doel en een SMART-doel

Elke meting begint met één vraag: *waarom automatiseren we dit?* "Omdat het kan" is geen doel.
Dat is automatiseren om het automatiseren, en dan valt er niets te meten. Een doel noemt het
bedrijfsresultaat waar u naar zoekt: lagere kosten, een betere klantervaring, tijd vrij voor
ander werk. Een concreet doel klinkt als "de tijd van factuur tot betaling halveren".

Per KPI wordt het doel een streefwaarde, en een goede streefwaarde is **SMART**:

- **Specifiek**: het zegt precies om welk getal het gaat;
- **Meetbaar**: het zegt hoeveel, als niveau of als verandering;
- **Acceptabel**: haalbaar, en het team staat erachter;
- **Realistisch**: de verandering steekt boven de gewone schommelingen uit en dient het doel;
- **Tijdgebonden**: er staat een datum bij.

Zwak: "meer leads". Sterk: "gekwalificeerde leads van 150 naar 220 per maand voor 1 oktober",
of "NPS van 20 naar 30 binnen 12 maanden".
"""),
    HOW_TO,
    params(),
    IMPORTS,
    PANDAS,
    WIDE,
    md("""
## The sample: automated invoicing

A wholesaler with twelve people automated its invoicing. Load its measurement plan and let
the kit check it against the method:
""", """
## De dataset: geautomatiseerde facturatie

Een groothandel met twaalf medewerkers heeft de facturatie geautomatiseerd. Laad het meetplan
en laat de kit het toetsen aan de methode:
"""),
    code('plan = ka.load_plan(training.SAMPLES / "invoicing" / "plan.yaml")'),
    code("checks = ka.check_plan(plan, lang)"),
    code('checks[checks["item"] == "checklist.goal"]'),
    md("""
The goal passes: it names a result (the time to payment) and how much (halve it).

## Your target

The KPI that shows whether invoicing got faster is *days from invoice created to paid*. To
write a target you need to know where you start: the baseline. You will compute it yourself in
step 3; here it is already filled in, with the other facts you need:
""", """
Het doel is in orde: het noemt een resultaat (de tijd tot betaling) en hoeveel (halveren).

## Uw streefwaarde

De KPI die laat zien of de facturatie sneller gaat, is *dagen van factuur tot betaling*. Om een
streefwaarde te schrijven moet u weten waar u begint: de nulmeting. Die rekent u in stap 3
zelf uit; hier staat die al klaar, met de andere gegevens die u nodig hebt:
"""),
    code('training.options("smart_target", lang)'),
    md("""
**Exercise.** Write one sentence with a SMART target for this KPI: name the KPI, the level
to reach (or the change) and a date. The check reads your sentence, turns it into a target
and runs the kit's own SMART rules on it, against the sample's data.
""", """
**Opdracht.** Schrijf één zin met een SMART-streefwaarde voor deze KPI: noem de KPI, het niveau
dat u wilt halen (of de verandering) en een datum. De controle leest uw zin, maakt er een
streefwaarde van en past de SMART-regels van de kit erop toe, op de gegevens van de dataset.
"""),
    *exercise("smart_target", "my_target", '""',
              'your answer: one sentence, e.g. "Cut ... from ... to ... days by ..."',
              'uw antwoord: één zin, bijvoorbeeld "Verlaag ... van ... naar ... dagen voor ..."'),
    md("""
## Two weak targets, for comparison

The same check on a vague wish and on a target without a date (examples: they do not count
for your progress):
""", """
## Twee zwakke streefwaarden, ter vergelijking

Dezelfde controle op een vage wens en op een streefwaarde zonder datum (voorbeelden: ze tellen
niet mee voor uw voortgang):
"""),
    code('training.example("smart_target", "Get paid faster", lang)',
         'training.example("smart_target", "Sneller betaald krijgen", lang)'),
    code('training.example("smart_target", "Halve the days from invoice to payment", lang)',
         'training.example("smart_target", "De dagen van factuur tot betaling halveren", lang)'),
    md("""
## What the kit checks for every KPI of a plan

The same SMART rules run for every KPI when a plan is checked. Here they are for the
invoicing plan (judged from the plan alone, without data):
""", """
## Wat de kit voor elke KPI van een plan controleert

Dezelfde SMART-regels lopen voor elke KPI wanneer een plan wordt gecontroleerd. Hier zijn ze
voor het facturatieplan (alleen op het plan beoordeeld, zonder gegevens):
"""),
    code('checks[checks["item"].str.startswith("smart.")]'),
    md("""
## To remember

- Start with *why*: a business result, not the technology.
- A SMART target names the KPI, the level or change, and a date after the first evaluation.
- Start from the measured baseline, not from a number someone remembers.
- Aim for a change the team can support and that stands out from normal variation.

Next: step 2, choosing KPIs (`02_kpis.ipynb`).
""", """
## Om te onthouden

- Begin bij het *waarom*: een bedrijfsresultaat, niet de techniek.
- Een SMART-streefwaarde noemt de KPI, het niveau of de verandering, en een datum na de eerste
  evaluatie.
- Ga uit van de gemeten nulmeting, niet van een getal dat iemand zich herinnert.
- Mik op een verandering waar het team achter staat en die boven de gewone schommelingen
  uitsteekt.

Volgende: stap 2, KPI's kiezen (`02_kpis.ipynb`).
"""),
    PROGRESS,
]

# --- 02 KPIs ---------------------------------------------------------------------------------

KPIS = [
    md("""
# Step 2 · Choose the KPIs

Choose the KPIs that show whether the goal is reached, and no more than you can act on:

- **1-2 KPIs per automated process**;
- **3-5 core KPIs** per team or strategic goal;
- for an **AI use case at most 5-7**, ideally 1-2 on each of the four levels.

Measure what matters (time saved, questions solved, revenue), not what is easy to count
(e-mails sent). The usual categories for automation are time, money, quality, capacity and
customer, with compliance and employee satisfaction where they apply. Every KPI gets an
owner, a definition and a way of measuring: where the numbers come from and how often. And
every speed or volume KPI gets a quality guard (Goodhart's law, see the introduction).
""", """
# Stap 2 · Kies de KPI's

Kies de KPI's die laten zien of het doel gehaald wordt, en niet meer dan u kunt bijsturen:

- **1-2 KPI's per geautomatiseerd proces**;
- **3-5 kern-KPI's** per team of strategisch doel;
- bij een **AI-toepassing hooguit 5-7**, liefst 1-2 op elk van de vier niveaus.

Meet wat ertoe doet (bespaarde tijd, opgeloste vragen, omzet), niet wat makkelijk te tellen is
(verstuurde e-mails). De gebruikelijke categorieën bij automatisering zijn tijd, geld,
kwaliteit, capaciteit en klant, met naleving en medewerkerstevredenheid waar dat speelt. Elke
KPI krijgt een eigenaar, een definitie en een meetwijze: waar komen de cijfers vandaan en hoe
vaak. En elke KPI voor snelheid of volume krijgt een kwaliteitsbewaker (de wet van Goodhart,
zie de introductie).
"""),
    HOW_TO,
    params(),
    IMPORTS,
    PANDAS,
    WIDE,
    md("""
## The sample: a chatbot for customer service

A bicycle shop wants to answer customer questions faster with a chatbot, without customers
becoming less satisfied. The kit reads the goal like this:
""", """
## De dataset: een chatbot voor de klantenservice

Een fietsenwinkel wil klantvragen sneller beantwoorden met een chatbot, zonder dat klanten
minder tevreden worden. De kit leest het doel zo:
"""),
    code('plan = ka.load_plan(training.SAMPLES / "chatbot" / "plan.yaml")'),
    code("checks = ka.check_plan(plan, lang)"),
    code('checks[checks["item"] == "checklist.goal"]'),
    md("""
The business aim is a better customer experience. The kit's catalogue lists the KPIs for
customer service and chatbots, with the level, what each one measures and a typical target:
""", """
Het bedrijfsdoel is een betere klantervaring. De catalogus van de kit geeft de KPI's voor
klantenservice en chatbots, met het niveau, wat elke KPI meet en een gebruikelijk doel:
"""),
    code('training.options("pick_kpis", lang)'),
    md("""
**Exercise.** Choose 2 to 5 KPIs for this project from the table. Ask yourself: which KPI
shows that the goal is reached? Is there a speed or volume KPI in my set, and what guards its
quality? Am I counting activity instead of results?
""", """
**Opdracht.** Kies 2 tot 5 KPI's voor dit project uit de tabel. Vraag uzelf af: welke KPI laat
zien dat het doel gehaald is? Zit er een KPI voor snelheid of volume in mijn set, en wat
bewaakt daar de kwaliteit? Tel ik activiteit in plaats van resultaat?
"""),
    *exercise("pick_kpis", "my_kpis", "[]",
              'your answer: a list of ids, e.g. ["csat", "..."]',
              'uw antwoord: een lijst met id\'s, bijvoorbeeld ["csat", "..."]'),
    md("""
## What the team chose, and what the kit says about it

The team's plan has four KPIs: handling time per ticket, first-contact resolution, customer
satisfaction and the share of questions solved by self-service. Here is what the plan check
says about the number of KPIs, the quality guards and the balance of the set:
""", """
## Wat het team koos, en wat de kit ervan vindt

Het plan van het team heeft vier KPI's: afhandeltijd per ticket, opgelost bij het eerste
contact, klanttevredenheid en het aandeel vragen dat via selfservice is opgelost. Dit zegt de
plancontrole over het aantal KPI's, de kwaliteitsbewakers en de balans van de set:
"""),
    code('checks[checks["item"].str.startswith(("count.", "pitfall.goodhart", "balance."))]'),
    md("""
Two points for discussion: the self-service share is a volume KPI without a guard of its own,
and no KPI covers the technical level (for instance whether the chatbot answers within 3
seconds). Neither makes the plan wrong, but both are blind spots.

## To remember

- Few KPIs, each tied to the goal, each with an owner and a measuring method.
- An outcome KPI on the process or business level shows whether the goal is reached.
- A speed or volume KPI always comes with a quality guard.
- For AI: cover the four levels, 1-2 KPIs each.

Next: step 3, the baseline (`03_baseline.ipynb`).
""", """
Twee punten voor het gesprek: het aandeel selfservice is een volume-KPI zonder eigen bewaker,
en geen enkele KPI dekt het technische niveau (bijvoorbeeld of de chatbot binnen 3 seconden
antwoordt). Geen van beide maakt het plan fout, maar het zijn wel blinde vlekken.

## Om te onthouden

- Weinig KPI's, elk gekoppeld aan het doel, elk met een eigenaar en een meetwijze.
- Een uitkomst-KPI op proces- of bedrijfsniveau laat zien of het doel gehaald wordt.
- Een KPI voor snelheid of volume krijgt altijd een kwaliteitsbewaker.
- Bij AI: dek de vier niveaus, met 1-2 KPI's per niveau.

Volgende: stap 3, de nulmeting (`03_baseline.ipynb`).
"""),
    PROGRESS,
]

# --- 03 baseline -----------------------------------------------------------------------------

BASELINE = [
    md("""
# Step 3 · The baseline

The baseline measures the chosen KPIs *before* the change, over a representative period:
for example 5 errors per 100 orders, or 12 days from invoice to payment. It is the number
every later result is compared with. Skipping it is the classic mistake: without a baseline
no gain can be shown, however real it is.

A good baseline

- uses the same definitions and sources as the measurements after go-live;
- covers a representative period: long enough to show the normal ups and downs (for a KPI
  measured weekly, at least six weeks), and not only a holiday or a peak season;
- is recorded in numbers, before go-live.
""", """
# Stap 3 · De nulmeting

De nulmeting meet de gekozen KPI's *voor* de verandering, over een representatieve periode:
bijvoorbeeld 5 fouten per 100 orders, of 12 dagen van factuur tot betaling. Het is het getal
waarmee elk later resultaat wordt vergeleken. Hem overslaan is de klassieke fout: zonder
nulmeting is geen winst aan te tonen, hoe echt die ook is.

Een goede nulmeting

- gebruikt dezelfde definities en bronnen als de metingen na de livegang;
- beslaat een representatieve periode: lang genoeg om de gewone schommelingen te zien (bij
  een KPI die wekelijks wordt gemeten minstens zes weken), en niet alleen een vakantie of een
  piekseizoen;
- wordt in cijfers vastgelegd, voor de livegang.
"""),
    HOW_TO,
    params(),
    IMPORTS,
    md("""
## The invoicing data

Load the invoicing sample and take the rows of one KPI: days from invoice created to paid,
one row per paid invoice.
""", """
## De facturatiegegevens

Laad de facturatiedataset en neem de rijen van één KPI: dagen van factuur tot betaling, één
rij per betaalde factuur.
"""),
    code('plan = ka.load_plan(training.SAMPLES / "invoicing" / "plan.yaml")'),
    code('data = ka.load_measurements("", plan)'),
    code('rows = data[data["kpi"] == "days_to_paid"]'),
    code("rows.head()"),
    md("""
The kit labels every row with its `period`, from the dates in the plan: `baseline` (before
go-live), `stabilisation` (the first weeks after go-live, shown but not judged), `after` (the
period that is compared with the baseline) and `outside` (none of these). How many invoices
fall in each period?
""", """
De kit geeft elke rij een `period` mee, op basis van de datums in het plan: `baseline` (de
nulmeting, voor de livegang), `stabilisation` (de eerste weken na de livegang, wel getoond
maar niet beoordeeld), `after` (de periode die met de nulmeting wordt vergeleken) en `outside`
(geen van deze). Hoeveel facturen vallen in elke periode?
"""),
    code('rows["period"].value_counts()'),
    md("""
**Exercise.** Compute the baseline level of this KPI: the average number of days from invoice
to payment over the baseline period. Type the number, or compute it in the answer cell from
`rows`.
""", """
**Opdracht.** Bereken het niveau van de nulmeting voor deze KPI: het gemiddelde aantal dagen
van factuur tot betaling in de nulmetingsperiode. Typ het getal, of reken het in de
antwoordcel uit met `rows`.
"""),
    *exercise("baseline_level", "my_baseline", "0.0",
              "your answer: the baseline level in days (you may compute it here)",
              "uw antwoord: het niveau van de nulmeting in dagen (u mag het hier uitrekenen)"),
    md("""
## What if there is no baseline?

Suppose the team started measuring only after go-live. This is all that is left:
""", """
## Wat als er geen nulmeting is?

Stel dat het team pas na de livegang is gaan meten. Dan blijft alleen dit over:
"""),
    code('training.skip_baseline("invoicing", "days_to_paid", lang)'),
    md("""
## A baseline that is too short

Now suppose the team did measure, but only during the last week before go-live. The table
compares that with the full twelve weeks:
""", """
## Een nulmeting die te kort is

Stel nu dat het team wel heeft gemeten, maar alleen in de laatste week voor de livegang. De
tabel vergelijkt dat met de volledige twaalf weken:
"""),
    code('training.short_baseline("invoicing", "days_to_paid", 1, lang)'),
    md("""
With one week the result points the same way here, but much less surely: the interval is
several times as wide, and a smaller effect would have disappeared in it. A week can also be
unusual (a holiday, a month-end peak) and then the level itself is off.

## How long should you measure?

The spread in the baseline decides how big a change you can see. `ka.how_long` uses the
weekly levels of the baseline to work out the smallest change the comparison can detect, and
how many weeks after go-live are needed for the change you aim for. First the weekly levels:
""", """
Met één week wijst de uitkomst hier dezelfde kant op, maar veel minder zeker: het interval is
een paar keer zo breed, en een kleiner effect was erin verdwenen. Een week kan bovendien
afwijken (een vakantie, een piek aan het eind van de maand) en dan klopt het niveau zelf niet.

## Hoe lang moet u meten?

De spreiding in de nulmeting bepaalt hoe grote verandering u kunt zien. `ka.how_long` gebruikt
de weekniveaus van de nulmeting om uit te rekenen wat de kleinste verandering is die de
vergelijking kan aantonen, en hoeveel weken na de livegang nodig zijn voor de verandering die
u nastreeft. Eerst de weekniveaus:
"""),
    code("from kpi_analysis.inputs.tidy import kpi_series"),
    code('kpi = plan.kpi("days_to_paid")'),
    code('weekly = kpi_series(rows[rows["period"] == "baseline"], kpi)'),
    md("""
For the target of the plan, halving the time to payment:
""", """
Voor de streefwaarde van het plan, de tijd tot betaling halveren:
"""),
    code('ka.how_long(weekly["level"], relative_change=-0.5)'),
    md("""
`periods_needed` is below one week: a halving stands out almost at once. For a modest gain of
10%:
""", """
`periods_needed` is minder dan één week: een halvering valt vrijwel meteen op. Voor een
bescheiden winst van 10%:
"""),
    code('ka.how_long(weekly["level"], relative_change=-0.1)'),
    md("""
Now about twenty weeks are needed. Small gains need long, steady measuring; plan the length of
the after-period before go-live.

## To remember

- No baseline, no proof: record it in numbers before go-live.
- The baseline is the level *before* the change only: no rows from after go-live.
- A short baseline gives a shaky level and wide intervals; for a weekly KPI take at least six
  weeks.
- The spread in the baseline tells you how long you must measure afterwards.

Next: step 4, measuring again after go-live (`04_remeasure.ipynb`).
""", """
Nu zijn er ongeveer twintig weken nodig. Kleine winst vraagt om lang en gelijkmatig meten;
leg de lengte van de meetperiode na de livegang vast voordat u live gaat.

## Om te onthouden

- Geen nulmeting, geen bewijs: leg hem in cijfers vast voor de livegang.
- De nulmeting is alleen het niveau *voor* de verandering: geen rijen van na de livegang.
- Een korte nulmeting geeft een wankel niveau en brede intervallen; neem bij een wekelijkse
  KPI minstens zes weken.
- De spreiding in de nulmeting zegt hoe lang u daarna moet meten.

Volgende: stap 4, opnieuw meten na de livegang (`04_remeasure.ipynb`).
"""),
    PROGRESS,
]

# --- 04 re-measure ---------------------------------------------------------------------------

REMEASURE = [
    md("""
# Step 4 · Measure again after go-live

After go-live, give people time to get used to the new way of working, then measure the same
KPIs, with the same definitions, over a comparable period. The rhythm:

- the baseline before the start;
- no judgement in the first week: the system is not stable yet and users are still learning;
- the first evaluation after 4-6 weeks;
- after that, a monthly review;
- starting to measure only after six months is too late to steer.

Disappointing results are information too: find out whether the cause is the technology,
the training, the process or the adoption.
""", """
# Stap 4 · Opnieuw meten na de livegang

Geef mensen na de livegang de tijd om aan de nieuwe werkwijze te wennen, en meet dan dezelfde
KPI's, met dezelfde definities, over een vergelijkbare periode. Het ritme:

- de nulmeting voor de start;
- geen oordeel in de eerste week: het systeem is nog niet stabiel en gebruikers leren nog;
- de eerste evaluatie na 4-6 weken;
- daarna een maandelijkse bespreking;
- pas na een half jaar beginnen met meten is te laat om bij te sturen.

Tegenvallende resultaten zijn ook informatie: zoek uit of de oorzaak ligt bij de techniek, de
training, het proces of het gebruik.
"""),
    HOW_TO,
    params(),
    IMPORTS,
    code('plan = ka.load_plan(training.SAMPLES / "invoicing" / "plan.yaml")'),
    code('data = ka.load_measurements("", plan)'),
    md("""
## When do you look?

The dates of the invoicing project:
""", """
## Wanneer kijkt u?

De datums van het facturatieproject:
"""),
    code('training.options("first_evaluation", lang)'),
    md("""
**Exercise 1.** On which date do you hold the first evaluation of the new invoicing process?
""", """
**Opdracht 1.** Op welke datum houdt u de eerste evaluatie van het nieuwe facturatieproces?
"""),
    *exercise("first_evaluation", "my_first_evaluation", '""',
              'your answer: a date, e.g. "2026-04-13"',
              'uw antwoord: een datum, bijvoorbeeld "13-4-2026"'),
    md("""
## What judging after one week looks like

In this sample the new process settles in gradually over the four stabilisation weeks, as
happens in practice. Here is every KPI judged on the first week after go-live, next to the
judgement after the stabilisation weeks and the true change:
""", """
## Hoe oordelen na één week eruitziet

In deze dataset slijt het nieuwe proces geleidelijk in tijdens de vier stabilisatieweken, zoals
dat in de praktijk gaat. Hier is elke KPI beoordeeld op de eerste week na de livegang, naast
het oordeel na de stabilisatieweken en de echte verandering:
"""),
    code('training.judge_too_early("invoicing", 7, lang)'),
    md("""
Judged after one week, the project looks like a failure; judged at the right time, all three
KPIs improved, and each true change lies inside the interval that was measured.

## Which test?

The right test follows from what the data look like:

| the data | test | example |
|---|---|---|
| a value per item | `compare_means` | days to payment per invoice |
| one value per period | `compare_series` | invoices per employee per week |
| successes out of trials | `compare_proportions` | quotes won out of quotes sent |
| events counted over an exposure | `compare_rates` | invoice errors over invoices sent |

Here are the first rows of *invoice errors per 100 invoices*:
""", """
Na één week beoordeeld lijkt het project mislukt; op het juiste moment beoordeeld zijn alle drie
de KPI's verbeterd, en ligt elke echte verandering binnen het gemeten interval.

## Welke toets?

De juiste toets volgt uit hoe de gegevens eruitzien:

| de gegevens | toets | voorbeeld |
|---|---|---|
| een waarde per item | `compare_means` | dagen tot betaling per factuur |
| één waarde per periode | `compare_series` | facturen per medewerker per week |
| successen uit pogingen | `compare_proportions` | gewonnen offertes van de verstuurde |
| gebeurtenissen geteld over een blootstelling | `compare_rates` | factuurfouten over verstuurde facturen |

Hier zijn de eerste rijen van *factuurfouten per 100 facturen*:
"""),
    code('training.options("choose_test", lang)'),
    md("""
**Exercise 2.** Which of the four tests fits this KPI?
""", """
**Opdracht 2.** Welke van de vier toetsen past bij deze KPI?
"""),
    *exercise("choose_test", "my_test", '""',
              "your answer: compare_means, compare_series, compare_proportions or compare_rates",
              "uw antwoord: compare_means, compare_series, compare_proportions of compare_rates"),
    md("""
Run the test you chose on the baseline and the after-period (the result of the kit's test, one
row):
""", """
Voer de toets die u koos uit op de nulmeting en de periode na de livegang (de uitkomst van de
toets van de kit, één rij):
"""),
    code('training.run_test(answer, "invoicing", "errors_per_100", lang)'),
    md("""
## All KPIs at once

`ka.compare_kpis` does this for every KPI of the plan: it picks the test from the KPI's kind
and the shape of its data, leaves the stabilisation weeks out, corrects the p-values for the
number of KPIs (`p_adj`), gives a verdict in the KPI's own direction and checks the target:
""", """
## Alle KPI's tegelijk

`ka.compare_kpis` doet dit voor elke KPI van het plan: de functie kiest de toets op basis van
de soort KPI en de vorm van de gegevens, laat de stabilisatieweken buiten beschouwing,
corrigeert de p-waarden voor het aantal KPI's (`p_adj`), geeft een oordeel in de richting van de
KPI zelf en toetst de streefwaarde:
"""),
    code("results = ka.compare_kpis(data, plan)"),
    code('results[["kpi", "test", "before", "after", "change_pct", "ci_pct_low", "ci_pct_high", '
         '"p_adj", "verdict", "target_met"]].round(3)'),
    md("""
The verdict only says *improved* or *worsened* when the 95% interval of the change excludes
zero after the correction; otherwise it says *no detectable change*.

## Does the method find the truth?

The six samples were simulated from known true levels. Here is every KPI, true change next to
measured change:
""", """
Het oordeel zegt alleen *verbeterd* of *verslechterd* als het 95%-interval van de verandering
na de correctie nul uitsluit; anders zegt het *geen aantoonbare verandering*.

## Vindt de methode de werkelijkheid?

De zes datasets zijn gesimuleerd vanuit bekende echte niveaus. Hier staat elke KPI, de echte
verandering naast de gemeten verandering:
"""),
    code("training.truth_table(lang)"),
    md("""
## Exercise 3: the factory

A metalworking company installed automatic visual inspection. Did machine downtime per day
change? Here is the result of the series test on the daily downtime (`mean_before`,
`mean_after`, the change `diff` with its 95% interval `ci_low` to `ci_high`, and the p-value):
""", """
## Opdracht 3: de fabriek

Een metaalbedrijf heeft automatische visuele inspectie geïnstalleerd. Is de stilstand van de
machines per dag veranderd? Hier is de uitkomst van de reekstoets op de dagelijkse stilstand
(`mean_before`, `mean_after`, de verandering `diff` met het 95%-interval `ci_low` tot `ci_high`,
en de p-waarde):
"""),
    code('training.options("verdict", lang)'),
    md("""
**Exercise 3.** What is the verdict: improved, worsened or no detectable change?
""", """
**Opdracht 3.** Wat is het oordeel: verbeterd, verslechterd of geen aantoonbare verandering?
"""),
    *exercise("verdict", "my_verdict", '""',
              'your answer: "improved", "worsened" or "no detectable change"',
              'uw antwoord: "verbeterd", "verslechterd" of "geen aantoonbare verandering"'),
    md("""
## Without a control group

An outdoor webshop added AI product recommendations in the spring. Conversion rose, but spring
is also when people buy outdoor gear. A sister store without recommendations serves as the
control group: it shows what the season alone did.
""", """
## Zonder controlegroep

Een outdoorwebwinkel voegde in het voorjaar AI-productaanbevelingen toe. De conversie steeg,
maar in het voorjaar kopen mensen ook nu eenmaal outdoorspullen. Een zusterwinkel zonder
aanbevelingen dient als controlegroep: die laat zien wat het seizoen alleen deed.
"""),
    code('training.without_control("webshop", "conversion", lang)'),
    md("""
Without the control group the recommendations get the season's credit too. Where a comparable
group without the change exists (another store, team or region), put its rows in the data with
`group = control` and the kit adds the difference-in-differences columns (`did_*`) to the
comparison.

## To remember

- Wait until the new way of working has settled: first evaluation after 4-6 weeks, then
  monthly.
- Judging in week one understates the effect or misses it altogether.
- The test follows from the data: items, a series, proportions or rates.
- *No detectable change* is a result, not a failure of the analysis.
- Season and trends can look like an effect; a control group separates them.

Next: step 5, visualise and share (`05_share.ipynb`).
""", """
Zonder controlegroep krijgen de aanbevelingen ook de eer van het seizoen. Bestaat er een
vergelijkbare groep zonder de verandering (een andere winkel, een ander team of een andere
regio), zet de rijen daarvan dan in de gegevens met `group = control`; de kit voegt dan de
kolommen voor het verschil van de verschillen (`did_*`) aan de vergelijking toe.

## Om te onthouden

- Wacht tot de nieuwe werkwijze is ingeslepen: eerste evaluatie na 4-6 weken, daarna
  maandelijks.
- Wie in de eerste week oordeelt, onderschat het effect of mist het helemaal.
- De toets volgt uit de gegevens: items, een reeks, proporties of frequenties.
- *Geen aantoonbare verandering* is een uitkomst, geen mislukte analyse.
- Seizoen en trends kunnen op een effect lijken; een controlegroep haalt ze uit elkaar.

Volgende: stap 5, zichtbaar maken en delen (`05_share.ipynb`).
"""),
    PROGRESS,
]

# --- 05 share --------------------------------------------------------------------------------

SHARE = [
    md("""
# Step 5 · Visualise and share

Numbers that nobody sees change nothing, and results that are not shared win no support.
Show before and after in a chart or a table, share it with the team and management, and say
what the numbers mean and which next steps follow.

- **A dashboard in three layers**: an executive summary (ROI, total saving, the strategic
  KPIs, success visible at a glance), operational detail for team leads (process KPIs, usage,
  quality) and technical detail for IT (performance, errors, system health).
- **A rhythm**: a short weekly e-mail with 3-4 highlights ("this week 47 hours saved"), a
  monthly deep dive of 2-3 pages (trends, problems, next steps) and a quarterly review for
  management (ROI, growth, budget).
- **Per audience**: management hears money and time ("saves EUR 15,000 of wage costs a month"
  works better than "92% accuracy"); IT hears stability and uptime; users hear the time they
  save themselves ("45 minutes a day"); the works council hears about training and jobs.
- **Design**: the 3-5 most important KPIs at the top left; line charts for trends, bar charts
  to compare; colour with meaning (green good, red needs attention); one source of truth for
  the numbers.
""", """
# Stap 5 · Zichtbaar maken en delen

Cijfers die niemand ziet veranderen niets, en resultaten die niet gedeeld worden krijgen geen
draagvlak. Laat voor en na zien in een grafiek of tabel, deel het met het team en het
management, en zeg wat de cijfers betekenen en welke vervolgstappen eruit volgen.

- **Een dashboard in drie lagen**: een samenvatting voor de directie (ROI, totale besparing,
  de strategische KPI's, succes in één oogopslag), operationeel detail voor teamleiders
  (proces-KPI's, gebruik, kwaliteit) en technisch detail voor IT (prestaties, fouten, de
  gezondheid van het systeem).
- **Een ritme**: een korte wekelijkse mail met 3-4 hoogtepunten ("deze week 47 uur
  bespaard"), een maandelijkse verdieping van 2-3 pagina's (trends, problemen, vervolgstappen)
  en een kwartaalbespreking met het management (ROI, groei, budget).
- **Per publiek**: het management hoort geld en tijd ("bespaart 15.000 euro loonkosten per
  maand" werkt beter dan "92% nauwkeurigheid"); IT hoort stabiliteit en beschikbaarheid;
  gebruikers horen de tijd die ze zelf besparen ("45 minuten per dag"); de ondernemingsraad
  hoort over opleiding en behoud van banen.
- **Vormgeving**: de 3-5 belangrijkste KPI's linksboven; lijngrafieken voor trends,
  staafdiagrammen om te vergelijken; kleur met betekenis (groen goed, rood aandacht nodig); één
  bron voor de cijfers.
"""),
    HOW_TO,
    params(),
    IMPORTS,
    code("from kpi_analysis.present import charts as plots"),
    code('plan = ka.load_plan(training.SAMPLES / "invoicing" / "plan.yaml")'),
    code('data = ka.load_measurements("", plan)'),
    code("results = ka.compare_kpis(data, plan)"),
    md("""
## Before and after in one chart

A line per week, the go-live date, the stabilisation weeks shaded, and the level before and
after as flat lines; the after-line is green when the KPI improved:
""", """
## Voor en na in één grafiek

Een lijn per week, de datum van de livegang, de stabilisatieweken gearceerd, en het niveau
voor en na als vlakke lijnen; de lijn na de livegang is groen als de KPI verbeterd is:
"""),
    code('verdict = results.set_index("kpi")["verdict"]'),
    code('kpi = plan.kpi("days_to_paid")'),
    code('chart = plots.kpi_over_time(data, kpi, plan.periods, lang=lang, '
         'verdict=verdict["days_to_paid"])'),
    md("""
## In words

The report turns every row of the comparison into one plain sentence, built from the same
numbers as the table, so words and numbers cannot disagree:
""", """
## In woorden

Het rapport maakt van elke rij van de vergelijking één gewone zin, opgebouwd uit dezelfde
getallen als de tabel, zodat woorden en cijfers elkaar niet kunnen tegenspreken:
"""),
    code('training.sentences("invoicing", lang)'),
    md("""
## The business case

Management wants to know what it yields. The return on investment is

**ROI % = (cost saved + extra revenue - total investment) / total investment x 100**

where the total investment counts everything: licences, hardware, training, internal hours
and the running costs over the whole period. A realistic ROI for an AI project in its first
year is 15-25%. `ka.business_case` works it out from the plan's costs and the measured
changes:
""", """
## De businesscase

Het management wil weten wat het oplevert. Het rendement op de investering is

**ROI % = (bespaarde kosten + extra omzet - totale investering) / totale investering x 100**

waarbij de totale investering alles meetelt: licenties, hardware, training, interne uren en de
lopende kosten over de hele periode. Een realistische ROI voor een AI-project in het eerste
jaar is 15-25%. `ka.business_case` rekent het uit met de kosten uit het plan en de gemeten
veranderingen:
"""),
    code("case = ka.business_case(plan, results)"),
    code('training.options("roi", lang)'),
    md("""
**Exercise.** Compute the ROI over the whole period of the business case from these lines.
""", """
**Opdracht.** Bereken met deze posten de ROI over de hele looptijd van de businesscase.
"""),
    *exercise("roi", "my_roi", "0.0",
              "your answer: the ROI in percent (you may compute it here)",
              "uw antwoord: de ROI in procenten (u mag het hier uitrekenen)"),
    md("""
The kit shows every figure with its formula and the calculation, so anyone can check it:
""", """
De kit toont elk getal met de formule en de berekening, zodat iedereen het kan nagaan:
"""),
    code('case["figures"]["roi_pct"]["calculation"]'),
    code('case["figures"]["payback_months"]["calculation"]'),
    md("""
## Telling the story

Numbers stick when they come with a person and a before/after: "Before, a complex quote took
Anna three days; now she has a first proposal within four hours, 90% of them are accepted, and
she sends five quotes a week instead of two." Report problems before anyone asks, with the
cause, the remedy and the figure you expect: "adoption in accounting is 40%; the instructions
were unclear; a workshop follows next week; we expect 70% by the end of the month."

## To remember

- Show before and after, with the interval, in a chart and in words.
- Tell each audience what it cares about: money and time, stability, personal time saved.
- ROI counts all costs over the whole period; show the calculation.
- Share on a rhythm, and let the results lead to decisions: adjust course or anchor.

This was the last step. Use `kpi report plan.yaml` to make the full client report in one go.
""", """
## Het verhaal vertellen

Cijfers blijven hangen als er een persoon en een voor-en-na bij horen: "Vroeger kostte een
complexe offerte Anna drie dagen; nu heeft ze binnen vier uur een eerste voorstel, 90% daarvan
wordt geaccepteerd, en ze verstuurt vijf offertes per week in plaats van twee." Meld problemen
voordat iemand erom vraagt, met de oorzaak, de oplossing en het getal dat u verwacht: "het
gebruik bij de administratie is 40%; de instructie was onduidelijk; volgende week volgt een
workshop; we verwachten eind van de maand 70%."

## Om te onthouden

- Laat voor en na zien, met het interval, in een grafiek en in woorden.
- Vertel elk publiek wat het belangrijk vindt: geld en tijd, stabiliteit, eigen tijdwinst.
- De ROI telt alle kosten over de hele looptijd; laat de berekening zien.
- Deel volgens een vast ritme, en laat de resultaten tot besluiten leiden: bijsturen of
  borgen.

Dit was de laatste stap. Met `kpi report plan.yaml` maakt u in één keer het volledige rapport
voor de klant.
"""),
    PROGRESS,
]

NOTEBOOKS = {
    "00_introduction": INTRODUCTION,
    "01_goal": GOAL,
    "02_kpis": KPIS,
    "03_baseline": BASELINE,
    "04_remeasure": REMEASURE,
    "05_share": SHARE,
}


def build(name: str, cells: list, lang: str):
    """One notebook in one language, without outputs."""
    index = LANGS.index(lang)
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for number, (kind, *texts) in enumerate(cells):
        source = texts[index]
        if kind == "markdown":
            cell = new_markdown_cell(source)
        else:
            cell = new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"{name[:2]}-{lang}-{number:02d}"
        nb.cells.append(cell)
    return nb


def main() -> None:
    for lang in LANGS:
        folder = HERE / lang
        folder.mkdir(exist_ok=True)
        for name, cells in NOTEBOOKS.items():
            nbformat.write(build(name, cells, lang), folder / f"{name}.ipynb")
            print(f"wrote {lang}/{name}.ipynb")


if __name__ == "__main__":
    main()
