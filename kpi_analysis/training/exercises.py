"""Exercises, model answers and demonstrations for the training notebooks.

The notebooks in ``notebooks/training/en`` and ``notebooks/training/nl`` teach the
five steps of the method on the sample projects in ``data/samples``, whose true
effects are known (``truth.yaml``). This module gives them three things:

* **exercises**: :func:`check` compares a learner's answer (a plain value: a
  sentence, a list of catalogue ids, a number, a test name, a date) with what the
  library computes on the sample, and returns :class:`Feedback`: what is right, what
  is not and a hint, in English or Dutch, shown in a notebook as a green box (right)
  or an amber box with the hint (not yet). Every check is recorded for
  :func:`progress`.
* **model answers**: :func:`answer` returns the learner's own answer, or with
  ``solution=True`` the model answer, computed from the sample rather than typed in,
  so papermill can run every notebook as an answer key.
* **demonstrations** of the classic mistakes on the samples: no baseline
  (:func:`skip_baseline`), a baseline that is too short (:func:`short_baseline`),
  judging in the first week (:func:`judge_too_early`), no control group
  (:func:`without_control`), and whether the method finds the truth at all
  (:func:`truth_table`).

=====================  =============  ==========================================
exercise               notebook       the learner gives
=====================  =============  ==========================================
``vanity_metrics``     00             catalogue ids of vanity/output metrics
``leading_lagging``    00             catalogue ids of leading indicators
``ai_levels``          00             a dict: catalogue id -> AI level
``smart_target``       01             one sentence with a SMART target
``pick_kpis``          02             catalogue ids for the chatbot use case
``baseline_level``     03             a number: the baseline level
``first_evaluation``   04             a date: the first evaluation
``choose_test``        04             a test: compare_means/_series/_proportions/_rates
``verdict``            04             improved / worsened / no detectable change
``roi``                05             a number: ROI in percent over the horizon
=====================  =============  ==========================================

A notebook cell reads ``answer = training.answer("roi", my_roi, solution, lang)``
and the next ``training.check("roi", answer, lang)``.

    >>> from kpi_analysis import training
    >>> training.check("first_evaluation", "2026-05-04").passed
    True
    >>> print(training.check("first_evaluation", "2026-04-08").hint)  # doctest: +ELLIPSIS
    Give the new way of working ... 4 May 2026 ...
"""
from __future__ import annotations

import difflib
import functools
import inspect
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np
import pandas as pd
import yaml

from .. import kit
from ..method import rules as method

from ..words import text
from ..analysis.compare import VERDICTS, compare_kpis
from ..inputs.measurements import level, load_measurements
from ..errors import InputError, KpiError
from ..plan import KPI, Plan, Target, load_plan
from ..finance.roi import business_case
from ..present.html import FILLS, TONES, Markup, render
from ..finance.roi import roi as roi_percent
from ..stats.tests import compare_means, compare_proportions, compare_rates, compare_series

__all__ = [
    "SAMPLES", "SAMPLE_NAMES", "EXERCISES", "Feedback", "Box", "Sample", "load_sample",
    "answer", "model_answer", "check", "example", "options", "progress", "results",
    "reset", "run_test", "truth_table", "skip_baseline", "short_baseline",
    "judge_too_early", "without_control", "sentences",
]

SAMPLES = kit.SAMPLES
SAMPLE_NAMES = ("invoicing", "genai_quotes", "cv_screening", "chatbot", "webshop", "production")

#: the four test families a learner chooses from, and the test names each one runs
FAMILIES = ("compare_means", "compare_series", "compare_proportions", "compare_rates")
TEST_FAMILY = {"welch": "compare_means", "student": "compare_means",
               "mannwhitney": "compare_means", "paired-t": "compare_means",
               "wilcoxon": "compare_means", "series-hac": "compare_series",
               "chi2-yates": "compare_proportions", "chi2": "compare_proportions",
               "exact-poisson": "compare_rates", "series-gls": "compare_series",
               "quasi-binomial": "compare_proportions", "quasi-poisson": "compare_rates"}
_FAMILY_WORDS = {
    "compare_means": ("means", "mean", "t-test", "ttest", "t test", "welch", "student",
                      "mann-whitney", "mannwhitney", "wilcoxon", "gemiddelden", "gemiddelde"),
    "compare_series": ("series", "time series", "hac", "newey-west", "reeks", "tijdreeks"),
    "compare_proportions": ("proportions", "proportion", "chi2", "chi-square", "chi-squared",
                            "chi kwadraat", "chi-kwadraat", "proporties", "proportie",
                            "percentages", "fracties"),
    "compare_rates": ("rates", "rate", "poisson", "exact-poisson", "exact poisson",
                      "frequenties", "aantallen per"),
}
_VERDICT_WORDS = {
    "improved": ("improved", "improvement", "better", "verbeterd", "verbetering", "beter"),
    "worsened": ("worsened", "worse", "deteriorated", "verslechterd", "verslechtering",
                 "slechter"),
    "no detectable change": ("no detectable change", "no change", "unchanged", "none",
                             "not significant", "no effect", "geen aantoonbare verandering",
                             "geen verandering", "onveranderd", "niet significant",
                             "geen effect"),
    "cannot be assessed": ("cannot be assessed", "not assessable", "niet te beoordelen"),
}
_LEVEL_WORDS = {
    "technical": ("technical", "technisch", "techniek", "tech"),
    "process": ("process", "proces"),
    "business": ("business", "bedrijf", "bedrijfsresultaat", "zakelijk", "business value"),
    "adoption": ("adoption", "user adoption", "usage", "gebruik", "adoptie",
                 "gebruikersadoptie"),
}
VANITY_OPTIONS = ("website_visitors", "conversion_rate", "chatbot_interactions",
                  "first_contact_resolution", "emails_sent", "days_to_paid",
                  "documents_generated")
LEADING_OPTIONS = ("demos_booked", "revenue", "trials_started", "csat", "sales_calls", "profit")
LEVEL_OPTIONS = ("uptime", "time_to_first_draft", "cost_saving", "active_users")
#: pick 2 to this many KPIs for one AI use case (the method: at most 5-7, fewer is better)
MAX_PICKS = method.MAX_PER_AI_USE_CASE[0]
#: a stated starting point this far from the measured baseline is not the baseline
BASELINE_TOLERANCE = 0.10


