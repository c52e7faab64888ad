"""Texts of the weekly check-in, problems, pauses and alerts."""

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "checkin.open": "Hi {name}! 👋 Time for your weekly check-in.\n\nHow was your week? "
                        "Tap 1 (bad) to 5 (great).",
        "checkin.reminder": "Your weekly check-in is still open. How was your week? "
                            "Tap 1 (bad) to 5 (great).",
        "checkin.ask_mood": "How was your week? Tap 1 (bad) to 5 (great).",
        "checkin.ask_week": "How did your week go? Write a few words, or tap Skip.",
        "checkin.skip": "Skip",
        "checkin.skipped": "skipped",
        "checkin.ask_help": "Is there anything you need help with?",
        "checkin.yes": "Yes",
        "checkin.no": "No",
        "checkin.thanks": "Thank you! Your check-in is saved. Have a good weekend. 🙌",
        "checkin.closed": "This check-in is closed.",
        "checkin.already": "You answered this already.",
        "checkin.none_open": "You have no open check-in right now. I'll ask you on your "
                             "check-in day. Need help? Send /help.",
        "problem.describe": "What do you need help with? Describe it in one message.",
        "problem.no_placement": "I can't find a placement of yours. Please contact your school.",
        "problem.ask_audience": "Who may read this?",
        "problem.supervisor_only": "My supervisor only",
        "problem.mentor_too": "My mentor and my supervisor",
        "problem.use_buttons": "Please choose with the buttons above who may read this.",
        "problem.reported_supervisor": "Your supervisor has been informed and will contact "
                                       "you. Only your supervisor can read what you wrote.",
        "problem.reported_both": "Your supervisor and your mentor have been informed. They "
                                 "will contact you.",
        "alert.problem_reported": "⚠️ <b>{student}</b> ({company}) reported a problem.",
        "alert.low_mood": "⚠️ <b>{student}</b> ({company}) has felt low in the last "
                          "check-ins.",
        "alert.missed_checkins": "⚠️ <b>{student}</b> ({company}) has not answered the last "
                                 "check-ins.",
        "alert.details": "In the student's words:\n<i>{details}</i>",
        "alert.resent": "🔁 Not acknowledged yet:",
        "alert.escalated": "⏰ Nobody has acknowledged this alert for {hours} hours.",
        "alert.shared_with_mentor": "{student} asked for help and wants you to know too:\n"
                                    "<i>{details}</i>\n\nThe supervisor has been informed.",
        "alert.acknowledge": "👀 Acknowledge",
        "alert.resolve": "✅ Resolved",
        "alert.acknowledged_by": "👀 Acknowledged by {name}, {when}",
        "alert.resolved_by": "✅ Resolved by {name}",
        "alert.already_acknowledged": "Already acknowledged.",
        "alert.already_resolved": "Already resolved.",
        "alert.already_open": "Nothing changed.",
        "alert.ask_note": "Want to add a short note on how it was resolved? Write it now, or "
                          "tap No note.",
        "alert.no_note": "No note",
        "alert.no_note_taken": "OK, no note.",
        "alert.note_saved": "Thanks, the note is saved with the alert.",
        "pause.usage": "Tell me until when, e.g. <code>/pause 24-12-2026</code>. "
                       "No check-ins until then, and your supervisor is told.",
        "pause.paused": "Check-ins are paused. The next one is on {next}. Your supervisor "
                        "has been told. Back earlier? Send /resume.",
        "pause.paused_no_more": "Check-ins are paused until the end of your placement. Your "
                                "supervisor has been told.",
        "pause.resumed": "Check-ins are back on. The next one is on {next}.",
        "pause.resumed_no_more": "Check-ins are back on, but your placement has no check-in "
                                 "days left.",
        "pause.not_paused": "Your check-ins are not paused.",
        "pause.no_placement": "I can't find a placement of yours to pause.",
        "pause.in_past": "That date has passed. Give a date from today on.",
        "pause.too_far": "That is more than six months away. Please talk to your supervisor.",
        "pause.supervisor_paused": "⏸ {student} paused the check-ins until {until}.",
        "pause.supervisor_resumed": "▶️ {student} resumed the check-ins.",
    },
    "nl": {
        "checkin.open": "Hoi {name}! 👋 Tijd voor je wekelijkse check-in.\n\nHoe was je week? "
                        "Tik 1 (slecht) tot 5 (super).",
        "checkin.reminder": "Je wekelijkse check-in staat nog open. Hoe was je week? "
                            "Tik 1 (slecht) tot 5 (super).",
        "checkin.ask_mood": "Hoe was je week? Tik 1 (slecht) tot 5 (super).",
        "checkin.ask_week": "Hoe ging je week? Schrijf een paar woorden, of tik Overslaan.",
        "checkin.skip": "Overslaan",
        "checkin.skipped": "overgeslagen",
        "checkin.ask_help": "Is er iets waarbij je hulp nodig hebt?",
        "checkin.yes": "Ja",
        "checkin.no": "Nee",
        "checkin.thanks": "Dank je! Je check-in is opgeslagen. Fijn weekend. 🙌",
        "checkin.closed": "Deze check-in is gesloten.",
        "checkin.already": "Dit heb je al beantwoord.",
        "checkin.none_open": "Je hebt nu geen open check-in. Ik vraag het je op je "
                             "check-in-dag. Hulp nodig? Stuur /help.",
        "problem.describe": "Waarbij heb je hulp nodig? Beschrijf het in één bericht.",
        "problem.no_placement": "Ik kan geen stage van je vinden. Neem contact op met je "
                                "school.",
        "problem.ask_audience": "Wie mag dit lezen?",
        "problem.supervisor_only": "Alleen mijn bpv-begeleider",
        "problem.mentor_too": "Mijn praktijkopleider en mijn bpv-begeleider",
        "problem.use_buttons": "Kies met de knoppen hierboven wie dit mag lezen.",
        "problem.reported_supervisor": "Je bpv-begeleider is op de hoogte gebracht en neemt "
                                       "contact met je op. Alleen je bpv-begeleider kan lezen "
                                       "wat je schreef.",
        "problem.reported_both": "Je bpv-begeleider en je praktijkopleider zijn op de hoogte "
                                 "gebracht. Ze nemen contact met je op.",
        "alert.problem_reported": "⚠️ <b>{student}</b> ({company}) meldt een probleem.",
        "alert.low_mood": "⚠️ <b>{student}</b> ({company}) voelde zich de laatste check-ins "
                          "somber.",
        "alert.missed_checkins": "⚠️ <b>{student}</b> ({company}) heeft de laatste check-ins "
                                 "niet ingevuld.",
        "alert.details": "In de woorden van de student:\n<i>{details}</i>",
        "alert.resent": "🔁 Nog niet bevestigd:",
        "alert.escalated": "⏰ Niemand heeft deze melding in {hours} uur bevestigd.",
        "alert.shared_with_mentor": "{student} vroeg om hulp en wil dat jij het ook weet:\n"
                                    "<i>{details}</i>\n\nDe bpv-begeleider is op de hoogte.",
        "alert.acknowledge": "👀 Gezien",
        "alert.resolve": "✅ Opgelost",
        "alert.acknowledged_by": "👀 Gezien door {name}, {when}",
        "alert.resolved_by": "✅ Opgelost door {name}",
        "alert.already_acknowledged": "Al gezien.",
        "alert.already_resolved": "Al opgelost.",
        "alert.already_open": "Er is niets veranderd.",
        "alert.ask_note": "Wil je een korte notitie toevoegen over hoe het is opgelost? "
                          "Schrijf hem nu, of tik Geen notitie.",
        "alert.no_note": "Geen notitie",
        "alert.no_note_taken": "Oké, geen notitie.",
        "alert.note_saved": "Dank je, de notitie is bij de melding opgeslagen.",
        "pause.usage": "Vertel me tot wanneer, bijv. <code>/pause 24-12-2026</code>. "
                       "Tot dan geen check-ins, en je bpv-begeleider krijgt bericht.",
        "pause.paused": "De check-ins zijn gepauzeerd. De volgende is op {next}. Je "
                        "bpv-begeleider heeft bericht gekregen. Eerder terug? Stuur /resume.",
        "pause.paused_no_more": "De check-ins zijn gepauzeerd tot het einde van je stage. Je "
                                "bpv-begeleider heeft bericht gekregen.",
        "pause.resumed": "De check-ins staan weer aan. De volgende is op {next}.",
        "pause.resumed_no_more": "De check-ins staan weer aan, maar je stage heeft geen "
                                 "check-in-dagen meer.",
        "pause.not_paused": "Je check-ins zijn niet gepauzeerd.",
        "pause.no_placement": "Ik kan geen stage van je vinden om te pauzeren.",
        "pause.in_past": "Die datum is al voorbij. Geef een datum vanaf vandaag.",
        "pause.too_far": "Dat is meer dan zes maanden weg. Overleg met je bpv-begeleider.",
        "pause.supervisor_paused": "⏸ {student} heeft de check-ins gepauzeerd tot {until}.",
        "pause.supervisor_resumed": "▶️ {student} heeft de check-ins hervat.",
    },
}
