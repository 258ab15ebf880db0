"""Every word a client sees, in English and Dutch, and numbers/dates per language.

Labels live in one table (:data:`LABELS`) so a notebook or report speaks ``en`` or
``nl`` without a second copy of any logic. Numbers and dates follow the language:
``1,234.5`` and ``22 Nov 2026`` in English, ``1.234,5`` and ``22-11-2026`` in Dutch.

    >>> fmt_number(1234.5, "nl")
    '1.234,5'
    >>> fmt_date("2026-11-22", "nl")
    '22-11-2026'
    >>> label("verdict.improved", "nl")
    'verbeterd'
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from ..errors import InputError
from ..vocab import LANGUAGES  # noqa: F401  (declared once, in vocab)

_LOCALE = {"en": "en_GB", "nl": "nl_NL"}
_DATE = {"en": "d MMM yyyy", "nl": "dd-MM-yyyy"}

LABELS: dict[str, tuple[str, str]] = {  # key: (en, nl)
    "report.title": ("KPI report", "KPI-rapport"),
    "report.title.impact": ("Impact report: did the automation pay off?",
                            "Impactrapport: heeft de automatisering opgeleverd?"),
    "report.title.baseline": ("Baseline report: where we start", "Nulmeting: waar we staan"),
    "summary.title": ("At a glance", "In een oogopslag"),
    "tile.roi": ("ROI over {months} months", "ROI over {months} maanden"),
    "tile.p_roi": ("chance ROI > 0: {p}", "kans op ROI > 0: {p}"),
    "tile.payback": ("payback after {months} months", "terugverdiend na {months} maanden"),
    "check.pass": ("ok", "in orde"),
    "check.warn": ("attention", "aandacht"),
    "check.fail": ("fix", "herstellen"),
    "checks.title": ("Method checklist", "Checklist van de methode"),
    "plan.title": ("Measurement plan", "Meetplan"),
    "plan.no_judgement": ("Do not judge the first weeks: users are still getting used to it "
                          "(not before {date}).",
                          "Oordeel niet over de eerste weken: gebruikers moeten nog wennen "
                          "(niet voor {date})."),
    "plan.first": ("First evaluation between {start} and {end} (4 to 6 weeks after go-live).",
                   "Eerste evaluatie tussen {start} en {end} (4 tot 6 weken na de livegang)."),
    "plan.monthly": ("Then a monthly review, from {start}.",
                     "Daarna elke maand een evaluatie, vanaf {start}."),
    "plan.how_long": ("How long to measure: the smallest change the planned after-period can "
                      "detect, and the weeks needed to detect the target change (80% power).",
                      "Hoe lang meten: de kleinste verandering die de geplande periode na de "
                      "livegang kan aantonen, en het aantal weken om de doelverandering aan te "
                      "tonen (80% onderscheidend vermogen)."),
    "sentence.did": ("Against the control group ({control}) the change is {change} {unit} "
                     "(95% interval {low} to {high}).",
                     "Ten opzichte van de controlegroep ({control}) is de verandering {change} "
                     "{unit} (95%-interval {low} tot {high})."),
    "figure.investment_total": ("Total investment", "Totale investering"),
    "figure.benefit_per_month": ("Benefit per month", "Opbrengst per maand"),
    "figure.benefit_total": ("Total benefit", "Totale opbrengst"),
    "figure.net_benefit": ("Net benefit", "Netto opbrengst"),
    "figure.roi_pct": ("Return on investment (ROI)", "Rendement op de investering (ROI)"),
    "figure.npv": ("Net present value (NPV)", "Netto contante waarde (NCW)"),
    "figure.payback_months": ("Payback period (months)", "Terugverdientijd (maanden)"),
    "appendix.title": ("Technical appendix", "Technische bijlage"),
    "appendix.alpha": ("Significance level", "Significantieniveau"),
    "appendix.periods": ("Rows per period", "Rijen per periode"),
    "appendix.data_file": ("Data file", "Databestand"),
    "appendix.source": ("Read as", "Gelezen als"),
    "appendix.kit": ("Made with", "Gemaakt met"),
    "appendix.checks": ("Method checks", "Controles van de methode"),
    "appendix.quality": ("Data quality: rows left out or labelled", "Datakwaliteit: rijen weggelaten of gemarkeerd"),
    "test.welch": ("Welch t-test: means of per-item values, unequal spread allowed",
                   "Welch-t-toets: gemiddelden per item, ongelijke spreiding toegestaan"),
    "test.student": ("Student t-test: means, equal spread assumed",
                     "Student-t-toets: gemiddelden, gelijke spreiding aangenomen"),
    "test.mannwhitney": ("Mann-Whitney: small, skewed samples; shift of the middle",
                         "Mann-Whitney: kleine, scheve steekproeven; verschuiving van het midden"),
    "test.chi2-yates": ("Chi-square test with continuity correction: shares (successes of trials)",
                        "Chi-kwadraattoets met continuiteitscorrectie: aandelen (successen van pogingen)"),
    "test.chi2": ("Chi-square test: shares (successes of trials)",
                  "Chi-kwadraattoets: aandelen (successen van pogingen)"),
    "test.exact-poisson": ("Exact Poisson test: events per exposure",
                           "Exacte Poisson-toets: gebeurtenissen per blootstelling"),
    "test.series-hac": ("Series test with autocorrelation-robust errors (one value per period)",
                        "Reekstoets met fouten robuust voor autocorrelatie (een waarde per periode)"),
    "col.checks": ("Checks", "Controles"),
    "col.mdc": ("Smallest detectable change", "Kleinste aantoonbare verandering"),
    "col.mdc_pct": ("as %", "in %"),
    "col.weeks": ("Weeks needed", "Weken nodig"),
    "col.figure": ("Figure", "Cijfer"),
    "col.value": ("Value", "Waarde"),
    "col.formula": ("How it is calculated", "Zo is het berekend"),
    "col.why": ("Why this test", "Waarom deze toets"),
    "col.n_pair": ("n before / after", "n voor / na"),
    "col.p_raw": ("p (unadjusted)", "p (onaangepast)"),
    "quality.empty cell": ("empty cell", "lege cel"),
    "quality.empty rows": ("empty rows", "lege rijen"),
    "quality.outside every period": ("outside every period", "buiten alle meetperiodes"),
    "quality.open items": ("open items", "open items"),
    "quality.no start time": ("no start time", "geen starttijd"),
    "quality.no flag value": ("no flag value", "geen markering"),
    "quality.no value": ("no value", "geen waarde"),
    "quality.no date": ("no date", "geen datum"),
    "quality.do.empty cell": ("not measured on that date", "niet gemeten op die datum"),
    "quality.do.empty rows": ("skipped", "overgeslagen"),
    "quality.do.outside every period": ("kept, labelled 'outside'; not used in the comparison",
                                        "bewaard, gemarkeerd als 'buiten'; niet gebruikt in de "
                                        "vergelijking"),
    "quality.do.open items": ("left out: not finished yet", "weggelaten: nog niet afgerond"),
    "quality.do.no start time": ("left out: no start time", "weggelaten: geen starttijd"),
    "quality.do.no flag value": ("left out: the flag is empty", "weggelaten: markering leeg"),
    "quality.do.no value": ("left out: the value is empty", "weggelaten: waarde leeg"),
    "quality.do.no date": ("left out: no date", "weggelaten: geen datum"),
    # business case (roi.py)
    "figure.roi_first_year_pct": ("ROI over the first {months} months",
                                  "ROI over de eerste {months} maanden"),
    "figure.irr_monthly_pct": ("Internal rate of return per month",
                               "Interne rentabiliteit (IRR) per maand"),
    "figure.irr_annual_pct": ("Internal rate of return per year",
                              "Interne rentabiliteit (IRR) per jaar"),
    "bc.formula.benefit_per_month": ("sum of the benefits per month",
                                     "som van de opbrengsten per maand"),
    "bc.formula.benefit_total": ("benefit per month x months",
                                 "opbrengst per maand x aantal maanden"),
    "bc.formula.investment_total": ("one-off costs + running costs per month x months",
                                    "eenmalige kosten + lopende kosten per maand x aantal maanden"),
    "bc.formula.net_benefit": ("total benefit - total investment",
                               "totale opbrengst - totale investering"),
    "bc.formula.roi_pct": ("ROI = (benefit - investment) / investment x 100",
                           "ROI = (opbrengst - investering) / investering x 100"),
    "bc.formula.roi_first_year_pct": ("ROI over {months} months = (benefit - investment) / "
                                      "investment x 100",
                                      "ROI over {months} maanden = (opbrengst - investering) / "
                                      "investering x 100"),
    "bc.formula.npv": ("NPV = sum over months t = 0..H of net cash flow(t) / (1 + r)^t, "
                       "r = (1 + annual discount rate)^(1/12) - 1",
                       "NCW = som over de maanden t = 0..H van netto kasstroom(t) / (1 + r)^t, "
                       "r = (1 + disconteringsvoet per jaar)^(1/12) - 1"),
    "bc.formula.irr_monthly_pct": ("the monthly discount rate at which NPV = 0",
                                   "de disconteringsvoet per maand waarbij de NCW = 0"),
    "bc.formula.irr_annual_pct": ("(1 + monthly IRR)^12 - 1",
                                  "(1 + IRR per maand)^12 - 1"),
    "bc.formula.payback_months": ("months until the cumulative net cash flow reaches 0, "
                                  "interpolated within the month",
                                  "maanden tot de cumulatieve netto kasstroom 0 bereikt, "
                                  "binnen de maand geïnterpoleerd"),
    "bc.calc.npv": ("r = (1 + {annual})^(1/12) - 1 = {monthly} per month; NPV = {start} + sum "
                    "over t = 1..{months} of {flow} / (1 + {r})^t = {npv}",
                    "r = (1 + {annual})^(1/12) - 1 = {monthly} per maand; NCW = {start} + som "
                    "over t = 1..{months} van {flow} / (1 + {r})^t = {npv}"),
    "bc.calc.irr": ("monthly rate r with NPV = 0: {monthly}; per year (1 + {r})^12 - 1 = {annual}",
                    "rente r per maand waarbij de NCW = 0: {monthly}; per jaar (1 + {r})^12 - 1 "
                    "= {annual}"),
    "bc.calc.no_irr": ("no internal rate of return: {reason}",
                       "geen interne rentabiliteit: {reason}"),
    "bc.irr.no_inflow": ("the net cash flow is never positive, so no rate makes the NPV zero",
                         "de netto kasstroom is nooit positief, dus geen enkele rente maakt de "
                         "NCW nul"),
    "bc.irr.no_outflow": ("no money goes out, so there is nothing to earn a return on",
                          "er gaat geen geld uit, dus er is niets om rendement op te maken"),
    "bc.irr.no_root": ("no rate between {low} and {high} per month makes the NPV zero",
                       "geen enkele rente tussen {low} en {high} per maand maakt de NCW nul"),
    "bc.calc.payback": ("cumulative after month {month}: {cumulative}; month {next} adds {step}: "
                        "{month} + {gap} / {flow} = {payback} months",
                        "cumulatief na maand {month}: {cumulative}; maand {next} voegt {step} "
                        "toe: {month} + {gap} / {flow} = {payback} maanden"),
    "bc.calc.payback_zero": ("nothing is owed at the start: 0 months",
                             "bij de start staat er niets open: 0 maanden"),
    "bc.calc.no_payback": ("not paid back within the {months} months: the cumulative cash flow "
                           "is {amount} at month {months}",
                           "niet terugverdiend binnen de {months} maanden: de cumulatieve "
                           "kasstroom is {amount} in maand {months}"),
    "bc.per_month": ("{what} per month", "{what} per maand"),
    "bc.hours_x_rate": ("{hours} h x {rate}", "{hours} uur x {rate}"),
    "bc.hours": ("{value} h", "{value} uur"),
    "bc.minutes": ("{value} min / 60", "{value} min / 60"),
    "bc.time_saved": ("time saved", "tijdwinst"),
    "bc.time_saved_minutes": ("time saved (minutes / 60)", "tijdwinst (minuten / 60)"),
    "bc.per_person_day": ("{what} per person per day", "{what} per persoon per dag"),
    "bc.per_item": ("{what} per item", "{what} per stuk"),
    "bc.per_items": ("{what} per {n} items", "{what} per {n} stuks"),
    "bc.conversion_uplift": ("conversion uplift", "conversiestijging"),
    "bc.extra_conversions": ("extra conversions", "extra conversies"),
    "bc.avoided": ("avoided", "vermeden"),
    "bc.fewer_errors": ("fewer errors", "minder fouten"),
    "bc.change": ("change", "verandering"),
    "bc.source.measured": ("measured change of KPI '{kpi}' ({unit}): {change} (interval {low} "
                           "to {high}); {direction} is better, so an improvement of "
                           "{improvement}",
                           "gemeten verandering van KPI '{kpi}' ({unit}): {change} (interval "
                           "{low} tot {high}); {direction} is beter, dus een verbetering van "
                           "{improvement}"),
    "bc.source.expected": ("{what} in the plan: {value} ({field})",
                           "{what} volgens het plan: {value} ({field})"),
    "bc.source.not_measured": ("{source}; KPI '{kpi}' not measured yet",
                               "{source}; KPI '{kpi}' nog niet gemeten"),
    "bc.measured_change": ("measured change of {name}", "gemeten verandering van {name}"),
    "bc.unit.per_year": ("per year", "per jaar"),
    "bc.unit.fraction_of_order": ("fraction of the order value", "deel van de orderwaarde"),
    "bc.unit.per_kpi_unit_item": ("{currency} per KPI unit per item",
                                  "{currency} per KPI-eenheid per stuk"),
    "bc.unit.conversion": ("conversion (fraction)", "conversie (fractie)"),
    "bc.unit.kpi_units": ("KPI units", "KPI-eenheden"),
    "bc.be.none": ("{name}: brings no money at any value, so no break-even",
                   "{name}: levert bij geen enkele waarde geld op, dus geen break-evenpunt"),
    "bc.be.text": ("ROI = 0 at {name} = {value} {unit} (now {now}): (investment - other "
                   "benefits) / benefit per unit = ({investment} - {others}) / {per_unit}",
                   "ROI = 0 bij {name} = {value} {unit} (nu {now}): (investering - overige "
                   "opbrengsten) / opbrengst per eenheid = ({investment} - {others}) / "
                   "{per_unit}"),
    "bc.be.covered": ("{text}; the other benefits alone ({others}) already cover the "
                      "investment, so ROI stays >= 0 even at 0",
                      "{text}; de overige opbrengsten alleen ({others}) dekken de investering "
                      "al, dus de ROI blijft >= 0, zelfs bij 0"),
    "bc.assume.horizon": ("Horizon {months} months: the one-off investment at month 0; running "
                          "costs and benefits every month 1..{months}, benefits at full level "
                          "from month 1.",
                          "Horizon {months} maanden: de eenmalige investering in maand 0; "
                          "lopende kosten en opbrengsten elke maand 1..{months}, opbrengsten "
                          "op vol niveau vanaf maand 1."),
    "bc.assume.discount": ("Discount rate {annual} per year = {monthly} per month (compounded).",
                           "Disconteringsvoet {annual} per jaar = {monthly} per maand "
                           "(samengesteld)."),
    "bc.assume.roi_npv": ("ROI counts undiscounted totals over the horizon; NPV discounts "
                          "every month.",
                          "De ROI telt onverdisconteerde totalen over de horizon; de NCW "
                          "verdisconteert elke maand."),
    "bc.note.unused": ("Measured effects of KPIs that drive no benefit were not used: {kpis}.",
                       "Gemeten effecten van KPI's die geen opbrengst bepalen, zijn niet "
                       "gebruikt: {kpis}."),
    "bc.note.no_effects": ("No measured effects yet: the figures rest on the plan's expected "
                           "improvements, so there is no interval; the sensitivity table shows "
                           "what moves ROI most.",
                           "Nog geen gemeten effecten: de cijfers rusten op de verwachte "
                           "verbeteringen uit het plan, dus er is geen interval; de "
                           "gevoeligheidstabel toont wat de ROI het meest beïnvloedt."),
    "bc.note.unmeasured": ("Not measured, taken from the plan's expectations: {names}.",
                           "Niet gemeten, overgenomen uit de verwachtingen in het plan: "
                           "{names}."),
    "bc.method": ("Monte Carlo, {draws} draws, seed {seed}: each measured KPI change drawn "
                  "from a normal distribution with mean = the measured change and sd = "
                  "(ci_high - ci_low) / (2 x {z}) (its {level} interval), or resampled from "
                  "its given draws; pushed through the benefit formulas; costs and other "
                  "assumptions held at the plan's values",
                  "Monte Carlo, {draws} trekkingen, startwaarde {seed}: elke gemeten "
                  "KPI-verandering getrokken uit een normale verdeling met gemiddelde = de "
                  "gemeten verandering en sd = (bovengrens - ondergrens) / (2 x {z}) (het "
                  "{level}-interval), of opnieuw getrokken uit de meegegeven trekkingen; "
                  "doorgerekend met de opbrengstformules; kosten en overige aannames op de "
                  "waarden uit het plan"),
    "bc.no_seed": ("none (fresh random draws)", "geen (steeds nieuwe trekkingen)"),
    "bc.na": ("n/a", "n.v.t."),
    # progress toward targets (progress.py)
    'status.on track': ('on track',
        'op koers'),
    'status.off track': ('off track',
        'niet op koers'),
    'status.stabilisation': ('stabilisation, not judged yet',
        'stabilisatie, nog niet beoordeeld'),
    'status.too little data': ('too few points for a trend yet',
        'nog te weinig punten voor een trend'),
    'status.deadline passed': ('deadline passed',
        'deadline verstreken'),
    'status.no target': ('no target',
        'geen doel'),
    'status.no deadline': ('no deadline',
        'geen deadline'),
    'sentence.level': ('{name}: {level} {unit} in {period} (95% interval {low} to {high}).',
        '{name}: {level} {unit} in {period} (95%-interval {low} tot {high}).'),
    'sentence.on_track': ('The trend points to {forecast} {unit} on {deadline} (between {f_low} and {f_high}) against a target of {target}: on track, with a {p} chance of making it.',
        'De trend wijst op {forecast} {unit} op {deadline} (tussen {f_low} en {f_high}) tegenover een doel van {target}: op koers, met {p} kans om het te halen.'),
    'sentence.off_track': ('The trend points to {forecast} {unit} on {deadline} (between {f_low} and {f_high}) against a target of {target}: off track, with only a {p} chance of making it.',
        'De trend wijst op {forecast} {unit} op {deadline} (tussen {f_low} en {f_high}) tegenover een doel van {target}: niet op koers, met maar {p} kans om het te halen.'),
    'sentence.met': ('The target of {target} is already met.',
        'Het doel van {target} is al gehaald.'),
    'sentence.deadline_met': ('The deadline ({deadline}) has come: the target of {target} is met.',
        'De deadline ({deadline}) is bereikt: het doel van {target} is gehaald.'),
    'sentence.deadline_missed': ('The deadline ({deadline}) has come: the target of {target} is not met.',
        'De deadline ({deadline}) is bereikt: het doel van {target} is niet gehaald.'),
    'sentence.not_judged': ('Progress toward the target of {target}: {status}.',
        'Voortgang naar het doel van {target}: {status}.'),
    # reviews, audiences, diagnosis (cadence.py)
    'weekly.title': ('Quick wins, week of {start}',
        'Quick wins, week van {start}'),
    'weekly.intro': ('{project}: the highlights of {start} to {end}.',
        '{project}: de hoogtepunten van {start} tot en met {end}.'),
    'weekly.saved': ('About {hours} hours and {money} saved a week at the pace measured since {since} ({benefits}).',
        "Zo'n {hours} uur en {money} bespaard per week in het tempo dat sinds {since} is gemeten ({benefits})."),
    'weekly.saved_money': ('About {money} saved a week at the pace measured since {since} ({benefits}).',
        "Zo'n {money} bespaard per week in het tempo dat sinds {since} is gemeten ({benefits})."),
    'weekly.improved': ('{name}: from {before} to {after} {unit} since go-live ({change}).',
        '{name}: van {before} naar {after} {unit} sinds de livegang ({change}).'),
    'weekly.this_week': ('{name} this week: {level} {unit} ({n} counted).',
        '{name} deze week: {level} {unit} ({n} geteld).'),
    'weekly.this_week_items': ('{name} this week: {level} {unit} on average over {n} measured.',
        '{name} deze week: gemiddeld {level} {unit} over {n} metingen.'),
    'weekly.target': ('On its way: {name} at {level} {unit}, target {target} by {deadline}, {status} ({p} chance).',
        'Onderweg: {name} op {level} {unit}, doel {target} voor {deadline}, {status} ({p} kans).'),
    'weekly.met': ('{name} at {level} {unit} meets its target of {target}.',
        '{name} op {level} {unit} haalt het doel van {target}.'),
    'weekly.few': ('Only {n} highlight(s) this week: the data and plan back no more.',
        'Deze week maar {n} hoogtepunt(en): data en plan onderbouwen er niet meer.'),
    'weekly.no_saving': ('no money figure: the measured benefits add up to no saving yet',
        'geen bedrag: de gemeten baten leveren samen nog geen besparing op'),
    'weekly.no_money': ('no money figure: the plan has no costs section or no measured benefit',
        'geen bedrag: het plan heeft geen kosten of geen gemeten baat'),
    'monthly.title': ('Monthly deep dive, {month}',
        'Maandanalyse, {month}'),
    'monthly.summary': ('Summary',
        'Samenvatting'),
    'monthly.trends': ('Trends',
        'Trends'),
    'monthly.problems': ('Problems',
        'Problemen'),
    'monthly.next': ('Next steps',
        'Volgende stappen'),
    'monthly.status_count': ('KPIs with a target ({judged}): {met} met this month, {on} on track, {off} off track, {open} not judged yet.',
        "KPI's met een doel ({judged}): {met} deze maand gehaald, {on} op koers, {off} niet op koers, {open} nog niet beoordeeld."),
    'monthly.no_problems': ('No KPI falls short of its target or worsened.',
        'Geen KPI blijft achter bij zijn doel of is verslechterd.'),
    'monthly.step_remedy': ('{name}: {remedy} (expected {expected} by {by}).',
        '{name}: {remedy} (verwacht {expected} voor {by}).'),
    'monthly.step_prompt': ('{name}: agree on a remedy, the figure it should bring and by when.',
        '{name}: spreek een oplossing af, het cijfer dat die moet opleveren en wanneer.'),
    'monthly.step_watch': ('{name}: on track but not there yet; check again at the next review.',
        '{name}: op koers maar nog niet op doel; opnieuw bekijken bij de volgende review.'),
    'monthly.step_next': ('Next monthly review: {date}.',
        'Volgende maandreview: {date}.'),
    'col.month': ('This month',
        'Deze maand'),
    'col.previous': ('Last month',
        'Vorige maand'),
    'col.months': ('Per month',
        'Per maand'),
    'col.vs_baseline': ('vs baseline',
        't.o.v. nulmeting'),
    'col.forecast': ('Forecast at deadline',
        'Verwachting op deadline'),
    'col.status': ('Status',
        'Status'),
    'col.quarter_end': ('Data up to',
        'Data tot en met'),
    'col.roi': ('ROI',
        'ROI'),
    'col.roi_interval': ('95% interval',
        '95%-interval'),
    'col.p_positive': ('Chance ROI > 0',
        'Kans ROI > 0'),
    'col.benefit': ('Benefit per month',
        'Baat per maand'),
    'col.payback': ('Payback (months)',
        'Terugverdientijd (maanden)'),
    'col.level': ('Level',
        'Niveau'),
    'col.deadline': ('Deadline',
        'Deadline'),
    'col.chance': ('Chance of target',
        'Kans op doel'),
    'quarterly.title': ('Quarterly review, {quarter}',
        'Kwartaalreview, {quarter}'),
    'quarterly.roi': ('ROI development',
        'Ontwikkeling van de ROI'),
    'quarterly.targets': ('Target status',
        'Stand van de doelen'),
    'quarterly.budget': ('Budget questions',
        'Budgetvragen'),
    'quarterly.roi_text': ('With the data up to {date}, the ROI over {months} months is {roi} (95% interval {low} to {high}), {payback}.',
        'Met de data tot en met {date} is de ROI over {months} maanden {roi} (95%-interval {low} tot {high}), {payback}.'),
    'quarterly.roi_change': ('Since the previous quarter the ROI moved from {before} to {after}.',
        'Sinds het vorige kwartaal ging de ROI van {before} naar {after}.'),
    'quarterly.no_costs': ('The plan states no costs and benefits, so there is no ROI to follow yet.',
        'Het plan noemt geen kosten en baten, dus er is nog geen ROI te volgen.'),
    'quarterly.no_roi': ('No quarter has after-go-live data for every KPI yet, so there is no measured ROI yet.',
        'Nog geen kwartaal heeft data na de livegang voor elke KPI, dus er is nog geen gemeten ROI.'),
    'quarterly.q_uncertain': ('The ROI is not certain yet (chance of a positive ROI {p}): keep the budget as it is until the interval clears zero, or invest in what moves it most ({top})?',
        'De ROI is nog niet zeker (kans op een positieve ROI {p}): het budget gelijk houden tot het interval boven nul ligt, of investeren in wat het meest bijdraagt ({top})?'),
    'quarterly.q_scale': ('The ROI of {roi} is clearly positive (chance {p}): extend the solution to other processes or teams, and with what budget?',
        'De ROI van {roi} is duidelijk positief (kans {p}): de oplossing uitbreiden naar andere processen of teams, en met welk budget?'),
    'quarterly.q_remedy': ('{name} is off track: does the remedy ({remedy}) need budget?',
        '{name} is niet op koers: heeft de oplossing ({remedy}) budget nodig?'),
    'quarterly.q_off': ('{name} is off track and the plan names no remedy: what is needed, and what may it cost?',
        '{name} is niet op koers en het plan noemt geen oplossing: wat is er nodig, en wat mag het kosten?'),
    'quarterly.q_running': ('Running costs are {running} a month against a measured benefit of {benefit} a month: renew the subscriptions as they are?',
        'De lopende kosten zijn {running} per maand tegenover een gemeten baat van {benefit} per maand: de abonnementen zo verlengen?'),
    'quarterly.q_assumed': ('{benefit} rests on an assumption, not a measurement: is it worth the effort to measure it?',
        '{benefit} rust op een aanname, niet op een meting: is het de moeite waard om het te meten?'),
    'quarterly.no_questions': ('No budget question follows from the numbers this quarter.',
        'Uit de cijfers volgt dit kwartaal geen budgetvraag.'),
    'audience.management': ('For management: money and time',
        'Voor de directie: geld en tijd'),
    'audience.it': ('For IT: stability, uptime and response time',
        'Voor IT: stabiliteit, beschikbaarheid en responstijd'),
    'audience.users': ('For the users: time saved per person',
        'Voor de gebruikers: tijdwinst per persoon'),
    'audience.works_council': ('For the works council: training and jobs',
        'Voor de ondernemingsraad: opleiding en werkgelegenheid'),
    'audience.missing': ('What the plan lacks for this audience',
        'Wat het plan mist voor deze doelgroep'),
    'mgmt.money': ('The project brings {benefit} a month ({source}); over {months} months the ROI is {roi}{interval}; {payback}.',
        'Het project levert {benefit} per maand op ({source}); over {months} maanden is de ROI {roi}{interval}; {payback}.'),
    'mgmt.interval': (' (95% interval {low} to {high})',
        ' (95%-interval {low} tot {high})'),
    'mgmt.hours': ('That includes about {hours} hours of work saved a month ({measured} of them measured).',
        "Daarin zit zo'n {hours} uur werk per maand bespaard (waarvan {measured} gemeten)."),
    'source.measured': ('measured',
        'gemeten'),
    'source.plan': ("from the plan's assumptions, not measured yet",
        'op basis van de aannames in het plan, nog niet gemeten'),
    'source.mixed': ("partly measured, partly from the plan's assumptions",
        'deels gemeten, deels op basis van de aannames in het plan'),
    'missing.costs': ('No costs section: add the investment and the benefits to show money and time.',
        'Geen kosten in het plan: voeg de investering en de baten toe om geld en tijd te tonen.'),
    'missing.money_kpi': ('No KPI on money or time (category money or time, or level business).',
        'Geen KPI over geld of tijd (categorie money of time, of niveau business).'),
    'missing.technical': ('No technical KPI: add uptime, response time or accuracy (level: technical) to tell IT how the system runs.',
        'Geen technische KPI: voeg beschikbaarheid, responstijd of nauwkeurigheid toe (level: technical) om IT te laten zien hoe het systeem draait.'),
    'missing.per_person': ('{benefit} saves about {hours} hours a month, but the plan does not say how many people share them; a benefit with per: day (time saved per person per day, people) shows it per person.',
        "{benefit} bespaart zo'n {hours} uur per maand, maar het plan zegt niet over hoeveel mensen dat verdeeld is; een baat met per: day (tijd per persoon per dag, people) toont het per persoon."),
    'missing.time': ('No time saving in the plan: add a time_saved benefit or a time KPI.',
        'Geen tijdwinst in het plan: voeg een baat van type time_saved of een tijd-KPI toe.'),
    'missing.training': ('No training in the costs: name the training budget (costs.one_off).',
        'Geen opleiding in de kosten: noem het opleidingsbudget (costs.one_off).'),
    'missing.employee': ('No KPI on employees (category: employee), such as job retention or staff satisfaction.',
        'Geen KPI over medewerkers (category: employee), zoals behoud van banen of medewerkerstevredenheid.'),
    'users.per_day': ('{benefit}: about {minutes} minutes per person per working day ({source}).',
        "{benefit}: zo'n {minutes} minuten per persoon per werkdag ({source})."),
    'users.per_item': ('{name}: {saved} {unit} less per item than before go-live ({before} -> {after}).',
        '{name}: {saved} {unit} minder per stuk dan voor de livegang ({before} -> {after}).'),
    'wc.training': ('Training in the budget: {items}, {total} in all.',
        'Opleiding in het budget: {items}, samen {total}.'),
    'wc.hours': ('The work frees about {hours} hours a month ({measured} of them measured); the plan does not say what they go to, which is worth agreeing on.',
        "Het werk maakt zo'n {hours} uur per maand vrij (waarvan {measured} gemeten); het plan zegt niet waar die naartoe gaan, iets om samen af te spreken."),
    'wc.remedy': ('Planned for {name}: {remedy}.',
        'Gepland voor {name}: {remedy}.'),
    'diag.title': ('Where the chain breaks',
        'Waar de keten breekt'),
    'diag.problems': ('Problems: cause, remedy, expected figure, date',
        'Problemen: oorzaak, oplossing, verwacht cijfer, datum'),
    'level.technical': ('technical',
        'techniek'),
    'level.adoption': ('adoption',
        'gebruik'),
    'level.process': ('process',
        'proces'),
    'level.business': ('business',
        'bedrijfsresultaat'),
    'health.met': ('met',
        'gehaald'),
    'health.on track': ('below target, on track',
        'onder doel, op koers'),
    'health.open': ('not judged yet',
        'nog niet beoordeeld'),
    'health.short': ('falls short',
        'blijft achter'),
    'health.worsened': ('worsened',
        'verslechterd'),
    'health.missing': ('no KPI',
        'geen KPI'),
    'diag.level_line': ('{level}: {health} ({kpis}).',
        '{level}: {health} ({kpis}).'),
    'diag.break': ('The chain is weakest at {level}: {advice}',
        'De keten is het zwakst bij {level}: {advice}'),
    'diag.upstream': ('What comes before it holds: {levels}.',
        'Wat ervoor komt houdt stand: {levels}.'),
    'diag.whole': ('The chain holds: every level meets its targets.',
        'De keten houdt stand: elk niveau haalt zijn doelen.'),
    'diag.building': ('The chain holds so far; below target but on track: {levels}.',
        'De keten houdt tot nu toe stand; onder doel maar op koers: {levels}.'),
    'diag.unknown': ('Not judged yet, for lack of data: {levels}.',
        'Nog niet beoordeeld, bij gebrek aan data: {levels}.'),
    'diag.no_level': ('Without a KPI at {levels} the chain cannot be followed there.',
        'Zonder KPI op {levels} is de keten daar niet te volgen.'),
    'advice.technical': ('the technology does not deliver yet; fix performance, accuracy or uptime with IT or the vendor first, as every later level depends on it.',
        'de techniek levert nog niet; los eerst met IT of de leverancier de snelheid, nauwkeurigheid of beschikbaarheid op, want elk volgend niveau hangt ervan af.'),
    'advice.adoption': ('the technology works, but people do not use it enough yet; invest in training, clear instructions and key users.',
        'de techniek werkt, maar mensen gebruiken het nog te weinig; investeer in opleiding, duidelijke instructies en sleutelgebruikers.'),
    'advice.process': ('people use it, but the process does not gain enough; look at the steps before and after the automated one (end to end).',
        'mensen gebruiken het, maar het proces wint te weinig; kijk naar de stappen voor en na de geautomatiseerde stap (van begin tot eind).'),
    'advice.business': ('the process improves, but the business result lags; check the volumes and assumptions of the business case, or give this lagging KPI more time.',
        'het proces verbetert, maar het bedrijfsresultaat blijft achter; controleer de volumes en aannames van de businesscase, of geef deze achterlopende KPI meer tijd.'),
    'problem.text': ('{name} is at {level} {unit} against a target of {target} ({health}). Cause: {cause}. Remedy: {remedy}. Expected: {expected} {unit} by {by}.',
        '{name} staat op {level} {unit} tegenover een doel van {target} ({health}). Oorzaak: {cause}. Oplossing: {remedy}. Verwacht: {expected} {unit} voor {by}.'),
    'problem.forecast': ('Without the remedy the trend points to {forecast} {unit} by {by}.',
        'Zonder de oplossing wijst de trend op {forecast} {unit} voor {by}.'),
    'problem.prompt': ('{name} ({health}): fill in {fields} under processes[{p}].kpis[{k}].problem in the plan, so the report can say what is done about it.',
        '{name} ({health}): vul {fields} in onder processes[{p}].kpis[{k}].problem in het plan, zodat het rapport kan zeggen wat eraan gebeurt.'),
    'problem.guard': ('{name}: {warning}',
        '{name}: {warning}'),
    'na': ('-',
        '-'),
    # charts (charts.py)
    "ba.title": ("Change per KPI after go-live",
                 "Verandering per KPI na livegang"),
    "ba.xlabel": ("Change vs baseline (%), with 95% interval",
                  "Verandering t.o.v. nulmeting (%), met 95%-interval"),
    "ba.better": ("better",
                  "beter"),
    "ba.row": ("{name}: {change} ({verdict})",
               "{name}: {change} ({verdict})"),
    "ba.alt": ("Chart of the change after go-live per KPI, in percent with its 95% interval: {rows}.",
               "Grafiek van de verandering na livegang per KPI, in procenten met het 95%-interval: {rows}."),
    "ot.points": ("level per {freq}",
                  "niveau per {freq}"),
    "ot.counterfactual": ("expected without the change",
                          "verwacht zonder de verandering"),
    "ot.control": ("control group",
                   "controlegroep"),
    "ot.alt_counterfactual": ("Line chart of {name} ({unit}) over time: baseline level {before}, level after go-live {after}, and a dashed line for the level expected without the change ({expected} at the end).",
                              "Lijngrafiek van {name} ({unit}) in de tijd: niveau in de nulmeting {before}, niveau na livegang {after}, en een stippellijn voor het niveau dat zonder de verandering verwacht werd ({expected} aan het eind)."),
    "cf.title": ("Cumulative net cash flow",
                 "Cumulatieve netto kasstroom"),
    "cf.ylabel": ("Cumulative net cash flow ({currency})",
                  "Cumulatieve netto kasstroom ({currency})"),
    "cf.xlabel": ("Months after the start",
                  "Maanden na de start"),
    "cf.payback": ("payback after {months} months",
                   "terugverdiend na {months} maanden"),
    "cf.no_payback": ("not paid back within {months} months",
                      "niet terugverdiend binnen {months} maanden"),
    "cf.end": ("{amount} after {months} months",
               "{amount} na {months} maanden"),
    "cf.alt": ("Line chart of the cumulative net cash flow in {currency} over {months} months: {start} at the start, {end} at the end, {payback}.",
               "Lijngrafiek van de cumulatieve netto kasstroom in {currency} over {months} maanden: {start} bij de start, {end} aan het eind, {payback}."),
    "to.title": ("What moves the ROI most",
                 "Wat het rendement (ROI) het meest beïnvloedt"),
    "to.xlabel": ("ROI over {months} months (%)",
                  "ROI over {months} maanden (%)"),
    "to.base": ("ROI {roi}",
                "ROI {roi}"),
    "to.range": ("{low} to {high}",
                 "{low} tot {high}"),
    "to.alt": ("Bar chart of the ROI when one assumption at a time moves over its range, around the base ROI of {roi}; the largest effects: {rows}.",
               "Staafgrafiek van de ROI als telkens één aanname over haar bereik verschuift, rond de basis-ROI van {roi}; de grootste effecten: {rows}."),
    "to.row": ("{assumption} {low} to {high} gives ROI {roi_low} to {roi_high}",
               "{assumption} {low} tot {high} geeft ROI {roi_low} tot {roi_high}"),
    "as.discount_rate": ("Discount rate",
                         "Disconteringsvoet"),
    "as.measured": ("Measured change of {name}",
                    "Gemeten verandering van {name}"),
    "as.hourly_rate": ("hourly rate",
                       "uurtarief"),
    "as.cost_per_unit": ("cost per unit",
                         "kosten per eenheid"),
    "as.cost_per_error": ("cost per error",
                          "kosten per fout"),
    "as.order_value": ("order value",
                       "orderwaarde"),
    "as.margin": ("margin",
                  "marge"),
    "as.value_per_unit": ("value per unit",
                          "waarde per eenheid"),
    "as.people": ("people",
                  "personen"),
    "as.working_days_per_month": ("working days per month",
                                  "werkdagen per maand"),
    "as.volume_per_month": ("volume per month",
                            "volume per maand"),
    "as.time_saved": ("expected time saved",
                      "verwachte tijdwinst"),
    "as.avoided": ("expected avoided",
                   "verwacht vermeden"),
    "as.fewer_errors": ("expected fewer errors",
                        "verwacht minder fouten"),
    "as.conversion_uplift": ("expected conversion uplift",
                             "verwachte conversiestijging"),
    "as.assumed_change": ("expected change",
                          "verwachte verandering"),
    "unit.per_month": ("{currency} per month",
                       "{currency} per maand"),
    "unit.per_hour": ("{currency} per hour",
                      "{currency} per uur"),
    "unit.per_unit": ("{currency} per unit",
                      "{currency} per eenheid"),
    "unit.per_error": ("{currency} per error",
                       "{currency} per fout"),
    "unit.per_order": ("{currency} per order",
                       "{currency} per order"),
    "unit.hours": ("hours",
                   "uur"),
    "unit.minutes": ("minutes",
                     "minuten"),
    "unit.people": ("people",
                    "personen"),
    "unit.days": ("days",
                  "dagen"),
    "unit.items_per_month": ("items per month",
                             "stuks per maand"),
    "unit.errors": ("errors",
                    "fouten"),
    "unit.units": ("units",
                   "eenheden"),
    "progress.title": ("Progress toward the targets", "Voortgang naar de doelen"),
    "unit.pp": ("pp", "%-punt"),
    "col.rule": ("Rule", "Regel"),
    "col.control": ("control group", "controlgroep"),
    "col.rows": ("Rows", "Rijen"),
    "col.examples": ("Example rows", "Voorbeeldrijen"),
    "col.action": ("What happened", "Wat er gebeurde"),
    "report.subtitle": ("{project} for {client}", "{project} voor {client}"),
    "report.generated": ("Made with kpi-kit {version} on {date}",
                         "Gemaakt met kpi-kit {version} op {date}"),
    "step.1": ("Step 1 - Goal", "Stap 1 - Doel"),
    "step.2": ("Step 2 - KPIs", "Stap 2 - KPI's"),
    "step.3": ("Step 3 - Baseline", "Stap 3 - Nulmeting"),
    "step.4": ("Step 4 - After go-live", "Stap 4 - Na de livegang"),
    "step.5": ("Step 5 - Results", "Stap 5 - Resultaten"),
    "goal.statement": ("Goal", "Doel"),
    "goal.business_aim": ("Business aim", "Bedrijfsdoel"),
    "goal.deadline": ("Deadline", "Deadline"),
    "aim.cut_costs": ("cut costs", "kosten verlagen"),
    "aim.customer_experience": ("better customer experience", "betere klantervaring"),
    "aim.free_up_time": ("free up time", "tijd vrijmaken"),
    "aim.revenue": ("more revenue", "meer omzet"),
    "aim.quality": ("better quality", "betere kwaliteit"),
    "aim.compliance": ("compliance", "naleving van regels"),
    "col.kpi": ("KPI", "KPI"),
    "col.unit": ("Unit", "Eenheid"),
    "col.owner": ("Owner", "Eigenaar"),
    "col.frequency": ("Measured", "Gemeten"),
    "col.direction": ("Better is", "Beter is"),
    "col.target": ("Target", "Doel"),
    "col.process": ("Process", "Proces"),
    "col.guard": ("Quality guard", "Kwaliteitsbewaker"),
    "col.period": ("Period", "Periode"),
    "col.from": ("From", "Van"),
    "col.to": ("To", "Tot en met"),
    "col.n": ("Observations", "Waarnemingen"),
    "col.mean": ("Level", "Niveau"),
    "col.before": ("Before", "Voor"),
    "col.after": ("After", "Na"),
    "col.change": ("Change", "Verandering"),
    "col.interval": ("95% interval", "95%-interval"),
    "col.p": ("p-value", "p-waarde"),
    "col.verdict": ("Verdict", "Oordeel"),
    "col.target_met": ("Target met", "Doel gehaald"),
    "col.test": ("Test", "Toets"),
    "direction.lower_is_better": ("lower", "lager"),
    "direction.higher_is_better": ("higher", "hoger"),
    "frequency.daily": ("daily", "dagelijks"),
    "frequency.weekly": ("weekly", "wekelijks"),
    "frequency.monthly": ("monthly", "maandelijks"),
    "frequency.quarterly": ("quarterly", "per kwartaal"),
    "period.baseline": ("baseline", "nulmeting"),
    "period.stabilisation": ("stabilisation", "stabilisatie"),
    "period.after": ("after go-live", "na livegang"),
    "period.outside": ("outside the periods", "buiten de meetperiodes"),
    "verdict.improved": ("improved", "verbeterd"),
    "verdict.worsened": ("worsened", "verslechterd"),
    "verdict.no detectable change": ("no detectable change", "geen aantoonbare verandering"),
    "target.met": ("met", "gehaald"),
    "target.not_met": ("not met", "niet gehaald"),
    "target.none": ("no target", "geen doel"),
    "target.change": ("{change} vs baseline by {deadline}", "{change} t.o.v. nulmeting voor {deadline}"),
    "target.value": ("{value} by {deadline}", "{value} voor {deadline}"),
    "target.no_deadline": ("no deadline", "geen deadline"),
    "chart.go_live": ("go-live", "livegang"),
    "chart.period_mean": ("period mean", "gemiddelde per periode"),
    "chart.over_time": ("{name} per {freq}", "{name} per {freq}"),
    "chart.alt": ("Line chart of {name} ({unit}) over time: baseline level {before}, "
                  "level after go-live {after}.",
                  "Lijngrafiek van {name} ({unit}) in de tijd: niveau in de nulmeting "
                  "{before}, niveau na livegang {after}."),
    "freq.W": ("week", "week"),
    "freq.D": ("day", "dag"),
    "freq.MS": ("month", "maand"),
    "baseline.intro": ("The baseline runs from {start} to {end}; go-live was on {go_live}, "
                       "and the first {weeks} weeks after it are shown but not judged.",
                       "De nulmeting loopt van {start} tot en met {end}; de livegang was op "
                       "{go_live}, en de eerste {weeks} weken daarna tonen we wel maar "
                       "beoordelen we niet."),
    "guard.warning": ("Watch out: its quality guard {guard} worsened ({change}).",
                      "Let op: de kwaliteitsbewaker {guard} is verslechterd ({change})."),
    "sentence.rose": ("{name} rose from {before} to {after} {unit} ({change}, 95% interval "
                      "{low} to {high}).",
                      "{name} steeg van {before} naar {after} {unit} ({change}, 95%-interval "
                      "{low} tot {high})."),
    "sentence.fell": ("{name} fell from {before} to {after} {unit} ({change}, 95% interval "
                      "{low} to {high}).",
                      "{name} daalde van {before} naar {after} {unit} ({change}, 95%-interval "
                      "{low} tot {high})."),
    "sentence.no_change": ("{name} went from {before} to {after} {unit}, but the 95% interval "
                           "of the change ({low} to {high}) includes no change: there is no "
                           "detectable change.",
                           "{name} ging van {before} naar {after} {unit}, maar het 95%-interval "
                           "van de verandering ({low} tot {high}) omvat geen verandering: er is "
                           "geen aantoonbare verandering."),
    "sentence.worsened": ("That is worse: lower is better for this KPI.",
                          "Dat is slechter: voor deze KPI is lager beter."),
    "sentence.worsened_higher": ("That is worse: higher is better for this KPI.",
                                 "Dat is slechter: voor deze KPI is hoger beter."),
    "sentence.target_met": ("The target ({target}) is met.", "Het doel ({target}) is gehaald."),
    "sentence.target_not_met": ("The target ({target}) is not met yet.",
                                "Het doel ({target}) is nog niet gehaald."),
    "story.counts": ("Of {n} KPIs, {improved} improved, {worsened} worsened and {unchanged} "
                     "showed no detectable change.",
                     "Van de {n} KPI's zijn er {improved} verbeterd, {worsened} verslechterd "
                     "en {unchanged} zonder aantoonbare verandering."),
    "story.roi": ("The business case over {months} months: ROI {roi} (95% interval {low} to "
                  "{high}), {payback}; the chance that the ROI is positive "
                  "is {p}.",
                  "De businesscase over {months} maanden: ROI {roi} (95%-interval {low} tot "
                  "{high}), {payback}; de kans op een positieve ROI is "
                  "{p}."),
    "story.roi_point": ("The business case over {months} months: estimated ROI {roi}, "
                        "{payback} (from the plan's assumptions; no measured effect yet).",
                        "De businesscase over {months} maanden: geschatte ROI {roi}, "
                        "{payback} (op basis van de aannames in het plan; nog geen "
                        "gemeten effect)."),
    "story.no_payback": ("never", "nooit"),
    # --- v15
    "quality.after the export date": ("dated after the export", "gedateerd na de export"),
    "quality.do.after the export date": ("left out: dated after the day the file was saved",
                                         "weggelaten: gedateerd na de dag dat het bestand is "
                                         "opgeslagen"),
    # --- v13b
    "placebo.title": ("Your own false-alarm rate (placebo in time)",
                      "Uw eigen kans op vals alarm (placebo in de tijd)"),
    "placebo.intro": ("For each KPI the same analysis was rerun at fake go-live dates inside "
                      "the baseline, where nothing changed: every 'improved' or 'worsened' "
                      "there is a false alarm. The method promises {nominal}; a rate clearly "
                      "above that means its verdict on this KPI needs care.",
                      "Per KPI is dezelfde analyse opnieuw gedaan op nep-livegangen binnen de "
                      "nulmeting, waar niets veranderde: elk 'verbeterd' of 'verslechterd' daar "
                      "is vals alarm. De methode belooft {nominal}; een duidelijk hoger aandeel "
                      "betekent dat het oordeel over deze KPI voorzichtig gelezen moet worden."),
    "placebo.warning": ("{name}: on your own data this method raised a false alarm at {x} of "
                        "{n} fake go-lives; the smallest change it could detect is {mdc}.",
                        "{name}: op uw eigen data gaf deze methode vals alarm bij {x} van {n} "
                        "nep-livegangen; de kleinste verandering die zij kan aantonen is {mdc}."),
    "placebo.flag": ("clearly too many", "duidelijk te veel"),
    "placebo.fine": ("as promised", "zoals beloofd"),
    "placebo.too_few": ("fewer than {n} fake go-lives: not judged",
                        "minder dan {n} nep-livegangen: niet beoordeeld"),
    "col.fake_go_lives": ("Fake go-lives", "Nep-livegangen"),
    "col.false_alarms": ("False alarms", "Vals alarm"),
    "col.false_alarm_rate": ("Rate", "Aandeel"),
    "col.placebo_flag": ("Against the promise", "Tegenover de belofte"),
    "appendix.repeated_looks": ("Repeated looks (reviews after go-live)",
                                "Herhaald kijken (reviews na de livegang)"),
    "sequential.method": ("alpha spending: the k-th review is judged at alpha x 6/(pi^2 k^2), so "
                          "the chance of any false 'target met' over all reviews stays at most "
                          "{alpha} (Lan & DeMets 1983; Howard et al. 2021)",
                          "alfa-besteding: de k-de review wordt beoordeeld op alfa x 6/(pi^2 k^2), "
                          "zodat de kans op enig onterecht 'doel gehaald' over alle reviews "
                          "hoogstens {alpha} blijft (Lan & DeMets 1983; Howard e.a. 2021)"),
    "sentence.level_seq": ("{name}: {level} {unit} in {period} (interval {low} to {high}, valid "
                           "across all reviews).",
                           "{name}: {level} {unit} in {period} (interval {low} tot {high}, "
                           "geldig over alle reviews samen)."),
    "col.weeks_range": ("Plausible range", "Bandbreedte"),
    "plan.how_long_range": ("Consecutive weeks are alike, and how alike is estimated from a "
                            "short baseline: the range shows the weeks needed from the low to "
                            "the high end of that estimate (80% interval).",
                            "Opeenvolgende weken lijken op elkaar, en hoe sterk schatten we uit "
                            "een korte nulmeting: de bandbreedte toont het aantal weken van de "
                            "lage tot de hoge kant van die schatting (80%-interval)."),
    # --- v14
    "sentence.not_assessed": ("{name} went from {before} to {after} {unit}; these data cannot "
                              "tell whether the change is real, so it is not judged.",
                              "{name} ging van {before} naar {after} {unit}; met deze data is "
                              "niet te zeggen of de verandering echt is, dus die wordt niet "
                              "beoordeeld."),
    "problem.open": ("{name} ({health}): no cause and remedy agreed yet.",
                     "{name} ({health}): nog geen oorzaak en oplossing afgesproken."),
    "author.title": ("For the author of the plan", "Voor de opsteller van het plan"),
    "author.intro": ("To-dos in the plan; clients do not see these (executive, operational "
                     "and audience views leave them out). `kpi check` lists the plan's own.",
                     "Te doen in het plan; klanten zien dit niet (de management-, "
                     "operationele en doelgroepweergaven laten het weg). `kpi check` toont "
                     "die van het plan zelf."),
    "ot.counterfactual_band": ("95% interval of the expected level",
                               "95%-interval van het verwachte niveau"),
    "ba.xlabel.own_scale": ("Change with 95% interval, each KPI on its own scale: percentage "
                            "points (pp) for shares, else % of the baseline",
                            "Verandering met 95%-interval, elke KPI op een eigen schaal: "
                            "procentpunten (%-punt) voor aandelen, anders % van de nulmeting"),
    "status.partial period": ("period not complete, judged when it ends",
                              "periode nog niet compleet, beoordeeld als die voorbij is"),
    "period.partial": ("{start} - {until}, data so far of the period up to {end}",
                       "{start} - {until}, data tot nu toe van de periode tot {end}"),
    "health.improved": ("improved, target not reached yet", "verbeterd, doel nog niet gehaald"),
    "diag.kpi_health": ("{name}: {health}", "{name}: {health}"),
    "advice.adoption.plain": ("people do not use it enough yet; invest in training, clear "
                              "instructions and key users.",
                              "mensen gebruiken het nog te weinig; investeer in opleiding, "
                              "duidelijke instructies en sleutelgebruikers."),
    "advice.process.plain": ("the process does not gain enough; look at the steps before and "
                             "after the automated one (end to end). The plan has no adoption "
                             "KPI that holds, so whether people use it is not known.",
                             "het proces wint te weinig; kijk naar de stappen voor en na de "
                             "geautomatiseerde stap (van begin tot eind). Het plan heeft geen "
                             "gebruiks-KPI die standhoudt, dus of mensen het gebruiken is niet "
                             "bekend."),
    "advice.business.plain": ("the business result lags; check the volumes and assumptions of "
                              "the business case, or give this lagging KPI more time.",
                              "het bedrijfsresultaat blijft achter; controleer de volumes en "
                              "aannames van de businesscase, of geef deze achterlopende KPI "
                              "meer tijd."),
    "tile.roi.measured": ("Measured ROI over {months} months",
                          "Gemeten ROI over {months} maanden"),
    "tile.roi.measured.note": ("from the measured KPI changes",
                               "uit de gemeten veranderingen van de KPI's"),
    "tile.roi.mixed.note": ("partly from measured KPI changes, partly from the plan's "
                            "assumptions",
                            "deels uit gemeten veranderingen van de KPI's, deels uit de "
                            "aannames van het plan"),
    "tile.roi.estimated": ("Estimated ROI over {months} months",
                           "Geschatte ROI over {months} maanden"),
    "tile.roi.estimated.note": ("an estimate from the plan's assumptions: nothing measured "
                                "drives this money yet",
                                "een schatting uit de aannames van het plan: nog geen gemeten "
                                "verandering bepaalt dit bedrag"),
    "payback.after": ("payback after {months} months", "terugverdiend na {months} maanden"),
    "payback.never": ("not paid back within the horizon", "niet terugverdiend binnen de looptijd"),
    "verdict.cannot be assessed": ("cannot be assessed", "niet te beoordelen"),
    "bc.source.pp": ("{source} ({pp} percentage points = {fraction} per item)",
                     "{source} ({pp} procentpunt = {fraction} per item)"),
    "guard.warning.table": ("guard KPI '{guard_id}' ({guard}) worsened ({change}); check that "
                            "the gain in '{kpi}' did not come at its expense",
                            "bewaker-KPI '{guard_id}' ({guard}) is verslechterd ({change}); "
                            "controleer dat de winst in '{kpi}' daar niet ten koste van ging"),
    # --- v13a
    "sentence.cannot": ("{name} cannot be assessed: {reason}.",
                        "{name} is niet te beoordelen: {reason}."),
    "story.cannot": ("{n} KPI(s) could not be assessed (see the comparison for why).",
                     "{n} KPI('s) waren niet te beoordelen (zie de vergelijking voor de reden)."),
    "reason.no_data": ("there are no measurements", "er zijn geen metingen"),
    "reason.no_baseline_data": ("there are no measurements in the baseline",
                                "er zijn geen metingen in de nulmeting"),
    "reason.no_after_data": ("there are no measurements after go-live yet",
                             "er zijn nog geen metingen na de livegang"),
    "reason.one_observation": ("one measurement in a period is too few to judge a change",
                               "één meting in een periode is te weinig om een verandering te "
                               "beoordelen"),
    "reason.constant_values": ("every measurement has the same value, so there is no "
                               "variation to judge a change against",
                               "elke meting heeft dezelfde waarde, dus er is geen variatie om "
                               "een verandering aan af te meten"),
    "reason.no_events": ("no events were recorded before or after go-live",
                         "voor en na de livegang zijn geen gebeurtenissen geteld"),
    "reason.too_few_periods": ("too few periods for the model of the series",
                               "te weinig perioden voor het model van de reeks"),
    "col.model": ("Compared against", "Vergeleken met"),
    "summary.future_rows": ("{n} row(s) dated after the day the data file was saved were left "
                            "out (see the data-quality table in the appendix).",
                            "{n} rij(en) gedateerd na de dag dat het databestand is opgeslagen "
                            "zijn weggelaten (zie de tabel datakwaliteit in de bijlage)."),
    "tile.against": ("change against {model}", "verandering tegenover {model}"),
    "model.level": ("the baseline level", "het niveau van de nulmeting"),
    "model.level+trend": ("the baseline level and trend carried on",
                          "het niveau en de trend van de nulmeting doorgetrokken"),
    "model.level+season": ("the baseline level and season carried on",
                           "het niveau en het seizoenspatroon van de nulmeting doorgetrokken"),
    "model.level+trend+season": ("the baseline level, trend and season carried on",
                                 "het niveau, de trend en het seizoenspatroon van de nulmeting "
                                 "doorgetrokken"),
    "assumption.baseline_too_short_for_trend": (
        "the baseline is too short to estimate a trend: assumed there was none",
        "de nulmeting is te kort om een trend te schatten: aangenomen dat er geen was"),
    "assumption.baseline_too_short_for_season": (
        "the baseline is shorter than two seasonal cycles: no season estimated",
        "de nulmeting is korter dan twee seizoenscycli: geen seizoenspatroon geschat"),
    "assumption.trend_uncertain": (
        "the baseline trend is uncertain: a change is claimed only when it shows with and "
        "without the trend",
        "de trend in de nulmeting is onzeker: een verandering telt alleen als die met en "
        "zonder trend zichtbaar is"),
    "assumption.periods_pooled_as_independent": (
        "too few events or periods to measure the variation between periods: items counted "
        "as independent",
        "te weinig gebeurtenissen of perioden om de variatie tussen perioden te meten: items "
        "als onafhankelijk geteld"),
    "test.series-gls": ("Series model: the after-period against the baseline's level (trend, "
                        "season) carried on, with autocorrelated errors",
                        "Reeksmodel: de periode na de livegang tegen het doorgetrokken niveau "
                        "(trend, seizoen) van de nulmeting, met samenhangende fouten"),
    "test.quasi-binomial": ("Shares per period against the baseline, with the variation "
                            "between periods (quasi-binomial)",
                            "Aandelen per periode tegen de nulmeting, met de variatie tussen "
                            "perioden (quasi-binomiaal)"),
    "test.quasi-poisson": ("Events per period against the baseline, with the variation "
                           "between periods (quasi-Poisson)",
                           "Gebeurtenissen per periode tegen de nulmeting, met de variatie "
                           "tussen perioden (quasi-Poisson)"),
    # --- v16b
    "source.columns": ("columns {pairs}", "kolommen {pairs}"),
    "source.column_as": ("'{header}' as {role}", "'{header}' als {role}"),
    "role.date": ("date", "datum"),
    "role.kpi": ("KPI", "KPI"),
    "role.value": ("value", "waarde"),
    "role.n": ("n", "n"),
    "role.group": ("group", "groep"),
    "role.item": ("item id", "item-id"),
}


def language(plan, lang: str | None = None) -> str:
    """The report language: ``lang`` when given, else the plan's."""
    chosen = lang or plan.language
    if chosen not in LANGUAGES:
        raise InputError(f"lang: '{chosen}' is not a report language; valid: en, nl")
    return chosen