# --- texts ---------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {  # key: (en, nl)
    "box.pass": ("Well done", "Goed zo"),
    "box.todo": ("Not yet", "Nog niet"),
    "box.example": ("Example", "Voorbeeld"),
    "box.hint": ("Hint", "Tip"),
    "box.exercise": ("Exercise", "Opdracht"),
    "empty": ("There is no answer yet: fill in the answer cell above and run it, then run "
              "this cell again.",
              "Er is nog geen antwoord: vul de antwoordcel hierboven in, voer die uit en "
              "voer daarna deze cel opnieuw uit."),
    # exercise titles
    "title.vanity_metrics": ("Vanity metrics", "IJdelheidsmetrics"),
    "title.leading_lagging": ("Leading indicators", "Voorspellende indicatoren"),
    "title.ai_levels": ("The four levels of AI success", "De vier niveaus van AI-succes"),
    "title.smart_target": ("A SMART target", "Een SMART-doel"),
    "title.pick_kpis": ("KPIs for the chatbot", "KPI's voor de chatbot"),
    "title.baseline_level": ("The baseline level", "Het niveau van de nulmeting"),
    "title.first_evaluation": ("The first evaluation", "De eerste evaluatie"),
    "title.choose_test": ("Choose the test", "Kies de toets"),
    "title.verdict": ("Read the result", "Lees de uitkomst"),
    "title.roi": ("Return on investment", "Rendement op de investering (ROI)"),
    # lists of ids
    "ids.unknown": ("Not in the list: {ids}.", "Staat niet in de lijst: {ids}."),
    "ids.did_you_mean": ("(did you mean {ids}?)", "(bedoelt u {ids}?)"),
    "ids.hint_unknown": ("Copy the ids exactly from the table above, e.g. \"{example}\".",
                         "Neem de id's precies over uit de tabel hierboven, bijvoorbeeld "
                         "\"{example}\"."),
    # vanity
    "vanity.pass": ("Right: these numbers look good on a slide but do not show whether the "
                    "business got a result.",
                    "Klopt: deze getallen staan mooi op een dia, maar laten niet zien of het "
                    "bedrijf er iets mee heeft bereikt."),
    "vanity.flagged": ("counts {what}; follow {instead} instead.",
                       "telt {what}; volg liever {instead}."),
    "vanity.what.reach": ("how many people saw something", "hoeveel mensen iets zagen"),
    "vanity.what.activity": ("how often something happened", "hoe vaak iets gebeurde"),
    "vanity.what.output": ("what the system produced", "wat het systeem heeft gemaakt"),
    "vanity.found": ("You found {found} of the {total} vanity or output metrics.",
                     "U hebt {found} van de {total} ijdelheids- of outputmetrics gevonden."),
    "vanity.wrong": ("not a vanity metric: it measures a result ({category}) that ties to a "
                     "business goal.",
                     "geen ijdelheidsmetric: die meet een resultaat ({category}) dat bij een "
                     "bedrijfsdoel hoort."),
    "vanity.hint_missed": ("Still {n} to find. Ask of each remaining number: if it doubled, "
                           "would the business earn or save more? A number that can double "
                           "without that is a vanity or output metric.",
                           "Er zijn er nog {n} te vinden. Vraag bij elk overgebleven getal: als "
                           "dit verdubbelt, verdient of bespaart het bedrijf dan meer? Kan het "
                           "verdubbelen zonder dat, dan is het een ijdelheids- of outputmetric."),
    "vanity.hint_start": ("Ask of each number in the table: if it doubled, would the business "
                          "earn or save more, or serve customers better? If not, it is a vanity "
                          "or output metric.",
                          "Vraag bij elk getal in de tabel: als dit verdubbelt, verdient of "
                          "bespaart het bedrijf dan meer, of helpt het klanten beter? Zo niet, "
                          "dan is het een ijdelheids- of outputmetric."),
    "vanity.hint_wrong": ("A KPI ties directly to a business goal (conversion, time saved, "
                          "questions solved); keep those out of your list.",
                          "Een KPI hangt direct samen met een bedrijfsdoel (conversie, "
                          "bespaarde tijd, opgeloste vragen); laat die uit uw lijst."),
    # leading
    "leading.pass": ("Right: these move first and predict the results that follow.",
                     "Klopt: deze bewegen eerst en voorspellen de resultaten die volgen."),
    "leading.item": ("leading: it changes before the result does.",
                     "voorspellend: die verandert voordat het resultaat verandert."),
    "leading.found": ("You found {found} of the {total} leading indicators.",
                      "U hebt {found} van de {total} voorspellende indicatoren gevonden."),
    "leading.wrong": ("lagging: it shows a result after the fact.",
                      "een resultaatindicator (lagging): die toont achteraf wat er bereikt "
                      "is."),
    "leading.hint": ("Ask of each number: can the team still steer by it this week, or does "
                     "it only tell what happened last quarter? A healthy set mixes both.",
                     "Vraag bij elk getal: kan het team hier deze week nog op bijsturen, of "
                     "vertelt het alleen wat er vorig kwartaal gebeurde? Een gezonde set "
                     "combineert beide."),
    # AI levels
    "levels.pass": ("Right: each KPI sits on its level. An AI use case needs 1-2 KPIs on each "
                    "of the four.",
                    "Klopt: elke KPI staat op zijn niveau. Een AI-toepassing heeft op elk van "
                    "de vier niveaus 1-2 KPI's nodig."),
    "levels.item": ("{level}: {meaning}.", "{level}: {meaning}."),
    "levels.count": ("{right} of the {total} levels are right.",
                     "{right} van de {total} niveaus kloppen."),
    "levels.missing": ("no level given.", "geen niveau ingevuld."),
    "levels.unknown": ("'{given}' is not a level; use technical, process, business or "
                       "adoption.",
                       "'{given}' is geen niveau; gebruik technisch, proces, bedrijf of "
                       "gebruik."),
    "levels.wrong": ("you chose {level}, which is about {meaning}. Is that what this KPI "
                     "measures?",
                     "u koos {level}, dat gaat over {meaning}. Meet deze KPI dat?"),
    "levels.hint": ("Technical is about the system, process about the work, business about "
                    "money and results, adoption about the people using it.",
                    "Techniek gaat over het systeem, proces over het werk, bedrijf over geld en "
                    "resultaat, gebruik over de mensen die ermee werken."),
    "level.meaning.technical": ("how the AI system itself performs (speed, accuracy, uptime)",
                                "hoe het AI-systeem zelf presteert (snelheid, nauwkeurigheid, "
                                "beschikbaarheid)"),
    "level.meaning.process": ("how the work flows (lead time, errors, share automated)",
                              "hoe het werk verloopt (doorlooptijd, fouten, aandeel "
                              "geautomatiseerd)"),
    "level.meaning.business": ("what it brings the business (money saved, revenue, ROI)",
                               "wat het het bedrijf oplevert (besparing, omzet, rendement)"),
    "level.meaning.adoption": ("whether people really use it and like it",
                               "of mensen het echt gebruiken en er tevreden over zijn"),
    # SMART
    "smart.S": ("Specific", "Specifiek"),
    "smart.M": ("Measurable", "Meetbaar"),
    "smart.A": ("Acceptable", "Acceptabel"),
    "smart.R": ("Realistic", "Realistisch"),
    "smart.T": ("Time-bound", "Tijdgebonden"),
    "smart.pass": ("Your target is SMART. I read it as: {reading}.",
                   "Uw doel is SMART. Ik lees het als: {reading}."),
    "smart.todo": ("{n} of the 5 SMART criteria are met. I read your target as: {reading}.",
                   "{n} van de 5 SMART-criteria zijn gehaald. Ik lees uw doel als: {reading}."),
    "smart.reading": ("{name}: {target}, deadline {deadline}",
                      "{name}: {target}, deadline {deadline}"),
    "smart.reading_value": ("from {before} to {after} {unit} ({change})",
                            "van {before} naar {after} {unit} ({change})"),
    "smart.reading_change": ("{change} against the baseline of {before} {unit}",
                             "{change} ten opzichte van de nulmeting van {before} {unit}"),
    "smart.no_number": ("no number", "geen getal"),
    "smart.no_deadline": ("none", "geen"),
    "smart.S.ok": ("it names the KPI ({name}).", "het noemt de KPI ({name})."),
    "smart.S.other": ("it seems to be about '{other}', not about '{name}'.",
                      "het lijkt te gaan over '{other}', niet over '{name}'."),
    "smart.S.none": ("it does not say which number is meant.",
                     "er staat niet in om welk getal het gaat."),
    "smart.S.hint": ("Start with the KPI itself, e.g. '{name}'.",
                     "Begin met de KPI zelf, bijvoorbeeld '{name}'."),
    "smart.M.ok": ("it says how much: {target}.", "het zegt hoeveel: {target}."),
    "smart.M.none": ("there is no number to reach.", "er is geen getal om te halen."),
    "smart.M.several": ("it has several numbers ({numbers}) and I cannot tell which is the "
                        "target.",
                        "er staan meerdere getallen in ({numbers}) en het is niet duidelijk "
                        "welk het doel is."),
    "smart.M.baseline": ("it starts from {stated} {unit}, but the measured baseline is "
                         "{before} {unit}.",
                         "het gaat uit van {stated} {unit}, maar de gemeten nulmeting is "
                         "{before} {unit}."),
    "smart.M.hint": ("Write the level to reach: 'from {before} to ... {unit}', or a change "
                     "such as '-50%'.",
                     "Schrijf het niveau dat u wilt halen: 'van {before} naar ... {unit}', of "
                     "een verandering zoals '-50%'."),
    "smart.M.hint_baseline": ("Start from the measured baseline, {before} {unit}; a target "
                              "built on a remembered number cannot be checked.",
                              "Ga uit van de gemeten nulmeting, {before} {unit}; een doel "
                              "dat op een getal uit het geheugen rust, is niet te toetsen."),
    "smart.AR.no_number": ("cannot be judged without a number.",
                           "niet te beoordelen zonder getal."),
    "smart.A.hint": ("Compare with what is typical: {reference}.",
                     "Vergelijk met wat gebruikelijk is: {reference}."),
    "smart.A.hint_generic": ("Choose a change in the right direction that the team can "
                             "support.",
                             "Kies een verandering in de goede richting waar het team achter "
                             "kan staan."),
    "smart.R.hint": ("A target inside the normal week-to-week variation cannot be told apart "
                     "from chance: aim for a larger change.",
                     "Een doel binnen de normale schommelingen van week tot week is niet van "
                     "toeval te onderscheiden: mik op een grotere verandering."),
    "smart.T.none": ("there is no date.", "er staat geen datum in."),
    "smart.T.hint": ("Add a date, e.g. 'by {deadline}' or 'within 6 months'. The first "
                     "judgement can come {weeks} weeks after go-live ({first}) at the "
                     "earliest.",
                     "Voeg een datum toe, bijvoorbeeld 'voor {deadline}' of 'binnen 6 "
                     "maanden'. Het eerste oordeel kan op zijn vroegst {weeks} weken na de "
                     "livegang ({first})."),
    "smart.model": ("{verb} the {name} from {before} to {after} {unit} by {deadline}.",
                    "{verb} de {name} van {before} naar {after} {unit} voor {deadline}."),
    "verb.lower_is_better": ("Cut", "Verlaag"),
    "verb.higher_is_better": ("Raise", "Verhoog"),
    # pick KPIs
    "pick.pass": ("A focused set that serves the goal ({aim}) and guards its speed KPIs.",
                  "Een gerichte set die het doel ({aim}) dient en de snelheids-KPI's bewaakt."),
    "pick.todo": ("{n} of the {total} points are in order.",
                  "{n} van de {total} punten zijn in orde."),
    "pick.known": ("Known ids", "Bekende id's"),
    "pick.known.ok": ("all ids are in the catalogue.", "alle id's staan in de catalogus."),
    "pick.use_case": ("Fits the use case", "Past bij de toepassing"),
    "pick.use_case.ok": ("all are KPIs for {use_case}.", "het zijn allemaal KPI's voor "
                         "{use_case}."),
    "pick.use_case.bad": ("not in the catalogue for {use_case}: {names}.",
                          "niet in de catalogus voor {use_case}: {names}."),
    "pick.use_case.hint": ("Choose from the table above: it holds the catalogue for "
                           "{use_case}.",
                           "Kies uit de tabel hierboven: daarin staat de catalogus voor "
                           "{use_case}."),
    "pick.vanity": ("No vanity or output metrics", "Geen ijdelheids- of outputmetrics"),
    "pick.vanity.ok": ("every KPI measures a result.", "elke KPI meet een resultaat."),
    "pick.vanity.bad": ("{items}.", "{items}."),
    "pick.vanity.item": ("{name} only counts activity (use {instead})",
                         "{name} telt alleen activiteit (neem {instead})"),
    "pick.count": ("Focus", "Focus"),
    "pick.count.ok": ("{n} KPIs: enough to see the result and its side effects, few enough "
                      "to act on.",
                      "{n} KPI's: genoeg om het resultaat en de bijwerkingen te zien, weinig "
                      "genoeg om op te sturen."),
    "pick.count.few": ("{n} KPI: one number cannot show a result and guard its quality at the "
                       "same time.",
                       "{n} KPI: één getal kan niet tegelijk het resultaat tonen en de "
                       "kwaliteit bewaken."),
    "pick.count.many": ("{n} KPIs: too many to steer by; the method advises 1-2 per level and "
                        "at most {max} for one AI use case.",
                        "{n} KPI's: te veel om op te sturen; de methode adviseert 1-2 per "
                        "niveau en hooguit {max} voor één AI-toepassing."),
    "pick.count.hint": ("Pick between 2 and {max} KPIs.", "Kies tussen 2 en {max} KPI's."),
    "pick.goal": ("Serves the goal", "Dient het doel"),
    "pick.goal.ok": ("whether the goal ({aim}) is reached shows in: {names}.",
                     "of het doel ({aim}) gehaald wordt, blijkt uit: {names}."),
    "pick.goal.bad": ("no process or business KPI measures {categories}, which is what the "
                      "goal ({aim}) is about.",
                      "geen proces- of bedrijfs-KPI meet {categories}, en daar gaat het doel "
                      "({aim}) over."),
    "pick.goal.hint": ("Add an outcome KPI on the process or business level that measures "
                       "{categories}.",
                       "Voeg een uitkomst-KPI op proces- of bedrijfsniveau toe die "
                       "{categories} meet."),
    "pick.guard": ("Quality guard (Goodhart)", "Kwaliteitsbewaker (Goodhart)"),
    "pick.guard.ok": ("every speed or volume KPI has a quality KPI beside it.",
                      "naast elke KPI voor snelheid of volume staat een kwaliteits-KPI."),
    "pick.guard.none": ("no speed or volume KPI, so no guard is needed.",
                        "geen KPI voor snelheid of volume, dus geen bewaker nodig."),
    "pick.guard.bad": ("{names} measure speed or volume without a quality KPI beside them: "
                       "once they become the target, quality can slip unseen.",
                       "{names} meten snelheid of volume zonder kwaliteits-KPI ernaast: zodra "
                       "ze het doel worden, kan de kwaliteit ongemerkt dalen."),
    "pick.guard.hint": ("Add a quality or customer KPI, e.g. {suggestion} ({id}).",
                        "Voeg een kwaliteits- of klant-KPI toe, bijvoorbeeld {suggestion} "
                        "({id})."),
    # baseline
    "baseline.pass": ("Right: the baseline level is {model} {unit} ({n} values from {start} to "
                      "{end}). Everything after go-live is compared with this number.",
                      "Klopt: het niveau van de nulmeting is {model} {unit} ({n} waarden van "
                      "{start} tot en met {end}). Alles na de livegang wordt met dit getal "
                      "vergeleken."),
    "baseline.not_number": ("'{given}' is not a number.", "'{given}' is geen getal."),
    "baseline.all": ("{given} is the level over all measurements, including those after "
                     "go-live: the new way of working is already mixed in.",
                     "{given} is het niveau over alle metingen, ook die na de livegang: de "
                     "nieuwe werkwijze zit er dan al in."),
    "baseline.after": ("{given} is the level after go-live: that is what step 4 compares with "
                       "the baseline.",
                       "{given} is het niveau na de livegang: dat vergelijkt stap 4 met de "
                       "nulmeting."),
    "baseline.stabilisation": ("{given} is the level in the first weeks after go-live, while "
                               "people were still getting used to it.",
                               "{given} is het niveau in de eerste weken na de livegang, toen "
                               "mensen er nog aan moesten wennen."),
    "baseline.median": ("{given} is the median of the baseline; the report states the mean "
                        "for this KPI.",
                        "{given} is de mediaan van de nulmeting; het rapport geeft voor deze "
                        "KPI het gemiddelde."),
    "baseline.mean": ("{given} is the mean of the baseline; the report states the median for "
                      "this KPI, because its values are skewed.",
                      "{given} is het gemiddelde van de nulmeting; het rapport geeft voor deze "
                      "KPI de mediaan, omdat de waarden scheef verdeeld zijn."),
    "baseline.close": ("{given} is close, but not the baseline level: check the rounding and "
                       "which rows you used.",
                       "{given} komt in de buurt, maar is niet het niveau van de nulmeting: "
                       "controleer de afronding en welke rijen u gebruikte."),
    "baseline.other": ("{given} is not the baseline level of {name}.",
                       "{given} is niet het niveau van de nulmeting van {name}."),
    "baseline.hint": ("Use only the rows with period 'baseline' ({start} to {end}) and take "
                      "their mean, e.g. rows[rows[\"period\"] == \"baseline\"][\"value\"]"
                      ".mean(); give one decimal.",
                      "Gebruik alleen de rijen met period 'baseline' ({start} tot en met "
                      "{end}) en neem het gemiddelde, bijvoorbeeld "
                      "rows[rows[\"period\"] == \"baseline\"][\"value\"].mean(); geef één "
                      "decimaal."),
    # first evaluation
    "first.not_date": ("'{given}' is not a date I can read; write it as 2026-05-04 or "
                       "4-5-2026.",
                       "'{given}' is geen datum die ik kan lezen; schrijf die als 2026-05-04 "
                       "of 4-5-2026."),
    "first.pass": ("{date} is {weeks} weeks after go-live: the new way of working has settled "
                   "and you judge within the 4-6 weeks the method advises. After that, review "
                   "monthly.",
                   "{date} is {weeks} weken na de livegang: de nieuwe werkwijze is ingeslepen "
                   "en u oordeelt binnen de 4-6 weken die de methode adviseert. Bespreek de "
                   "cijfers daarna maandelijks."),
    "first.before": ("{date} is before go-live ({go_live}): nothing has changed yet, this is "
                     "still the baseline.",
                     "{date} ligt voor de livegang ({go_live}): er is nog niets veranderd, dit "
                     "is nog de nulmeting."),
    "first.week_one": ("{date} is in the first week after go-live: the system is not stable "
                       "yet and users are still learning, so the numbers say little.",
                       "{date} valt in de eerste week na de livegang: het systeem is nog niet "
                       "stabiel en gebruikers leren nog, dus de cijfers zeggen weinig."),
    "first.settling": ("{date} is {weeks} weeks after go-live: still inside the {min} weeks "
                       "this plan gives people to get used to it.",
                       "{date} is {weeks} weken na de livegang: nog binnen de {min} weken die "
                       "dit plan mensen geeft om te wennen."),
    "first.late": ("{date} is {weeks} weeks after go-live: later than needed. Every month "
                   "without numbers is a month without steering.",
                   "{date} is {weeks} weken na de livegang: later dan nodig. Elke maand "
                   "zonder cijfers is een maand zonder bijsturen."),
    "first.too_late": ("{date} is more than six months after go-live: too late to adjust "
                       "course.",
                       "{date} is meer dan een half jaar na de livegang: te laat om nog bij te "
                       "sturen."),
    "first.hint": ("Give the new way of working {min} weeks to settle after go-live "
                   "({go_live}), then judge: between {first} and {last}.",
                   "Geef de nieuwe werkwijze na de livegang ({go_live}) {min} weken om in te "
                   "slijten en oordeel dan: tussen {first} en {last}."),
    # choose test
    "test.family.compare_means": ("values per item (a lead time per invoice), compared as "
                                  "means",
                                  "waarden per item (een doorlooptijd per factuur), vergeleken "
                                  "als gemiddelden"),
    "test.family.compare_series": ("one value per period (per day or week) whose neighbours "
                                   "resemble each other",
                                   "één waarde per periode (per dag of week) die op de "
                                   "buren lijkt"),
    "test.family.compare_proportions": ("successes out of trials (quotes won out of quotes "
                                        "sent)",
                                        "successen uit pogingen (gewonnen offertes van de "
                                        "verstuurde)"),
    "test.family.compare_rates": ("events counted over an exposure (errors over invoices)",
                                  "gebeurtenissen geteld over een blootstelling (fouten over "
                                  "facturen)"),
    "test.unknown": ("'{given}' is not one of the four tests.",
                     "'{given}' is niet een van de vier toetsen."),
    "test.pass": ("Right: {name} is {data}, so {family} fits. It is the test the kit chooses "
                  "too ({test}).",
                  "Klopt: {name} is {data}, dus {family} past. Het is ook de toets die de kit "
                  "kiest ({test})."),
    "test.wrong": ("{chosen} is made for {chosen_data}. But {name} is {data}, and that calls "
                   "for another test.",
                   "{chosen} is bedoeld voor {chosen_data}. Maar {name} is {data}, en dat "
                   "vraagt om een andere toets."),
    "test.hint": ("Look at the data columns: value holds {value}{n}. Which of the four tests "
                  "is made for that?",
                  "Kijk naar de kolommen: value bevat {value}{n}. Welke van de vier toetsen "
                  "is daarvoor gemaakt?"),
    "test.hint_n": (" and n holds {n}", " en n bevat {n}"),
    "test.choose": ("Choose one of: {families}.", "Kies een van: {families}."),
    "test.run_none": ("Choose a test in the answer cell first: {families}.",
                      "Kies eerst een toets in de antwoordcel: {families}."),
    "test.run_data": ("its data are {data}, not counts with a total",
                      "de gegevens zijn {data}, geen aantallen met een totaal"),
    "test.run_cannot": ("{family} cannot run on {name}: {reason}",
                        "{family} kan niet draaien op {name}: {reason}"),
    "data.compare_means": ("a value per item", "een waarde per item"),
    "data.compare_series": ("one value per period", "één waarde per periode"),
    "data.compare_proportions": ("successes out of trials", "successen uit pogingen"),
    "data.compare_rates": ("a count of events over an exposure",
                           "een aantal gebeurtenissen over een blootstelling"),
    "value.duration": ("the {unit} per item", "de {unit} per item"),
    "value.events": ("the number of events per row", "het aantal gebeurtenissen per rij"),
    "value.successes": ("the successes per row", "het aantal successen per rij"),
    "value.level": ("the level per period", "het niveau per periode"),
    "n.exposure": ("the exposure (how many items could have had one)",
                   "de blootstelling (hoeveel items er een hadden kunnen hebben)"),
    "n.trials": ("the number of trials", "het aantal pogingen"),
    # verdict
    "verdict.unknown": ("'{given}' is not a verdict; answer {choices}.",
                        "'{given}' is geen oordeel; antwoord {choices}."),
    "verdict.pass": ("Right: {verdict}. {reason}", "Klopt: {verdict}. {reason}"),
    "verdict.wrong": ("Not {given}. {reason}", "Niet {given}. {reason}"),
    "verdict.reason_none": ("The level went from {before} to {after} {unit} ({change}), but the "
                            "95% interval of the change ({low} to {high}) includes no change: "
                            "chance alone easily gives a difference like this.",
                            "Het niveau ging van {before} naar {after} {unit} ({change}), maar "
                            "het 95%-interval van de verandering ({low} tot {high}) omvat geen "
                            "verandering: toeval geeft makkelijk zo'n verschil."),
    "verdict.reason_change": ("The level went from {before} to {after} {unit} ({change}); the "
                              "95% interval ({low} to {high}) excludes no change, and "
                              "{better} is better for this KPI.",
                              "Het niveau ging van {before} naar {after} {unit} ({change}); "
                              "het 95%-interval ({low} tot {high}) sluit geen verandering uit "
                              "en voor deze KPI is {better} beter."),
    "verdict.truth": ("The truth behind this sample: {truth}.",
                      "De werkelijkheid achter deze dataset: {truth}."),
    "verdict.hint": ("Look at ci_low and ci_high of the test result: does the interval "
                     "include 0?",
                     "Kijk naar ci_low en ci_high in de uitkomst van de toets: ligt 0 in het "
                     "interval?"),
    "truth.same": ("no real change ({before} {unit} before and after)",
                   "geen echte verandering ({before} {unit} voor en na)"),
    "truth.moved": ("from {before} to {after} {unit} ({change})",
                    "van {before} naar {after} {unit} ({change})"),
    # ROI
    "roi.not_number": ("'{given}' is not a number.", "'{given}' is geen getal."),
    "roi.pass": ("Right: ROI = ({benefit} - {investment}) / {investment} x 100 = {model} over "
                 "{months} months. For comparison: a realistic first-year AI ROI is 15-25%; "
                 "here the first {first_months} months give {first}.",
                 "Klopt: ROI = ({benefit} - {investment}) / {investment} x 100 = {model} over "
                 "{months} maanden. Ter vergelijking: een realistische AI-ROI in het eerste "
                 "jaar is 15-25%; hier geven de eerste {first_months} maanden {first}."),
    "roi.fraction": ("{given} is the ROI as a fraction; multiply by 100 to get percent.",
                     "{given} is de ROI als fractie; vermenigvuldig met 100 voor procenten."),
    "roi.ratio": ("{given} is benefit / investment x 100: the investment itself has to be "
                  "subtracted from the benefit first.",
                  "{given} is opbrengst / investering x 100: trek eerst de investering van de "
                  "opbrengst af."),
    "roi.one_off": ("{given} counts only the one-off costs ({one_off}) as the investment; the "
                    "running costs of every month ({running} x {months}) belong to it too.",
                    "{given} rekent alleen de eenmalige kosten ({one_off}) als investering; de "
                    "lopende kosten van elke maand ({running} x {months}) horen er ook bij."),
    "roi.over_benefit": ("{given} divides by the benefit; ROI divides by the investment.",
                         "{given} deelt door de opbrengst; ROI deelt door de investering."),
    "roi.first_year": ("{given} is the ROI over the first {first_months} months; the question "
                       "asks for the whole horizon of {months} months.",
                       "{given} is de ROI over de eerste {first_months} maanden; de vraag gaat "
                       "over de hele looptijd van {months} maanden."),
    "roi.monthly": ("{given} uses one month of benefit; add up the benefit over all {months} "
                    "months.",
                    "{given} gebruikt één maand opbrengst; tel de opbrengst van alle {months} "
                    "maanden op."),
    "roi.other": ("{given} is not the ROI over {months} months.",
                  "{given} is niet de ROI over {months} maanden."),
    "roi.hint": ("ROI = (total benefit - total investment) / total investment x 100. Total "
                 "benefit = benefit per month x {months}; total investment = one-off costs + "
                 "running costs per month x {months}.",
                 "ROI = (totale opbrengst - totale investering) / totale investering x 100. "
                 "Totale opbrengst = opbrengst per maand x {months}; totale investering = "
                 "eenmalige kosten + lopende kosten per maand x {months}."),
    # progress
    "progress.title": ("Your progress", "Uw voortgang"),
    "progress.none": ("No exercise checked yet in this session.",
                      "In deze sessie is nog geen opdracht gecontroleerd."),
    "progress.count": ("{passed} of {total} exercises done.", "{passed} van {total} opdrachten "
                       "klaar."),
    "progress.done": ("done", "klaar"),
    "progress.todo": ("not yet", "nog niet"),
    # demos
    "col.sample": ("Sample", "Dataset"),
    "col.kpi": ("KPI", "KPI"),
    "col.true_change": ("True change", "Echte verandering"),
    "col.measured": ("Measured change", "Gemeten verandering"),
    "col.interval": ("95% interval", "95%-interval"),
    "col.inside": ("Truth inside the interval", "Werkelijkheid binnen het interval"),
    "col.verdict": ("Verdict", "Oordeel"),
    "col.baseline": ("Baseline", "Nulmeting"),
    "col.n": ("Baseline values", "Waarden in de nulmeting"),
    "col.level": ("Baseline level", "Niveau nulmeting"),
    "col.width": ("Width of the interval", "Breedte van het interval"),
    "col.week_one": ("After {days} days", "Na {days} dagen"),
    "col.settled": ("After the stabilisation weeks", "Na de stabilisatieweken"),
    "col.what": ("Comparison", "Vergelijking"),
    "col.true": ("Truth", "Werkelijkheid"),
    "col.status": ("Status", "Status"),
    "col.id": ("id", "id"),
    "col.name": ("Name", "Naam"),
    "col.unit": ("Unit", "Eenheid"),
    "col.level_ai": ("Level", "Niveau"),
    "col.category": ("Measures", "Meet"),
    "col.reference": ("Typical target", "Gebruikelijk doel"),
    "col.item": ("Item", "Post"),
    "col.amount": ("Amount", "Bedrag"),
    "col.value": ("Value", "Waarde"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "too_few": ("too few values to compare", "te weinig waarden om te vergelijken"),
    "truth.title": ("Does the method find the truth?", "Vindt de methode de werkelijkheid?"),
    "truth.note": ("The samples were drawn from known true levels. In {inside} of the {total} "
                   "KPIs the 95% interval of the measured change contains the true change. A "
                   "95% interval misses about 1 time in 20 by chance, so one miss among this "
                   "many KPIs is what to expect.",
                   "De datasets zijn getrokken uit bekende echte niveaus. Bij {inside} van de "
                   "{total} KPI's ligt de echte verandering binnen het 95%-interval van de "
                   "gemeten verandering. Een 95%-interval mist door toeval ongeveer 1 op de "
                   "20 keer, dus één misser op zoveel KPI's is wat u mag verwachten."),
    "skip.title": ("Without a baseline", "Zonder nulmeting"),
    "skip.after": ("After go-live, {name} is {after} {unit}. Is that an improvement? Without "
                   "a baseline nobody can say: the number has nothing to be compared with.",
                   "Na de livegang is {name} {after} {unit}. Is dat een verbetering? Zonder "
                   "nulmeting kan niemand dat zeggen: het getal heeft niets om mee vergeleken "
                   "te worden."),
    "skip.kit": ("The kit refuses the comparison: \u201c{error}\u201d",
                 "De kit weigert de vergelijking: \u201c{error}\u201d"),
    "skip.with": ("With the baseline the answer is clear: {before} before, {after} after "
                  "({change}, 95% interval {low} to {high}).",
                  "Met de nulmeting is het antwoord duidelijk: {before} ervoor, {after} erna "
                  "({change}, 95%-interval {low} tot {high})."),
    "short.title": ("A baseline of {weeks} week(s) against the full baseline",
                    "Een nulmeting van {weeks} week/weken tegenover de volledige nulmeting"),
    "short.full": ("Full baseline ({start} to {end})", "Volledige nulmeting ({start} t/m {end})"),
    "short.short": ("Last {weeks} week(s) only ({start} to {end})",
                    "Alleen de laatste {weeks} week/weken ({start} t/m {end})"),
    "short.note": ("The true baseline level is {truth} {unit}. The short baseline rests on "
                   "{n_short} values instead of {n_full}, so its level is less certain and "
                   "the interval of the change is {times} times as wide.",
                   "Het echte niveau van de nulmeting is {truth} {unit}. De korte nulmeting "
                   "rust op {n_short} waarden in plaats van {n_full}, dus het niveau is "
                   "onzekerder en het interval van de verandering is {times} keer zo breed."),
    "early.title": ("Judging {days} days after go-live", "Oordelen {days} dagen na de livegang"),
    "early.note": ("In the first days after go-live the new way of working has not settled: "
                   "in this sample the true level moves from the old to the new value over the "
                   "{weeks} stabilisation weeks. Judging early understates the effect, or "
                   "finds none at all.",
                   "In de eerste dagen na de livegang is de nieuwe werkwijze nog niet "
                   "ingeslepen: in deze dataset schuift het echte niveau in de {weeks} "
                   "stabilisatieweken van de oude naar de nieuwe waarde. Wie vroeg oordeelt, "
                   "onderschat het effect of vindt er helemaal geen."),
    "control.title": ("Before/after without and with the control group",
                      "Voor/na zonder en met de controlegroep"),
    "control.treated": ("Store with the change: before vs after",
                        "Winkel met de verandering: voor tegenover na"),
    "control.control": ("Control group without the change: before vs after",
                        "Controlegroep zonder de verandering: voor tegenover na"),
    "control.did": ("Effect of the change (difference in differences)",
                    "Effect van de verandering (verschil van de verschillen)"),
    "control.note": ("Over the same weeks the control group also moved by {control}: the "
                     "season, not the change. A plain before/after comparison gives the "
                     "change all the credit ({naive}); the control group takes the season out "
                     "and leaves {did}.",
                     "In dezelfde weken bewoog de controlegroep ook, met {control}: dat is het "
                     "seizoen, niet de verandering. Een gewone voor/na-vergelijking schrijft "
                     "alles toe aan de verandering ({naive}); de controlegroep haalt het "
                     "seizoen eruit en laat {did} over."),
    "control.missing": ("This sample has no control group in the data.",
                        "Deze dataset heeft geen controlegroep in de gegevens."),
    "points": ("points", "procentpunt"),
    "roi.benefit": ("Benefit per month: {name}", "Opbrengst per maand: {name}"),
    "roi.months": ("Months in the business case", "Maanden in de businesscase"),
    "roi.one_off_item": ("One-off: {item}", "Eenmalig: {item}"),
    "roi.monthly_item": ("Every month: {item}", "Elke maand: {item}"),
    "first.go_live": ("Go-live", "Livegang"),
    "first.stabilisation": ("Stabilisation weeks in the plan", "Stabilisatieweken in het plan"),
    "first.baseline": ("Baseline", "Nulmeting"),
    "smart.kpi": ("KPI", "KPI"),
    "smart.baseline": ("Measured baseline", "Gemeten nulmeting"),
    "smart.direction": ("Better is", "Beter is"),
    "smart.reference": ("Typical target (catalogue)", "Gebruikelijk doel (catalogus)"),
    "smart.go_live": ("Go-live", "Livegang"),
    "smart.goal_deadline": ("Deadline of the goal", "Deadline van het doel"),
    "test.kind": ("Kind", "Soort"),
}


