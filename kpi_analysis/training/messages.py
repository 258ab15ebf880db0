"""The en/nl texts of the training exercises and demonstrations."""
from __future__ import annotations

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