def label(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``{fields}`` filled in."""
    try:
        text = LABELS[key][LANGUAGES.index(lang)]
    except KeyError:
        raise InputError(f"key: no text '{key}' in kpi_analysis.words.text.LABELS") from None
    except ValueError:
        raise InputError(f"lang: '{lang}' is not a report language; valid: en, nl") from None
    return text.format(**fields) if fields else text


def is_missing(x) -> bool:
    """None or NaN: shown as '-'."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x, lang: str, digits: int = 1) -> str:
    """A number with the language's separators and ``digits`` decimals; '-' if missing."""
    if is_missing(x):
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(round(float(x), digits) + 0.0, format=pattern, locale=_LOCALE[lang])
    return text.replace("-", "\u2212")


def fmt_pct(x, lang: str, digits: int = 0, signed: bool = True) -> str:
    """A percentage (``x`` in percent, e.g. -61.2) as '-61%' / '+12%'."""
    if is_missing(x):
        return "-"
    sign = "+" if signed and round(float(x), digits) > 0 else ""
    return f"{sign}{fmt_number(x, lang, digits)}%"


def fmt_payback(months, lang: str) -> str:
    """'payback after 8.3 months', or 'not paid back within the horizon' when the
    cumulative cash flow never turns positive (``months`` None, NaN or inf).

    >>> fmt_payback(8.27, "en"), fmt_payback(None, "nl")
    ('payback after 8.3 months', 'niet terugverdiend binnen de looptijd')
    """
    if is_missing(months) or not math.isfinite(float(months)):
        return label("payback.never", lang)
    return label("payback.after", lang, months=fmt_number(months, lang, 1))


def fmt_chance(p: float, lang: str) -> str:
    """A probability (0-1) as a percentage, never a flat 0% or 100% for an estimate:
    '>99%' and '<1%' at the ends.

    >>> fmt_chance(1.0, "en"), fmt_chance(0.0, "nl"), fmt_chance(0.42, "en")
    ('>99%', '<1%', '42%')
    """
    if p >= 0.995:
        return ">" + fmt_pct(99, lang, signed=False)
    if p < 0.005:
        return "<" + fmt_pct(1, lang, signed=False)
    return fmt_pct(100 * p, lang, signed=False)


def fmt_p(p, lang: str) -> str:
    """A p-value: three decimals, or '<0.001' below that."""
    if is_missing(p):
        return "-"
    return f"<{fmt_number(0.001, lang, 3)}" if p < 0.001 else fmt_number(p, lang, 3)


def fmt_date(d, lang: str) -> str:
    """A date as '22 Nov 2026' (en) or '22-11-2026' (nl)."""
    if is_missing(d):
        return "-"
    day = pd.Timestamp(d).date() if not isinstance(d, date) else d
    return format_date(day, _DATE[lang], locale=_LOCALE[lang])


def value_digits(x) -> int:
    """Decimals that show about three significant digits (0 to 2)."""
    if is_missing(x) or x == 0 or not math.isfinite(float(x)):
        return 1
    return max(0, min(2, 2 - int(math.floor(math.log10(abs(float(x)))))))


def fmt_value(x, lang: str) -> str:
    """A KPI level with about three significant digits: 12.3, 3.15, 1,234."""
    return fmt_number(x, lang, value_digits(x))


def target_text(kpi, lang: str) -> str:
    """The KPI's SMART target in words: '-50% vs baseline by 31 Dec 2026'."""
    t = kpi.target
    if t is None:
        return label("target.none", lang)
    deadline = fmt_date(t.deadline, lang) if t.deadline else label("target.no_deadline", lang)
    if t.change is not None:
        return label("target.change", lang, change=fmt_pct(t.change * 100, lang),
                     deadline=deadline)
    return label("target.value", lang, value=f"{fmt_value(t.value, lang)} {kpi.unit}",
                 deadline=deadline)


def fmt_change_value(x, unit: str, lang: str) -> str:
    """One change in the report's number format, by its unit
    (:data:`kpi_analysis.vocab.CHANGE_UNITS`): percentage points '+22.6 pp' /
    '+22,6 %-punt'; percent of the baseline '+20%'.

    >>> fmt_change_value(22.64, "pp", "nl"), fmt_change_value(20.0, "percent", "en")
    ('+22,6 %-punt', '+20%')
    """
    if unit != "pp":
        return fmt_pct(x, lang)
    if is_missing(x):
        return fmt_number(x, lang)
    sign = "+" if round(float(x), 1) > 0 else ""
    return f"{sign}{fmt_number(x, lang, 1)} {label('unit.pp', lang)}"


def fmt_change(row, kpi, lang: str) -> tuple[str, str, str]:
    """The change of a compare_kpis row as shown: ``(change, low, high)``.

    Proportions change in percentage points ('−6.9 pp', nl '−6,9 %-punt'): a relative
    '−11%' of a share reads as points and misleads. Everything else changes in
    percent of the baseline level.
    """
    row = dict(row)
    if is_missing(row.get("change")):
        return "-", "-", "-"
    if getattr(kpi, "kind", None) == "proportion":
        return tuple(fmt_change_value(row[k], "pp", lang) for k in ("change", "ci_low", "ci_high"))
    return tuple(fmt_change_value(row[k], "percent", lang)
                 for k in ("change_pct", "ci_pct_low", "ci_pct_high"))


def guard_warning(guard_row, guard, lang: str, kpi=None) -> str:
    """The warning for a KPI whose quality guard worsened (compare_kpis'
    ``guard_worsened``), from the guard KPI's own row and plan entry ``guard``: beside
    the KPI in a report; with ``kpi`` (the guarded KPI's id) a sentence that stands
    alone, naming both (compare_kpis' ``guard_warning`` column, in English).

    >>> from types import SimpleNamespace as NS
    >>> guard = NS(id="satisfied", name="Satisfied customers", kind="proportion")
    >>> row = dict(change=-6.94, ci_low=-9.0, ci_high=-4.0)
    >>> guard_warning(row, guard, "nl")
    'Let op: de kwaliteitsbewaker Satisfied customers is verslechterd (−6,9 %-punt).'
    >>> guard_warning(row, guard, "en", kpi="handling_time")  # doctest: +NORMALIZE_WHITESPACE
    "guard KPI 'satisfied' (Satisfied customers) worsened (−6.9 pp); check that the gain in
    'handling_time' did not come at its expense"
    """
    change = fmt_change(guard_row, guard, lang)[0]
    if kpi is None:
        return label("guard.warning", lang, guard=guard.name, change=change)
    return label("guard.warning.table", lang, guard_id=guard.id, guard=guard.name,
                 change=change, kpi=kpi)


def story_counts(verdicts, lang: str) -> str:
    """'Of 4 KPIs, 2 improved, ...' from the verdict column, plus how many could not
    be assessed when any."""
    verdicts = list(verdicts)
    text = label("story.counts", lang, n=len(verdicts),
                 improved=verdicts.count("improved"), worsened=verdicts.count("worsened"),
                 unchanged=verdicts.count("no detectable change"))
    cannot = verdicts.count("cannot be assessed")
    return text + (" " + label("story.cannot", lang, n=cannot) if cannot else "")


def kpi_sentence(row, kpi, lang: str) -> str:
    """One plain sentence for a compare_kpis row, built from the same fields as the
    table, so words and numbers cannot disagree: the verdict decides between 'rose /
    fell' and 'no detectable change', the interval is the one shown.

    >>> from types import SimpleNamespace as NS
    >>> kpi = NS(name="Lead time", unit="days", direction="lower_is_better", target=None)
    >>> row = dict(before=5.1, after=2.0, change=-3.1, change_pct=-60.8, ci_pct_low=-66.0,
    ...            ci_pct_high=-55.0, verdict="improved")
    >>> kpi_sentence(row, kpi, "en")
    'Lead time fell from 5.10 to 2.00 days (−61%, 95% interval −66% to −55%).'
    """
    row = dict(row)
    if row["verdict"] == "cannot be assessed":
        return label("sentence.cannot", lang, name=kpi.name,
                     reason=label(f"reason.{row['reason']}", lang))
    change, low, high = fmt_change(row, kpi, lang)
    fields = dict(name=kpi.name, unit=kpi.unit, before=fmt_value(row["before"], lang),
                  after=fmt_value(row["after"], lang), change=change, low=low, high=high)
    if row["verdict"] == "no detectable change":
        return label("sentence.no_change", lang, **fields)
    if row["verdict"] == "cannot be assessed":
        return label("sentence.not_assessed", lang, **fields)
    text = label("sentence.fell" if row["change"] < 0 else "sentence.rose", lang, **fields)
    if row["verdict"] == "worsened":
        text += " " + label("sentence.worsened" if kpi.direction == "lower_is_better"
                            else "sentence.worsened_higher", lang)
    met = row.get("target_met")
    if kpi.target is not None and isinstance(met, (bool, np.bool_)):
        key = "sentence.target_met" if met else "sentence.target_not_met"
        text += " " + label(key, lang, target=target_text(kpi, lang))
    return text