def _lang(lang: str) -> str:
    if lang not in text.LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a language; valid: {', '.join(text.LANGUAGES)}")
    return lang


def _say(key: str, lang: str, **fields) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in."""
    return MESSAGES[key][text.LANGUAGES.index(_lang(lang))].format(**fields)


def _term(key: str, lang: str) -> str:
    """A word of the method engine's vocabulary (level, category...) in ``lang``."""
    pair = method.TERMS.get(key)
    return pair[text.LANGUAGES.index(lang)] if pair else key


def _num(x: float, lang: str) -> str:
    return text.fmt_value(x, lang)


def _pct(x: float, lang: str) -> str:
    return text.fmt_pct(x, lang, 0 if abs(x) >= 10 else 1)


def _money(x: float, lang: str, currency: str = "EUR") -> str:
    return f"{currency} {text.fmt_number(x, lang, 0)}"


def _and(items: list[str], lang: str, word: str = "and") -> str:
    """'a, b and c' ('en' in Dutch); with ``word="or"``: 'a, b or c' ('of')."""
    if len(items) <= 1:
        return "".join(items)
    joiner = {("and", "en"): " and ", ("and", "nl"): " en ", ("or", "en"): " or ",
              ("or", "nl"): " of "}[(word, lang)]
    return ", ".join(items[:-1]) + joiner + items[-1]


# --- the samples ---------------------------------------------------------------------

class Sample:
    """A sample project: plan, tidy measurements, the truth and (on first use) the
    comparison of every KPI. Get one with :func:`load_sample`."""

    def __init__(self, name: str):
        if name not in SAMPLE_NAMES:
            raise InputError(f"sample: '{name}' is not a sample; valid: {', '.join(SAMPLE_NAMES)}")
        folder = SAMPLES / name
        self.name = name
        self.plan: Plan = load_plan(folder / "plan.yaml")
        self.data: pd.DataFrame = load_measurements("", self.plan)
        self.truth: dict = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))

    @functools.cached_property
    def results(self) -> pd.DataFrame:
        """:func:`~kpi_analysis.compare_kpis` on the sample."""
        return compare_kpis(self.data, self.plan)

    def kpi(self, kpi_id: str) -> KPI:
        try:
            return self.plan.kpi(kpi_id)
        except KeyError:
            raise InputError(f"kpi: '{kpi_id}' is not a KPI of sample '{self.name}'; valid: "
                             f"{', '.join(k.id for k in self.plan.kpis)}") from None

    def row(self, kpi_id: str) -> pd.Series:
        """The :func:`compare_kpis` row of one KPI."""
        self.kpi(kpi_id)
        return self.results.set_index("kpi").loc[kpi_id]

    def rows(self, kpi_id: str, period: str | None = None) -> pd.DataFrame:
        """The measurements of one KPI (treatment group only), optionally one period."""
        self.kpi(kpi_id)
        rows = self.data[self.data["kpi"] == kpi_id]
        if "group" in rows.columns:
            rows = rows[rows["group"] != "control"]
        return rows if period is None else rows[rows["period"] == period]


@functools.cache
def load_sample(name: str) -> Sample:
    """The sample project ``name`` (one of :data:`SAMPLE_NAMES`), loaded once per session."""
    return Sample(name)


def _one_kpi_plan(kpi: KPI, plan: Plan) -> SimpleNamespace:
    """A plan with one KPI and no guard, for :func:`compare_kpis` on part of a sample."""
    return SimpleNamespace(kpis=[kpi.model_copy(update={"guard": None})], alpha=plan.alpha)


def _compare_one(data: pd.DataFrame, kpi: KPI, plan: Plan) -> pd.Series:
    rows = data[data["kpi"] == kpi.id]
    return compare_kpis(rows, _one_kpi_plan(kpi, plan)).iloc[0]


def _entry(kpi: KPI) -> method.CatalogueEntry | None:
    return method.match_catalogue(kpi)


def _kpi_name(kpi: KPI, lang: str) -> str:
    """The KPI's name in ``lang``: the catalogue's when it knows the KPI, else the plan's."""
    entry = _entry(kpi)
    return entry.name(lang) if entry is not None else kpi.name


#: plain units of the samples in both languages (en, nl)
_UNITS = (("days", "dagen"), ("hours", "uur"), ("minutes", "minuten"), ("weeks", "weken"))


def _kpi_unit(kpi: KPI, lang: str) -> str:
    """The KPI's unit in ``lang`` where it is a plain unit or the catalogue's own."""
    entry = _entry(kpi)
    if entry is not None and kpi.unit in (entry.unit_en, entry.unit_nl):
        return entry.unit(lang)
    for pair in _UNITS:
        if kpi.unit in pair:
            return pair[text.LANGUAGES.index(lang)]
    return kpi.unit


# --- feedback and boxes --------------------------------------------------------------

#: feedback tone -> (border, background): the palette of kpi_analysis.present.html
_TONES = {tone: (TONES[name], FILLS[name])
          for tone, name in (("pass", "good"), ("todo", "todo"), ("info", "neutral"))}


@dataclass(frozen=True)
class Point:
    """One criterion of an answer: its label, whether it holds and why."""

    label: str
    ok: bool
    text: str


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    ``passed`` says whether the answer is right; ``message`` says specifically what is
    right or wrong; ``hint`` is the next step when it is not right (empty otherwise);
    ``points`` are the criteria checked one by one. In a notebook it shows as a green
    box (right) or an amber box with the hint; ``str()`` gives the same as plain text,
    starting with ``"<exercise>: passed"`` or ``"<exercise>: not yet"``.
    """

    exercise: str
    passed: bool
    message: str
    hint: str = ""
    points: tuple[Point, ...] = ()
    lang: str = "en"
    example: bool = False

    @property
    def status(self) -> str:
        return "passed" if self.passed else "not yet"

    def __str__(self) -> str:
        head = f"{self.exercise}: {'example, ' if self.example else ''}{self.status}"
        lines = [f"{head} - {self.message}"]
        lines += [f"  [{'x' if p.ok else ' '}] {p.label}: {p.text}" for p in self.points]
        if self.hint:
            lines.append(f"  {_say('box.hint', self.lang)}: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        title = _say("box.pass" if self.passed else "box.todo", self.lang)
        if self.example:
            title = f"{_say('box.example', self.lang)}: {title.lower()}"
        exercise = _say(f"title.{self.exercise}", self.lang) \
            if f"title.{self.exercise}" in MESSAGES else self.exercise
        return render("feedback.html.j2", kind="pass" if self.passed else "todo",
                      tone="good" if self.passed else "todo", exercise=self.exercise,
                      status=self.status, mark="\u2714" if self.passed else "\u25cb",
                      title=title, aside=f"{_say('box.exercise', self.lang)}: {exercise}",
                      message=self.message, points=self.points, hint=self.hint,
                      hint_label=_say("box.hint", self.lang))


@dataclass(frozen=True)
class Box:
    """A neutral box for a demonstration: a title, sentences and an optional table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: pd.DataFrame | None = None

    def __str__(self) -> str:
        parts = [self.title, *self.paragraphs]
        if self.table is not None:
            parts.append(self.table.to_string())
        return "\n".join(parts)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        table = self.table.to_html(escape=True, border=0) if self.table is not None else ""
        return render("feedback.html.j2", kind="info", tone="neutral", title=self.title,
                      paragraphs=self.paragraphs, table=Markup(table))


# --- reading answers -----------------------------------------------------------------

def _blank(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip() or answer.strip() in ("...", "?")
    if isinstance(answer, (list, tuple, set, dict)):
        return len(answer) == 0
    return False


def _empty(exercise: str, lang: str, hint: str) -> Feedback:
    return Feedback(exercise, False, _say("empty", lang), hint, lang=lang)


def _ids(answer: Any) -> list[str]:
    """A list of ids from a list, tuple or set, or a text with commas."""
    if isinstance(answer, str):
        items = re.split(r"[,;\s]+", answer)
    else:
        items = list(answer)
    out = []
    for item in items:
        plain = str(item).strip().strip("'\"").lower()
        if plain and plain not in out:
            out.append(plain)
    return out


def _number(answer: Any) -> float | None:
    """A number from a number or a text such as '131,0 %' or 'EUR 1.234,5'."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return float(answer) if math.isfinite(float(answer)) else None
    if isinstance(answer, str):
        found = _NUMBERS.findall(_clean(answer))
        return _to_float(found[0]) if len(found) == 1 else None
    return None


def _clean(value: str) -> str:
    """Lower case, accents removed, arrows and dashes made plain."""
    plain = unicodedata.normalize("NFKD", str(value))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    for old, new in (("\u2192", " -> "), ("=>", " -> "), ("\u2212", "-"), ("\u2013", "-"),
                     ("\u2014", "-"), ("\u00a0", " ")):
        plain = plain.replace(old, new)
    return plain


_NUM = r"[+-]?\d+(?:[.,]\d+)*"
_NUMBERS = re.compile(rf"(?<![\w.,]){_NUM}")


def _to_float(token: str) -> float:
    """'11,8' -> 11.8; '1,000' -> 1000; '1.234,5' -> 1234.5; '5.9' -> 5.9."""
    sign = -1.0 if token.startswith("-") else 1.0
    token = token.lstrip("+-")
    if "," in token and "." in token:
        token = token.replace(".", "").replace(",", ".") if token.rfind(",") > token.rfind(".") \
            else token.replace(",", "")
    elif "," in token:
        head, _, tail = token.rpartition(",")
        token = token.replace(",", "") if len(tail) == 3 and head.isdigit() else \
            token.replace(",", ".")
    return sign * float(token)


# --- dates in learners' sentences ------------------------------------------------------

_MONTHS = {
    "january": 1, "januari": 1, "jan": 1, "february": 2, "februari": 2, "feb": 2,
    "march": 3, "maart": 3, "mar": 3, "mrt": 3, "april": 4, "apr": 4, "may": 5, "mei": 5,
    "june": 6, "juni": 6, "jun": 6, "july": 7, "juli": 7, "jul": 7, "august": 8,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oktober": 10, "oct": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "een": 1, "two": 2, "twee": 2, "three": 3,
                "drie": 3, "four": 4, "vier": 4, "six": 6, "zes": 6, "nine": 9, "negen": 9,
                "twelve": 12, "twaalf": 12}
_SPAN_MONTHS = {"week": 0.25, "weeks": 0.25, "weken": 0.25, "month": 1, "months": 1,
                "maand": 1, "maanden": 1, "quarter": 3, "quarters": 3, "kwartaal": 3,
                "kwartalen": 3, "year": 12, "years": 12, "jaar": 12, "jaren": 12}


def _month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_date(month: int, day: int, after: date) -> date | None:
    for year in (after.year, after.year + 1):
        found = _make_date(year, month, day)
        if found is not None and found >= after:
            return found
    return None


def _relative(match: re.Match, after: date) -> date:
    """'within 6 months', 'binnen een half jaar': counted from ``after``."""
    if match[1]:
        return (pd.Timestamp(after) + pd.DateOffset(months=6)).date()
    count = _COUNT_WORDS.get(match[2]) or int(match[2])
    if _SPAN_MONTHS[match[3]] < 1:
        return after + timedelta(weeks=count)
    return (pd.Timestamp(after) + pd.DateOffset(months=int(_SPAN_MONTHS[match[3]] * count))).date()


def _take_dates(plain: str, after: date) -> tuple[list[date], str]:
    """The dates in a cleaned sentence (relative ones counted from ``after``) and the
    sentence with them blanked out, so their digits are not read as targets."""
    found: list[tuple[int, date]] = []
    rules: list[tuple[str, Callable[[re.Match], date | None]]] = [
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b",
         lambda m: _make_date(int(m[1]), int(m[2]), int(m[3]))),
        (r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b",
         lambda m: _make_date(int(m[3]), int(m[2]), int(m[1]))),
        (rf"\b(?:end of|eind(?:e)?(?: van)?)\s+{_MONTH}\s+(\d{{4}})\b",
         lambda m: _month_end(int(m[2]), _MONTHS[m[1]])),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th|e|ste)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b",
         lambda m: _make_date(int(m[3]), _MONTHS[m[2]], int(m[1])) if m[3]
         else _next_date(_MONTHS[m[2]], int(m[1]), after)),
        (rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
         lambda m: _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]))),
        (rf"\b{_MONTH}\s+(\d{{4}})\b", lambda m: _month_end(int(m[2]), _MONTHS[m[1]])),
        (r"\bq([1-4])\s*(?:of\s+|van\s+)?(\d{4})\b",
         lambda m: _month_end(int(m[2]), 3 * int(m[1]))),
        (r"\b(before|voor)\s+(\d{4})\b", lambda m: date(int(m[2]) - 1, 12, 31)),
        (r"\b(?:end of|eind(?:e)?(?: van)?|by|in|uiterlijk|during|tijdens)\s+(\d{4})\b",
         lambda m: date(int(m[1]), 12, 31)),
        (r"\b(?:within|in|binnen|over)\s+(?:(half a|een half|a half)|(\d+|a|an|one|een|two|"
         r"twee|three|drie|four|vier|six|zes|nine|negen|twelve|twaalf))\s+(weeks?|weken|"
         r"months?|maanden|maand|quarters?|kwartalen|kwartaal|years?|jaren|jaar)\b",
         lambda m: _relative(m, after)),
    ]
    for pattern, make in rules:
        for match in list(re.finditer(pattern, plain)):
            made = make(match)
            if made is not None:
                found.append((match.start(), made))
                plain = plain[:match.start()] + " " * (match.end() - match.start()) + \
                    plain[match.end():]
    plain = re.sub(r"\b(19|20)\d\d\b", " ", plain)
    return [d for _, d in sorted(found)], plain


def _read_date(answer: Any, after: date) -> date | None:
    if isinstance(answer, date):
        return answer
    if isinstance(answer, pd.Timestamp):
        return answer.date()
    if not isinstance(answer, str):
        return None
    dates, _ = _take_dates(_clean(answer), after)
    return dates[0] if dates else None


# --- exercise: vanity metrics ---------------------------------------------------------

def _flag_kind(entry: method.CatalogueEntry) -> str:
    if entry.output:
        return "output"
    return "reach" if entry.category == "reach" else "activity"


def _unknown_ids(given: list[str], valid: list[str], lang: str) -> str:
    parts = []
    for item in given:
        close = difflib.get_close_matches(item, valid, n=1, cutoff=0.6)
        parts.append(item + (" " + _say("ids.did_you_mean", lang, ids=close[0]) if close else ""))
    return _say("ids.unknown", lang, ids=", ".join(parts))


def _model_vanity(lang: str = "en") -> list[str]:
    cat = method.load_catalogue()
    return [i for i in VANITY_OPTIONS if cat.entry(i).flagged]


def _check_vanity(answer: Any, lang: str) -> Feedback:
    cat = method.load_catalogue()
    if _blank(answer):
        return _empty("vanity_metrics", lang, _say("vanity.hint_start", lang))
    given = _ids(answer)
    unknown = [i for i in given if i not in VANITY_OPTIONS]
    if unknown:
        return Feedback("vanity_metrics", False, _unknown_ids(unknown, list(VANITY_OPTIONS), lang),
                        _say("ids.hint_unknown", lang, example=VANITY_OPTIONS[0]), lang=lang)
    flagged = set(_model_vanity())
    wrong = [i for i in given if i not in flagged]
    missed = [i for i in VANITY_OPTIONS if i in flagged and i not in given]

    def why(i):
        entry = cat.entry(i)
        return _say("vanity.flagged", lang, name=entry.name(lang),
                    what=_say(f"vanity.what.{_flag_kind(entry)}", lang),
                    instead=cat.entry(entry.guard).name(lang))

    if not wrong and not missed:
        points = tuple(Point(cat.entry(i).name(lang), True, why(i)) for i in VANITY_OPTIONS
                       if i in flagged)
        return Feedback("vanity_metrics", True, _say("vanity.pass", lang), points=points,
                        lang=lang)
    points = [Point(cat.entry(i).name(lang), True, why(i)) for i in given if i in flagged]
    points += [Point(cat.entry(i).name(lang), False, _say(
        "vanity.wrong", lang, name=cat.entry(i).name(lang),
        category=_term(f"category.{cat.entry(i).category}", lang))) for i in wrong]
    hint = _say("vanity.hint_missed", lang, n=len(missed)) if missed else \
        _say("vanity.hint_wrong", lang)
    message = _say("vanity.found", lang, found=len(flagged) - len(missed), total=len(flagged))
    return Feedback("vanity_metrics", False, message, hint, tuple(points), lang)


# --- exercise: leading and lagging -----------------------------------------------------

def _model_leading(lang: str = "en") -> list[str]:
    cat = method.load_catalogue()
    return [i for i in LEADING_OPTIONS if cat.entry(i).indicator == "leading"]


def _check_leading(answer: Any, lang: str) -> Feedback:
    cat = method.load_catalogue()
    if _blank(answer):
        return _empty("leading_lagging", lang, _say("leading.hint", lang))
    given = _ids(answer)
    unknown = [i for i in given if i not in LEADING_OPTIONS]
    if unknown:
        return Feedback("leading_lagging", False,
                        _unknown_ids(unknown, list(LEADING_OPTIONS), lang),
                        _say("ids.hint_unknown", lang, example=LEADING_OPTIONS[0]), lang=lang)
    leading = set(_model_leading())
    wrong = [i for i in given if i not in leading]
    missed = [i for i in LEADING_OPTIONS if i in leading and i not in given]
    right = [Point(cat.entry(i).name(lang), True,
                   _say("leading.item", lang, name=cat.entry(i).name(lang)))
             for i in LEADING_OPTIONS if i in leading and i in given]
    if not wrong and not missed:
        return Feedback("leading_lagging", True, _say("leading.pass", lang), points=tuple(right),
                        lang=lang)
    points = right + [Point(cat.entry(i).name(lang), False,
                            _say("leading.wrong", lang, name=cat.entry(i).name(lang)))
                      for i in wrong]
    message = _say("leading.found", lang, found=len(leading) - len(missed), total=len(leading))
    return Feedback("leading_lagging", False, message, _say("leading.hint", lang),
                    tuple(points), lang)


# --- exercise: the four AI levels -----------------------------------------------------

def _level_of(word: Any) -> str | None:
    plain = _clean(str(word)).strip()
    for level_id, words in _LEVEL_WORDS.items():
        if plain in words:
            return level_id
    return None


def _model_levels(lang: str = "en") -> dict[str, str]:
    cat = method.load_catalogue()
    return {i: _term(f"level.{cat.entry(i).level}", lang) for i in LEVEL_OPTIONS}


def _check_levels(answer: Any, lang: str) -> Feedback:
    cat = method.load_catalogue()
    given = answer if isinstance(answer, dict) else {}
    if _blank(answer) or not any(not _blank(v) for v in given.values()):
        return _empty("ai_levels", lang, _say("levels.hint", lang))
    model = {i: method.load_catalogue().entry(i).level for i in LEVEL_OPTIONS}
    points = []
    for kpi_id, right in model.items():
        name = cat.entry(kpi_id).name(lang)
        raw = given.get(kpi_id)
        chosen = _level_of(raw) if not _blank(raw) else None
        if _blank(raw):
            points.append(Point(name, False, _say("levels.missing", lang, name=name)))
        elif chosen is None:
            points.append(Point(name, False, _say("levels.unknown", lang, name=name, given=raw)))
        elif chosen != right:
            points.append(Point(name, False, _say(
                "levels.wrong", lang, name=name, level=_term(f"level.{chosen}", lang),
                meaning=_say(f"level.meaning.{chosen}", lang))))
        else:
            points.append(Point(name, True, _say(
                "levels.item", lang, name=name, level=_term(f"level.{right}", lang),
                meaning=_say(f"level.meaning.{right}", lang))))
    right_count = sum(p.ok for p in points)
    if right_count == len(model):
        return Feedback("ai_levels", True, _say("levels.pass", lang), points=tuple(points),
                        lang=lang)
    return Feedback("ai_levels", False, _say("levels.count", lang, right=right_count,
                                             total=len(model)),
                    _say("levels.hint", lang), tuple(points), lang)


# --- exercise: a SMART target ------------------------------------------------------------

_DOWN_RE = method._word_pattern((
    "reduce*", "cut*", "lower*", "decreas*", "shorten*", "fewer", "less", "down", "drop*",
    "faster", "quicker", "speed up", "verlag*", "verminder*", "verkort*", "minder", "omlaag",
    "daal*", "dalen", "daling", "korter", "lager", "sneller", "terug*"))
_UP_RE = method._word_pattern((
    "increas*", "rais*", "grow*", "more", "higher", "boost*", "up", "verhog*", "meer", "hoger",
    "stijg*", "groei*", "toename", "toenemen", "omhoog"))
_HALVE_RE = method._word_pattern(("halve*", "halving", "half", "halveer*", "halver*",
                                   "gehalveerd", "helft"))
_DOUBLE_RE = method._word_pattern(("double*", "doubling", "verdubbel*"))
_TO_RE = re.compile(rf"\b(?:to|naar|tot|under|below|onder|beneden|at most|maximum|max|"
                    rf"maximaal|hoogstens|ten hoogste|at least|minimum|minimaal|minstens|"
                    rf"ten minste|less than|minder dan|more than|meer dan|within|binnen)\s+"
                    rf"(?:an? average of |gemiddeld )?({_NUM})\s*(%)?")
_FROM_TO_RE = re.compile(rf"\b(?:from|van)\s+(?:an? average of |gemiddeld )?({_NUM})\s*(%)?"
                         rf"\s*(?:[a-z]+\s+)?(?:to|naar|tot|->)\s+({_NUM})\s*(%)?")
_ARROW_RE = re.compile(rf"({_NUM})\s*(%)?\s*(?:[a-z]+\s*)?->\s*({_NUM})\s*(%)?")
_PERCENT_RE = re.compile(rf"({_NUM})\s*(?:%|percent|procent)")
_STOP_WORDS = {"from", "with", "without", "into", "over", "that", "this", "than", "created",
               "zonder", "voor", "naar", "door", "over", "met", "the", "per", "van", "tot",
               "each", "every", "elke"}


@dataclass(frozen=True)
class _Reading:
    """How a learner's target sentence was read."""

    value: float | None = None
    change: float | None = None
    stated_before: float | None = None
    deadline: date | None = None
    several: tuple[float, ...] = ()


def _same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def _names_kpi(sentence: str, entry: method.CatalogueEntry | None, kpi: KPI) -> bool:
    plain = method._norm(sentence)
    if entry is not None:
        keywords = method._word_pattern(entry.keywords.get("en", []) + entry.keywords.get("nl", []))
        if keywords.search(plain):
            return True
    tokens = plain.split()
    names = [kpi.name] + ([entry.name_en, entry.name_nl] if entry is not None else [])
    for name in names:
        words = {w for w in method._norm(name).split() if len(w) >= 4 and w not in _STOP_WORDS}
        hits = sum(any(_same_word(w, t) for t in tokens) for w in words)
        if words and hits >= min(2, len(words)):
            return True
    return False


def _direction_before(plain: str, position: int) -> int:
    """-1 or +1 from the direction word closest before ``position``; 0 if none."""
    best, sign = -1, 0
    for pattern, value in ((_DOWN_RE, -1), (_UP_RE, 1)):
        for match in pattern.finditer(plain[:position]):
            if match.start() > best:
                best, sign = match.start(), value
    return sign


def _read_target(sentence: str, kpi: KPI, go_live: date) -> _Reading:
    """Read a target sentence: the level or change to reach, the starting point it
    states, and the deadline (relative deadlines count from go-live)."""
    dates, plain = _take_dates(_clean(sentence), go_live)
    deadline = dates[-1] if dates else None
    proportion = kpi.kind == "proportion"
    good = -1 if kpi.direction == "lower_is_better" else 1
    match = _FROM_TO_RE.search(plain) or _ARROW_RE.search(plain)
    if match:
        before, b_pct, after, a_pct = match.groups()
        if (b_pct or a_pct) and not proportion:  # "from 12 to 6 days" only; % is a change
            pass
        else:
            return _Reading(value=_to_float(after), stated_before=_to_float(before),
                            deadline=deadline)
    match = _TO_RE.search(plain)
    if match and (not match[2] or proportion):
        return _Reading(value=_to_float(match[1]), deadline=deadline)
    match = _PERCENT_RE.search(plain)
    if match:
        token = match[1]
        size = abs(_to_float(token)) / 100
        if token.startswith(("-", "+")):
            sign = -1 if token.startswith("-") else 1
        else:
            sign = _direction_before(plain, match.start()) or good
        return _Reading(change=sign * size, deadline=deadline)
    if _HALVE_RE.search(plain):
        return _Reading(change=-0.5, deadline=deadline)
    if _DOUBLE_RE.search(plain):
        return _Reading(change=1.0, deadline=deadline)
    numbers = [_to_float(n) for n in _NUMBERS.findall(plain)]
    if len(numbers) == 1:
        return _Reading(value=numbers[0], deadline=deadline)
    return _Reading(deadline=deadline, several=tuple(numbers))


def _with_target(plan: Plan, kpi_id: str, target: Target) -> Plan:
    """The plan with one KPI's target replaced (the plan itself is immutable)."""
    processes = [process.model_copy(update={"kpis": [
        kpi.model_copy(update={"target": target}) if kpi.id == kpi_id else kpi
        for kpi in process.kpis]}) for process in plan.processes]
    return plan.model_copy(update={"processes": processes})


def _smart_context(sample: str, kpi_id: str):
    s = load_sample(sample)
    kpi = s.kpi(kpi_id)
    return s, kpi, float(s.row(kpi_id)["before"])


def _model_smart(lang: str = "en", *, sample: str = "invoicing",
                 kpi: str = "days_to_paid") -> str:
    s, k, before = _smart_context(sample, kpi)
    target = k.target
    after = target.value if target.value is not None else before * (1 + target.change)
    deadline = target.deadline or s.plan.goal.deadline
    name = _kpi_name(k, lang)
    return _say("smart.model", lang, verb=_say(f"verb.{k.direction}", lang),
                name=name[0].lower() + name[1:], before=_num(before, lang),
                after=_num(after, lang), unit=_kpi_unit(k, lang),
                deadline=text.fmt_date(deadline, lang))


def _check_smart(answer: Any, lang: str, *, sample: str = "invoicing",
                 kpi: str = "days_to_paid") -> Feedback:
    s, k, before = _smart_context(sample, kpi)
    name, unit = _kpi_name(k, lang), _kpi_unit(k, lang)
    entry = _entry(k)
    go_live = s.plan.periods.go_live
    first = go_live + timedelta(weeks=method.STABILISATION_WEEKS)
    example_deadline = s.plan.goal.deadline or first + timedelta(weeks=26)
    if _blank(answer):
        return _empty("smart_target", lang, _say("smart.S.hint", lang, name=name))
    sentence = str(answer)
    reading = _read_target(sentence, k, go_live)
    points: list[Point] = []
    hints: list[str] = []

    # S: the sentence names the KPI
    if _names_kpi(sentence, entry, k):
        points.append(Point(_say("smart.S", lang), True, _say("smart.S.ok", lang, name=name)))
    else:
        other = method.match_catalogue(SimpleNamespace(id="", name=sentence, unit=""))
        why = _say("smart.S.other", lang, other=other.name(lang), name=name) \
            if other is not None and (entry is None or other.id != entry.id) \
            else _say("smart.S.none", lang)
        points.append(Point(_say("smart.S", lang), False, why))
        hints.append(_say("smart.S.hint", lang, name=name))

    # M: a number to reach, from the measured baseline
    target = None
    if reading.value is not None:
        target = Target(value=reading.value)
        after = reading.value
    elif reading.change is not None:
        target = Target(change=reading.change)
        after = before * (1 + reading.change)
    if target is None:
        why = _say("smart.M.several", lang, numbers=", ".join(_num(x, lang) for x in
                                                             reading.several)) \
            if reading.several else _say("smart.M.none", lang)
        points.append(Point(_say("smart.M", lang), False, why))
        hints.append(_say("smart.M.hint", lang, before=_num(before, lang), unit=unit))
        shown_target = _say("smart.no_number", lang)
    else:
        change = (after - before) / abs(before) * 100 if before else math.nan
        shown_target = _say("smart.reading_value", lang, before=_num(before, lang),
                            after=_num(after, lang), unit=unit, change=_pct(change, lang)) \
            if reading.value is not None else \
            _say("smart.reading_change", lang, change=_pct(reading.change * 100, lang),
                 before=_num(before, lang), unit=unit)
        stated = reading.stated_before
        off = stated is not None and before and \
            abs(stated - before) > BASELINE_TOLERANCE * abs(before)
        if off:
            points.append(Point(_say("smart.M", lang), False, _say(
                "smart.M.baseline", lang, stated=_num(stated, lang), before=_num(before, lang),
                unit=unit)))
            hints.append(_say("smart.M.hint_baseline", lang, before=_num(before, lang), unit=unit))
        else:
            points.append(Point(_say("smart.M", lang), True,
                                _say("smart.M.ok", lang, target=shown_target)))

    # A, R, T: the method engine's own SMART rules on the plan with this target
    deadline = reading.deadline
    rows = pd.DataFrame(columns=method.COLUMNS)
    goal = target if target is not None else k.target
    if goal is not None:
        probe = goal.model_copy(update={"deadline": deadline})
        checks = method.check_plan(_with_target(s.plan, k.id, probe), lang, baseline=s.data)
        rows = checks[checks["kpi"] == k.id]

    def rule(item: str) -> tuple[bool, str]:
        found = rows[rows["item"] == item]
        return bool((found["status"] == "pass").all()), " ".join(found["message"])

    reference = entry.reference if entry is not None else None
    for letter, item, hint in (
            ("A", "smart.acceptable",
             _say("smart.A.hint", lang, reference=reference.nl if lang == "nl" else reference.en)
             if reference else _say("smart.A.hint_generic", lang)),
            ("R", "smart.realistic", _say("smart.R.hint", lang))):
        if target is None:
            points.append(Point(_say(f"smart.{letter}", lang), False,
                                _say("smart.AR.no_number", lang)))
            continue
        ok, message = rule(item)
        points.append(Point(_say(f"smart.{letter}", lang), ok, message))
        if not ok:
            hints.append(hint)
    t_hint = _say("smart.T.hint", lang, deadline=text.fmt_date(example_deadline, lang),
                  weeks=method.STABILISATION_WEEKS, first=text.fmt_date(first, lang))
    if deadline is None:
        points.append(Point(_say("smart.T", lang), False, _say("smart.T.none", lang)))
        hints.append(t_hint)
    else:
        ok, message = rule("smart.time_bound")
        points.append(Point(_say("smart.T", lang), ok, message))
        if not ok:
            hints.append(t_hint)

    reading_text = _say("smart.reading", lang, name=name, target=shown_target,
                        deadline=text.fmt_date(deadline, lang) if deadline
                        else _say("smart.no_deadline", lang))
    met = sum(p.ok for p in points)
    if met == len(points):
        return Feedback("smart_target", True, _say("smart.pass", lang, reading=reading_text),
                        points=tuple(points), lang=lang)
    return Feedback("smart_target", False, _say("smart.todo", lang, n=met, reading=reading_text),
                    hints[0], tuple(points), lang)


# --- exercise: pick KPIs for a use case --------------------------------------------------

def _pick_context(sample: str):
    s = load_sample(sample)
    use_case = method.resolve_use_case(s.plan.use_case)
    return s, use_case, method.load_catalogue()


def _model_pick(lang: str = "en", *, sample: str = "chatbot") -> list[str]:
    """The sample plan's own KPIs, as catalogue entries."""
    s = load_sample(sample)
    picks = []
    for kpi in s.plan.kpis:
        entry = _entry(kpi)
        if entry is not None and entry.id not in picks:
            picks.append(entry.id)
    return picks


def _check_pick(answer: Any, lang: str, *, sample: str = "chatbot") -> Feedback:
    s, use_case, cat = _pick_context(sample)
    group = cat.use_cases[use_case]
    use_case_name = group.name_nl if lang == "nl" else group.name_en
    aim = s.plan.goal.business_aim
    aim_text = text.label(f"aim.{aim}", lang)
    serving = method.AIM_CATEGORIES[aim]
    categories = _and([_term(f"category.{c}", lang) for c in sorted(serving)], lang, "or")
    if _blank(answer):
        return _empty("pick_kpis", lang, _say("pick.use_case.hint", lang,
                                               use_case=use_case_name))
    given = _ids(answer)
    valid = [e.id for e in cat.kpis]
    unknown = [i for i in given if i not in valid]
    points: list[Point] = []
    hints: list[str] = []
    if unknown:
        listed = [e.id for e in cat.kpis if use_case in e.use_cases]
        points.append(Point(_say("pick.known", lang), False, _unknown_ids(unknown, listed, lang)))
        hints.append(_say("ids.hint_unknown", lang, example=listed[0]))
    else:
        points.append(Point(_say("pick.known", lang), True, _say("pick.known.ok", lang)))
    entries = [cat.entry(i) for i in given if i in valid]

    outside = [e for e in entries if use_case not in e.use_cases]
    if outside:
        points.append(Point(_say("pick.use_case", lang), False, _say(
            "pick.use_case.bad", lang, names=_and([e.name(lang) for e in outside], lang),
            use_case=use_case_name)))
        hints.append(_say("pick.use_case.hint", lang, use_case=use_case_name))
    else:
        points.append(Point(_say("pick.use_case", lang), True,
                            _say("pick.use_case.ok", lang, use_case=use_case_name)))

    flagged = [e for e in entries if e.flagged]
    if flagged:
        items = "; ".join(_say("pick.vanity.item", lang, name=e.name(lang),
                               instead=cat.entry(e.guard).name(lang)) for e in flagged)
        points.append(Point(_say("pick.vanity", lang), False,
                            _say("pick.vanity.bad", lang, items=items)))
        hints.append(_say("vanity.hint_wrong", lang))
    else:
        points.append(Point(_say("pick.vanity", lang), True, _say("pick.vanity.ok", lang)))

    n = len(given)
    if n < 2 or n > MAX_PICKS:
        key = "pick.count.few" if n < 2 else "pick.count.many"
        points.append(Point(_say("pick.count", lang), False, _say(key, lang, n=n, max=MAX_PICKS)))
        hints.append(_say("pick.count.hint", lang, max=MAX_PICKS))
    else:
        points.append(Point(_say("pick.count", lang), True, _say("pick.count.ok", lang, n=n)))

    outcome = [e for e in entries if e.category in serving and not e.flagged
               and e.level in ("process", "business")]
    if outcome:
        points.append(Point(_say("pick.goal", lang), True, _say(
            "pick.goal.ok", lang, names=_and([e.name(lang) for e in outcome], lang),
            aim=aim_text)))
    else:
        points.append(Point(_say("pick.goal", lang), False, _say(
            "pick.goal.bad", lang, categories=categories, aim=aim_text)))
        hints.append(_say("pick.goal.hint", lang, categories=categories))

    def speed(e):
        return method.is_speed_or_volume(e.category, e.kind, e.direction)

    counted = [e for e in entries if not e.flagged]
    guards = [e for e in counted if e.category in method.GUARD_CATEGORIES and not speed(e)]
    unguarded = [e for e in counted if speed(e)] if not guards else []
    if unguarded:
        suggestion = cat.entry(unguarded[0].guard)
        points.append(Point(_say("pick.guard", lang), False, _say(
            "pick.guard.bad", lang, names=_and([e.name(lang) for e in unguarded], lang))))
        hints.append(_say("pick.guard.hint", lang, suggestion=suggestion.name(lang),
                          id=suggestion.id))
    else:
        key = "pick.guard.ok" if any(speed(e) for e in counted) else "pick.guard.none"
        points.append(Point(_say("pick.guard", lang), True, _say(key, lang)))

    met = sum(p.ok for p in points)
    if met == len(points):
        return Feedback("pick_kpis", True, _say("pick.pass", lang, aim=aim_text),
                        points=tuple(points), lang=lang)
    return Feedback("pick_kpis", False, _say("pick.todo", lang, n=met, total=len(points)),
                    hints[0], tuple(points), lang)


# --- exercise: the baseline level ------------------------------------------------------------

def _model_baseline(lang: str = "en", *, sample: str = "invoicing",
                    kpi: str = "days_to_paid") -> float:
    """The baseline level as the comparison reports it (``before`` of compare_kpis)."""
    return round(float(load_sample(sample).row(kpi)["before"]), 2)


def _close(a: float, b: float, relative: float, absolute: float = 0.0) -> bool:
    return abs(a - b) <= max(absolute, relative * abs(b))


def _check_baseline(answer: Any, lang: str, *, sample: str = "invoicing",
                    kpi: str = "days_to_paid") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    span = s.plan.periods.baseline
    start, end = text.fmt_date(span.start, lang), text.fmt_date(span.end, lang)
    hint = _say("baseline.hint", lang, start=start, end=end)
    if _blank(answer) or answer == 0:
        return _empty("baseline_level", lang, hint)
    given = _number(answer)
    if given is None:
        return Feedback("baseline_level", False, _say("baseline.not_number", lang, given=answer),
                        hint, lang=lang)
    model = float(s.row(kpi)["before"])
    unit = _kpi_unit(k, lang)
    base = s.rows(kpi, "baseline")
    shown = _num(given, lang)
    if _close(given, model, 0.005, 0.05):
        return Feedback("baseline_level", True, _say(
            "baseline.pass", lang, model=_num(model, lang), unit=unit, n=len(base),
            start=start, end=end), lang=lang)
    rows = s.rows(kpi)
    judged = rows[rows["period"] != "outside"]
    median = s.row(kpi)["test"] == "mannwhitney"
    alternatives = [
        ("baseline.all", level(judged, k)),
        ("baseline.after", level(s.rows(kpi, "after"), k)),
        ("baseline.stabilisation", level(s.rows(kpi, "stabilisation"), k)),
    ]
    if k.kind not in ("rate", "proportion", "count"):
        alternatives.append(("baseline.mean", float(base["value"].mean())) if median else
                            ("baseline.median", float(base["value"].median())))
    for key, value in alternatives:
        if not math.isnan(value) and _close(given, value, 0.01, 0.05):
            return Feedback("baseline_level", False, _say(key, lang, given=shown), hint,
                            lang=lang)
    key = "baseline.close" if _close(given, model, 0.05) else "baseline.other"
    return Feedback("baseline_level", False, _say(key, lang, given=shown,
                                                  name=_kpi_name(k, lang)), hint, lang=lang)


# --- exercise: the first evaluation -------------------------------------------------------

def _evaluation_window(plan: Plan) -> tuple[date, date]:
    go_live = plan.periods.go_live
    first = go_live + timedelta(weeks=max(1, plan.periods.stabilisation_weeks))
    last = max(go_live + timedelta(weeks=method.FIRST_EVALUATION_WEEKS), first)
    return first, last


def _model_first(lang: str = "en", *, sample: str = "invoicing") -> str:
    return load_sample(sample).plan.periods.after_start.isoformat()


def _check_first(answer: Any, lang: str, *, sample: str = "invoicing") -> Feedback:
    plan = load_sample(sample).plan
    go_live = plan.periods.go_live
    first, last = _evaluation_window(plan)
    weeks_min = max(1, plan.periods.stabilisation_weeks)
    hint = _say("first.hint", lang, min=weeks_min, go_live=text.fmt_date(go_live, lang),
                first=text.fmt_date(first, lang), last=text.fmt_date(last, lang))
    if _blank(answer):
        return _empty("first_evaluation", lang, hint)
    when = _read_date(answer, go_live)
    if when is None:
        return Feedback("first_evaluation", False, _say("first.not_date", lang, given=answer),
                        hint, lang=lang)
    fields = {"date": text.fmt_date(when, lang), "go_live": text.fmt_date(go_live, lang),
              "weeks": text.fmt_number((when - go_live).days / 7, lang, 0), "min": weeks_min}
    if first <= when <= last:
        return Feedback("first_evaluation", True, _say("first.pass", lang, **fields), lang=lang)
    days = (when - go_live).days
    key = ("first.before" if days < 0 else "first.week_one" if days < 7 else
           "first.settling" if when < first else
           "first.too_late" if days > method.TOO_LATE_DAYS else "first.late")
    return Feedback("first_evaluation", False, _say(key, lang, **fields), hint, lang=lang)


# --- exercise: choose the test ------------------------------------------------------------

def _family(answer: Any) -> str | None:
    plain = _clean(str(answer)).strip().strip("'\"")
    plain = re.sub(r"^(ka|kpi_analysis|stats)\.", "", plain).replace("()", "").strip()
    plain = plain.replace(" ", "_") if plain.replace(" ", "_") in FAMILIES else plain
    if plain in FAMILIES:
        return plain
    for family, words in _FAMILY_WORDS.items():
        if plain in words or plain.replace("_", " ") in words:
            return family
    return None


def _model_test(lang: str = "en", *, sample: str = "invoicing",
                kpi: str = "errors_per_100") -> str:
    """The family of the test the kit chooses for the KPI in :func:`compare_kpis`."""
    return TEST_FAMILY[load_sample(sample).row(kpi)["test"]]


def _data_hint(s: Sample, k: KPI, family: str, lang: str) -> str:
    has_n = s.rows(k.id)["n"].notna().any()
    if family == "compare_rates":
        value = _say("value.events", lang)
    elif family == "compare_proportions":
        value = _say("value.successes", lang)
    elif family == "compare_series":
        value = _say("value.level", lang)
    else:
        value = _say("value.duration", lang, unit=_kpi_unit(k, lang))
    n = ""
    if has_n:
        n = _say("test.hint_n", lang, n=_say("n.trials" if k.kind == "proportion"
                                              else "n.exposure", lang))
    return _say("test.hint", lang, value=value, n=n)


def _check_test(answer: Any, lang: str, *, sample: str = "invoicing",
                kpi: str = "errors_per_100") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    families = ", ".join(FAMILIES)
    if _blank(answer):
        return _empty("choose_test", lang, _say("test.choose", lang, families=families))
    chosen = _family(answer)
    if chosen is None:
        return Feedback("choose_test", False, _say("test.unknown", lang, given=answer),
                        _say("test.choose", lang, families=families), lang=lang)
    test = s.row(kpi)["test"]
    expected = TEST_FAMILY[test]
    name = _kpi_name(k, lang)
    data = _say(f"data.{expected}", lang)
    if chosen == expected:
        return Feedback("choose_test", True, _say(
            "test.pass", lang, name=name, data=data, family=expected, test=test), lang=lang)
    message = _say("test.wrong", lang, chosen=chosen,
                   chosen_data=_say(f"test.family.{chosen}", lang), name=name, data=data,
                   expected_family_hint=_say(f"test.family.{expected}", lang))
    return Feedback("choose_test", False, message, _data_hint(s, k, expected, lang), lang=lang)


def run_test(test: str, sample: str, kpi: str, lang: str = "en") -> pd.DataFrame | Box:
    """Run the chosen test family on a sample KPI: baseline against after go-live.

    Parameters
    ----------
    test : str
        ``compare_means``, ``compare_series``, ``compare_proportions`` or
        ``compare_rates`` (or a test name such as ``welch``, ``poisson``).
    sample, kpi : str
        The sample project and one of its KPI ids.
    lang : {'en', 'nl'}

    Returns
    -------
    DataFrame or Box
        The one-row result of the library's test (see :mod:`kpi_analysis.stats.tests`; the
        data shown as the test needs it: per-row values for means, one value per date
        for a series, summed successes and trials, summed events and exposure), or a
        box that says why the test cannot run on this KPI.
    """
    s = load_sample(sample)
    k = s.kpi(kpi)
    family = _family(test) if not _blank(test) else None
    if family is None:
        return Box(_say("title.choose_test", lang),
                   (_say("test.run_none", lang, families=", ".join(FAMILIES)),))
    before, after = s.rows(kpi, "baseline"), s.rows(kpi, "after")
    has_n = before["n"].notna().all() and after["n"].notna().all()
    scale = k.rate_per if k.kind in ("rate", "count") else 100.0 if k.kind == "proportion" else 1.0

    def per_row(rows):
        return rows["value"] / rows["n"] * scale if has_n else rows["value"]

    try:
        if family == "compare_means":
            return compare_means(per_row(before).to_numpy(), per_row(after).to_numpy(),
                                 test="auto", alpha=s.plan.alpha)
        if family == "compare_series":
            series = [per_row(rows).groupby(rows["date"]).mean() for rows in (before, after)]
            return compare_series(*series, alpha=s.plan.alpha)
        if not has_n and k.kind not in ("proportion", "count"):
            raise InputError(_say("test.run_data", lang, data=_say(
                f"data.{TEST_FAMILY[s.row(kpi)['test']]}", lang)))
        sums = [(rows["value"].sum(), rows["n"].sum() if has_n else len(rows))
                for rows in (before, after)]
        if family == "compare_proportions":
            return compare_proportions(sums[0][0], sums[0][1], sums[1][0], sums[1][1],
                                       alpha=s.plan.alpha)
        return compare_rates(sums[0][0], sums[0][1], sums[1][0], sums[1][1], alpha=s.plan.alpha)
    except KpiError as error:
        return Box(_say("title.choose_test", lang), (_say(
            "test.run_cannot", lang, family=family, name=_kpi_name(k, lang), reason=str(error)),))


# --- exercise: read the verdict -----------------------------------------------------------

def _verdict_of(answer: Any) -> str | None:
    plain = _clean(str(answer)).strip().strip("'\".")
    for verdict, words in _VERDICT_WORDS.items():
        if plain in words:
            return verdict
    return None


def _model_verdict(lang: str = "en", *, sample: str = "production",
                   kpi: str = "downtime_hours") -> str:
    return text.label(f"verdict.{load_sample(sample).row(kpi)['verdict']}", lang)


def _truth_text(s: Sample, k: KPI, lang: str) -> str | None:
    truth = s.truth.get(k.id)
    if not truth:
        return None
    unit = _kpi_unit(k, lang)
    if truth["before"] == truth["after"]:
        return _say("truth.same", lang, before=_num(truth["before"], lang), unit=unit)
    return _say("truth.moved", lang, before=_num(truth["before"], lang),
                after=_num(truth["after"], lang), unit=unit,
                change=_pct(truth["change_pct"], lang))


def _check_verdict(answer: Any, lang: str, *, sample: str = "production",
                   kpi: str = "downtime_hours") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    choices = " / ".join(text.label(f"verdict.{v}", lang) for v in VERDICTS)
    if _blank(answer):
        return _empty("verdict", lang, _say("verdict.hint", lang))
    given = _verdict_of(answer)
    if given is None:
        return Feedback("verdict", False, _say("verdict.unknown", lang, given=answer,
                                               choices=choices),
                        _say("verdict.hint", lang), lang=lang)
    row = s.row(kpi)
    fields = dict(before=_num(row["before"], lang), after=_num(row["after"], lang),
                  unit=_kpi_unit(k, lang), change=_pct(row["change_pct"], lang),
                  low=_pct(row["ci_pct_low"], lang), high=_pct(row["ci_pct_high"], lang),
                  better=text.label(f"direction.{k.direction}", lang))
    reason = _say("verdict.reason_none" if row["verdict"] == "no detectable change"
                  else "verdict.reason_change", lang, **fields)
    truth = _truth_text(s, k, lang)
    if truth:
        reason += " " + _say("verdict.truth", lang, truth=truth)
    if given == row["verdict"]:
        return Feedback("verdict", True, _say("verdict.pass", lang, reason=reason,
                                              verdict=text.label(f"verdict.{given}", lang)),
                        lang=lang)
    return Feedback("verdict", False, _say("verdict.wrong", lang, reason=reason,
                                           given=text.label(f"verdict.{given}", lang)),
                    _say("verdict.hint", lang), lang=lang)


# --- exercise: ROI ----------------------------------------------------------------------

@functools.cache
def _case(sample: str):
    s = load_sample(sample)
    return business_case(s.plan, s.results, draws=2000)


def _model_roi(lang: str = "en", *, sample: str = "invoicing") -> float:
    case = _case(sample)
    figures = case["figures"]
    return round(float(roi_percent(figures["benefit_total"]["value"],
                                   figures["investment_total"]["value"])), 1)


def _check_roi(answer: Any, lang: str, *, sample: str = "invoicing") -> Feedback:
    case = _case(sample)
    figures, h = case["figures"], case["horizon_months"]
    benefit, investment = figures["benefit_total"]["value"], figures["investment_total"]["value"]
    hint = _say("roi.hint", lang, months=h)
    if _blank(answer) or answer == 0:
        return _empty("roi", lang, hint)
    given = _number(answer)
    if given is None:
        return Feedback("roi", False, _say("roi.not_number", lang, given=answer), hint,
                        lang=lang)
    model = float(roi_percent(benefit, investment))
    cur = case["currency"]
    first_months = min(12, h)
    fields = dict(given=text.fmt_number(given, lang, 1), months=h,
                  benefit=_money(benefit, lang, cur), investment=_money(investment, lang, cur),
                  model=text.fmt_pct(model, lang, 1, signed=False), first_months=first_months,
                  first=text.fmt_pct(figures["roi_first_year_pct"]["value"], lang, 0,
                                     signed=False),
                  one_off=_money(case["investment"]["one_off_total"], lang, cur),
                  running=_money(case["investment"]["running_per_month"], lang, cur))
    if _close(given, model, 0.005, 0.5):
        return Feedback("roi", True, _say("roi.pass", lang, **fields), lang=lang)
    one_off = case["investment"]["one_off_total"]
    alternatives = [
        ("roi.fraction", model / 100),
        ("roi.ratio", benefit / investment * 100),
        ("roi.one_off", float(roi_percent(benefit, one_off)) if one_off > 0 else math.nan),
        ("roi.over_benefit", (benefit - investment) / benefit * 100),
        ("roi.first_year", figures["roi_first_year_pct"]["value"]),
        ("roi.monthly", float(roi_percent(figures["benefit_per_month"]["value"], investment))),
    ]
    for key, value in alternatives:
        if value is not None and not math.isnan(value) and _close(given, value, 0.01, 0.01):
            return Feedback("roi", False, _say(key, lang, **fields), hint, lang=lang)
    return Feedback("roi", False, _say("roi.other", lang, **fields), hint, lang=lang)


# --- the exercise table ---------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """One exercise: the notebook it belongs to, its check and its model answer."""

    id: str
    notebook: str
    check: Callable[..., Feedback]
    model: Callable[..., Any]


EXERCISES: dict[str, Exercise] = {e.id: e for e in (
    Exercise("vanity_metrics", "00_introduction", _check_vanity, _model_vanity),
    Exercise("leading_lagging", "00_introduction", _check_leading, _model_leading),
    Exercise("ai_levels", "00_introduction", _check_levels, _model_levels),
    Exercise("smart_target", "01_goal", _check_smart, _model_smart),
    Exercise("pick_kpis", "02_kpis", _check_pick, _model_pick),
    Exercise("baseline_level", "03_baseline", _check_baseline, _model_baseline),
    Exercise("first_evaluation", "04_remeasure", _check_first, _model_first),
    Exercise("choose_test", "04_remeasure", _check_test, _model_test),
    Exercise("verdict", "04_remeasure", _check_verdict, _model_verdict),
    Exercise("roi", "05_share", _check_roi, _model_roi),
)}

_LOG: list[Feedback] = []


def _exercise(exercise: str, **context) -> Exercise:
    """The exercise, after checking that it takes the ``context`` arguments given."""
    try:
        found = EXERCISES[exercise]
    except KeyError:
        raise InputError(f"exercise: '{exercise}' is not an exercise; valid: "
                         f"{', '.join(EXERCISES)}") from None
    takes = [name for name, p in inspect.signature(found.check).parameters.items()
             if p.kind == p.KEYWORD_ONLY]
    unknown = sorted(set(context) - set(takes))
    if unknown:
        raise InputError(f"{exercise}: no argument {', '.join(unknown)}; it takes "
                         f"{', '.join(takes) if takes else 'no sample or kpi'}")
    return found


def model_answer(exercise: str, lang: str = "en", **context) -> Any:
    """The model answer of ``exercise``, computed from the sample (``context``: e.g.
    ``sample=``, ``kpi=`` to use the exercise on another sample)."""
    return _exercise(exercise, **context).model(_lang(lang), **context)


def answer(exercise: str, mine: Any, solution: bool = False, lang: str = "en", **context) -> Any:
    """The learner's answer ``mine``, or the model answer when ``solution`` is True.

    Examples
    --------
    >>> answer("first_evaluation", "next week")
    'next week'
    >>> answer("first_evaluation", "next week", solution=True)
    '2026-05-04'
    """
    _exercise(exercise, **context)
    return model_answer(exercise, lang, **context) if solution else mine


def check(exercise: str, answer: Any, lang: str = "en", **context) -> Feedback:
    """Check the learner's ``answer`` to ``exercise`` and record the result.

    Parameters
    ----------
    exercise : str
        One of :data:`EXERCISES` (see the module docstring for what each one takes).
    answer : str, list, dict or number
        The learner's answer as a plain value.
    lang : {'en', 'nl'}
        Language of the feedback.
    **context
        Run the exercise on another sample or KPI (``sample=``, ``kpi=``).

    Returns
    -------
    Feedback
        Shown in a notebook as a green box (right) or an amber box with a hint.
    """
    feedback = _exercise(exercise, **context).check(answer, _lang(lang), **context)
    _LOG.append(feedback)
    return feedback


def example(exercise: str, answer: Any, lang: str = "en", **context) -> Feedback:
    """Like :func:`check`, for a worked example in the notebook: not recorded."""
    feedback = _exercise(exercise, **context).check(answer, _lang(lang), **context)
    return Feedback(**{**feedback.__dict__, "example": True})


def results() -> pd.DataFrame:
    """Every check of this session: ``exercise``, ``passed``, ``message`` in order."""
    return pd.DataFrame([{"exercise": f.exercise, "passed": f.passed, "message": f.message}
                         for f in _LOG], columns=["exercise", "passed", "message"])


def reset() -> None:
    """Forget the checks recorded so far (a new learner on the same kernel)."""
    _LOG.clear()


def progress(lang: str = "en") -> Box:
    """The exercises checked in this session and whether the last attempt was right."""
    lang = _lang(lang)
    last = {f.exercise: f for f in _LOG}
    if not last:
        return Box(_say("progress.title", lang), (_say("progress.none", lang),))
    table = pd.DataFrame({
        _say("box.exercise", lang): [_say(f"title.{e}", lang) for e in last],
        _say("col.status", lang): [_say("progress.done" if f.passed else "progress.todo", lang)
                                   for f in last.values()]})
    passed = sum(f.passed for f in last.values())
    return Box(_say("progress.title", lang),
               (_say("progress.count", lang, passed=passed, total=len(last)),),
               table.set_index(_say("box.exercise", lang)))


# --- what the learner sees before answering ---------------------------------------------------

def _catalogue_table(ids, lang: str, columns=("name", "unit")) -> pd.DataFrame:
    cat = method.catalogue(lang=lang).set_index("id")
    frame = cat.loc[list(ids), list(columns)]
    frame.columns = [_say(f"col.{c}", lang) for c in columns]
    frame.index.name = "id"
    return frame


def options(exercise: str, lang: str = "en", **context) -> pd.DataFrame:
    """What the learner needs to answer ``exercise``: the choices or the facts.

    Returns a table: catalogue entries to choose from (names and units in ``lang``,
    without the flags being asked for), or the facts of the sample (baseline level,
    go-live, the data columns, the cost lines of the business case).
    """
    lang = _lang(lang)
    _exercise(exercise, **context)
    if exercise == "vanity_metrics":
        return _catalogue_table(VANITY_OPTIONS, lang)
    if exercise == "leading_lagging":
        return _catalogue_table(LEADING_OPTIONS, lang)
    if exercise == "ai_levels":
        return _catalogue_table(LEVEL_OPTIONS, lang)
    if exercise == "pick_kpis":
        s, use_case, _ = _pick_context(context.get("sample", "chatbot"))
        frame = method.catalogue(use_case=use_case, lang=lang)
        frame = frame.assign(level=[_term(f"level.{v}", lang) for v in frame["level"]],
                             category=[_term(f"category.{v}", lang) for v in frame["category"]])
        table = frame.set_index("id")[["name", "level", "category", "reference"]]
        table.columns = [_say(f"col.{c}", lang) for c in ("name", "level_ai", "category",
                                                           "reference")]
        return table
    if exercise == "smart_target":
        s, k, before = _smart_context(context.get("sample", "invoicing"),
                                      context.get("kpi", "days_to_paid"))
        entry = _entry(k)
        reference = (entry.reference.nl if lang == "nl" else entry.reference.en) \
            if entry is not None and entry.reference else "-"
        facts = [("smart.kpi", _kpi_name(k, lang)),
                 ("smart.baseline", f"{_num(before, lang)} {_kpi_unit(k, lang)}"),
                 ("smart.direction", text.label(f"direction.{k.direction}", lang)),
                 ("smart.reference", reference),
                 ("smart.go_live", text.fmt_date(s.plan.periods.go_live, lang)),
                 ("smart.goal_deadline", text.fmt_date(s.plan.goal.deadline, lang))]
    elif exercise == "first_evaluation":
        plan = load_sample(context.get("sample", "invoicing")).plan
        p = plan.periods
        facts = [("first.baseline", f"{text.fmt_date(p.baseline.start, lang)} - "
                                    f"{text.fmt_date(p.baseline.end, lang)}"),
                 ("first.go_live", text.fmt_date(p.go_live, lang)),
                 ("first.stabilisation", str(p.stabilisation_weeks))]
    elif exercise == "choose_test":
        s = load_sample(context.get("sample", "invoicing"))
        k = s.kpi(context.get("kpi", "errors_per_100"))
        return s.rows(k.id).head(6)[["date", "kpi", "value", "n", "period"]].reset_index(drop=True)
    elif exercise == "baseline_level":
        s = load_sample(context.get("sample", "invoicing"))
        return s.rows(context.get("kpi", "days_to_paid"))[["date", "value", "period"]] \
            .reset_index(drop=True)
    elif exercise == "verdict":
        return run_test("compare_series", context.get("sample", "production"),
                        context.get("kpi", "downtime_hours"), lang)
    else:  # roi
        sample = context.get("sample", "invoicing")
        case = _case(sample)
        cur = case["currency"]
        facts = [(_say("roi.benefit", lang, name=b["name"]), _money(b["per_month"], lang, cur))
                 for b in case["benefits"]]
        facts.append((_say("roi.months", lang), str(case["horizon_months"])))
        facts += [(_say("roi.one_off_item", lang, item=c["item"]), _money(c["amount"], lang, cur))
                  for c in case["investment"]["one_off"]]
        facts += [(_say("roi.monthly_item", lang, item=c["item"]), _money(c["amount"], lang, cur))
                  for c in case["investment"]["monthly"]]
        frame = pd.DataFrame(facts, columns=[_say("col.item", lang), _say("col.amount", lang)])
        return frame.set_index(_say("col.item", lang))
    frame = pd.DataFrame([(_say(k, lang), v) for k, v in facts],
                         columns=["", _say("col.value", lang)])
    return frame.set_index("")


# --- demonstrations -----------------------------------------------------------------------

def _interval(row, lang: str) -> str:
    word = "tot" if lang == "nl" else "to"
    return f"{_pct(row['ci_pct_low'], lang)} {word} {_pct(row['ci_pct_high'], lang)}"


def truth_table(lang: str = "en", samples: tuple[str, ...] = SAMPLE_NAMES) -> Box:
    """Measured against true: every KPI of the samples, with whether the true change
    lies inside the 95% interval of the measured change."""
    lang = _lang(lang)
    rows = []
    for name in samples:
        s = load_sample(name)
        for kpi_id, truth in s.truth.items():
            if "(" in kpi_id:  # '(control)' entries: see without_control
                continue
            row, k = s.row(kpi_id), s.kpi(kpi_id)
            inside = row["ci_pct_low"] <= truth["change_pct"] <= row["ci_pct_high"]
            rows.append({
                _say("col.sample", lang): name, _say("col.kpi", lang): _kpi_name(k, lang),
                _say("col.true_change", lang): _pct(truth["change_pct"], lang),
                _say("col.measured", lang): _pct(row["change_pct"], lang),
                _say("col.interval", lang): _interval(row, lang),
                _say("col.inside", lang): _say("yes" if inside else "no", lang),
                _say("col.verdict", lang): text.label(f"verdict.{row['verdict']}", lang)})
    table = pd.DataFrame(rows).set_index([_say("col.sample", lang), _say("col.kpi", lang)])
    inside = int((table[_say("col.inside", lang)] == _say("yes", lang)).sum())
    return Box(_say("truth.title", lang), (_say("truth.note", lang, inside=inside,
                                                 total=len(table)),), table)


def skip_baseline(sample: str = "invoicing", kpi: str = "days_to_paid",
                  lang: str = "en") -> Box:
    """What is left of the comparison when the baseline is skipped: the after level,
    and the kit's refusal to call it a gain."""
    lang = _lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    rows = s.rows(kpi)
    unit = _kpi_unit(k, lang)
    try:
        skipped = compare_kpis(rows[rows["period"] != "baseline"], _one_kpi_plan(k, s.plan))
        reason = skipped.at[0, "reason"]
        refusal = text.label(f"reason.{reason}", lang) if reason else ""
    except KpiError as error:
        refusal = str(error)
    row = s.row(kpi)
    paragraphs = [_say("skip.after", lang, name=_kpi_name(k, lang),
                       after=_num(level(s.rows(kpi, "after"), k), lang), unit=unit)]
    if refusal:
        paragraphs.append(_say("skip.kit", lang, error=refusal))
    paragraphs.append(_say("skip.with", lang, before=f"{_num(row['before'], lang)} {unit}",
                           after=f"{_num(row['after'], lang)} {unit}",
                           change=_pct(row["change_pct"], lang),
                           low=_pct(row["ci_pct_low"], lang), high=_pct(row["ci_pct_high"], lang)))
    return Box(_say("skip.title", lang), tuple(paragraphs))


def short_baseline(sample: str = "invoicing", kpi: str = "days_to_paid", weeks: int = 1,
                   lang: str = "en") -> Box:
    """The comparison with only the last ``weeks`` of the baseline against the full one."""
    lang = _lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    span = s.plan.periods.baseline
    cut = pd.Timestamp(span.end) - pd.Timedelta(days=7 * weeks - 1)
    data = s.data[s.data["kpi"] == kpi]
    short = data[(data["period"] != "baseline") | (data["date"] >= cut)]
    full_row, short_row = s.row(kpi), _compare_one(short, k, s.plan)
    unit = _kpi_unit(k, lang)
    labels = [_say("short.full", lang, start=text.fmt_date(span.start, lang),
                   end=text.fmt_date(span.end, lang)),
              _say("short.short", lang, weeks=weeks, start=text.fmt_date(cut, lang),
                   end=text.fmt_date(span.end, lang))]
    table = pd.DataFrame({
        _say("col.baseline", lang): labels,
        _say("col.n", lang): [int(full_row["n_before"]), int(short_row["n_before"])],
        _say("col.level", lang): [f"{_num(r['before'], lang)} {unit}"
                                  for r in (full_row, short_row)],
        _say("col.measured", lang): [_pct(r["change_pct"], lang) for r in (full_row, short_row)],
        _say("col.interval", lang): [_interval(r, lang) for r in (full_row, short_row)],
        _say("col.verdict", lang): [text.label(f"verdict.{r['verdict']}", lang)
                                    for r in (full_row, short_row)],
    }).set_index(_say("col.baseline", lang))
    widths = [r["ci_pct_high"] - r["ci_pct_low"] for r in (full_row, short_row)]
    truth = s.truth.get(kpi, {}).get("before", float("nan"))
    note = _say("short.note", lang, truth=_num(truth, lang), unit=unit,
                n_short=int(short_row["n_before"]), n_full=int(full_row["n_before"]),
                times=text.fmt_number(widths[1] / widths[0], lang, 1))
    return Box(_say("short.title", lang, weeks=weeks), (note,), table)


def judge_too_early(sample: str = "invoicing", days: int = 7, lang: str = "en") -> Box:
    """Every KPI judged on the first ``days`` after go-live against the proper
    after-period (after the stabilisation weeks), beside the true change."""
    lang = _lang(lang)
    s = load_sample(sample)
    go_live = pd.Timestamp(s.plan.periods.go_live)
    data = s.data.copy()
    early = (data["date"] >= go_live) & (data["date"] < go_live + pd.Timedelta(days=days))
    data["period"] = np.where(early, "after", np.where(data["period"] == "baseline",
                                                       "baseline", "outside"))
    rows = []
    for k in s.plan.kpis:
        settled = s.row(k.id)
        try:
            first = _compare_one(data, k, s.plan)
            early_text = (f"{_pct(first['change_pct'], lang)} ({_interval(first, lang)}), "
                          f"{text.label('verdict.' + first['verdict'], lang)}")
        except KpiError:
            early_text = _say("too_few", lang)
        truth = s.truth.get(k.id)
        rows.append({
            _say("col.kpi", lang): _kpi_name(k, lang),
            _say("col.true_change", lang): _pct(truth["change_pct"], lang) if truth else "-",
            _say("col.week_one", lang, days=days): early_text,
            _say("col.settled", lang): (f"{_pct(settled['change_pct'], lang)} "
                                        f"({_interval(settled, lang)}), "
                                        f"{text.label('verdict.' + settled['verdict'], lang)}")})
    table = pd.DataFrame(rows).set_index(_say("col.kpi", lang))
    return Box(_say("early.title", lang, days=days),
               (_say("early.note", lang, weeks=s.plan.periods.stabilisation_weeks),), table)


def without_control(sample: str = "webshop", kpi: str = "conversion", lang: str = "en") -> Box:
    """A plain before/after comparison against difference-in-differences with the
    sample's control group, beside the true changes."""
    lang = _lang(lang)
    s = load_sample(sample)
    k = s.kpi(kpi)
    if "group" not in s.data.columns or not (s.data["group"] == "control").any():
        return Box(_say("control.title", lang), (_say("control.missing", lang),))
    treated = s.row(kpi)
    control_rows = s.data[(s.data["group"] == "control")].drop(columns="group")
    control = _compare_one(control_rows, k, s.plan)
    points = k.kind == "proportion"
    unit = _say("points", lang) if points else _kpi_unit(k, lang)

    def change(x):
        return f"{'+' if x > 0 else ''}{text.fmt_number(x, lang, 2)} {unit}"

    def span(low, high):
        return f"{change(low)} {'tot' if lang == 'nl' else 'to'} {change(high)}"

    def moved(key):
        truth = s.truth.get(key)
        return truth["after"] - truth["before"] if truth else float("nan")

    true_treated, true_control = moved(kpi), moved(f"{kpi} (control)")
    table = pd.DataFrame({
        _say("col.what", lang): [_say("control.treated", lang), _say("control.control", lang),
                                 _say("control.did", lang)],
        _say("col.measured", lang): [change(treated["change"]), change(control["change"]),
                                     change(treated["did_change"])],
        _say("col.interval", lang): [span(treated["ci_low"], treated["ci_high"]),
                                     span(control["ci_low"], control["ci_high"]),
                                     span(treated["did_ci_low"], treated["did_ci_high"])],
        _say("col.true", lang): [change(true_treated), change(true_control),
                                 change(true_treated - true_control)],
    }).set_index(_say("col.what", lang))
    note = _say("control.note", lang, control=change(control["change"]),
                naive=change(treated["change"]), did=change(treated["did_change"]))
    return Box(_say("control.title", lang), (note,), table)


def sentences(sample: str = "invoicing", lang: str = "en") -> Box:
    """One plain sentence per KPI of the sample, as the report words it
    (:func:`kpi_analysis.words.text.kpi_sentence`)."""
    lang = _lang(lang)
    s = load_sample(sample)
    lines = tuple(text.kpi_sentence(row, s.kpi(row["kpi"]), lang)
                  for _, row in s.results.iterrows())
    return Box(s.plan.project, lines)
