"""Nederlandse teksten."""

TEXTS: dict[str, str] = {
    # Onbekenden, groepen, aanmelden
    "stranger": (
        "Hallo! Ik ben de bpv-assistent van je school. Ik praat alleen met studenten, "
        "praktijkopleiders en bpv-begeleiders die zich hebben aangemeld.\n\n"
        "Aanmelden doe je met de <b>persoonlijke uitnodigingslink</b> die je van de "
        "bpv-coördinator van je school kreeg. Geen link? Vraag je coördinator erom."
    ),
    "private_only": "Ik werk alleen in een privégesprek. Open een chat met mij: @{bot}",
    "join.malformed": (
        "Deze uitnodigingslink is niet compleet. Open de link precies zoals je hem kreeg."
    ),
    "join.unknown": "Deze uitnodigingslink ken ik niet. Vraag je coördinator om een nieuwe.",
    "join.used": "Deze uitnodigingslink is al gebruikt. Vraag je coördinator om een nieuwe.",
    "join.expired": "Deze uitnodigingslink is verlopen. Vraag je coördinator om een nieuwe.",
    "join.other_account": (
        "Deze uitnodigingslink hoort bij iemand die zich met een ander Telegram-account heeft "
        "aangemeld, of jouw account is aan iemand anders gekoppeld. Vraag je coördinator."
    ),
    "join.slow_down": "Te veel verkeerde uitnodigingslinks. Wacht een uur en probeer het opnieuw.",
    "welcome.student": (
        "Welkom, {name}! 👋\n\nElke week stel ik je een korte check-in over je stage: "
        "hoe het ging en of je hulp nodig hebt. Je bpv-begeleider en praktijkopleider "
        "houden via mij contact met je.\n\nNu hulp nodig? Stuur /help."
    ),
    "welcome.mentor": (
        "Welkom, {name}! 👋\n\nIk houd je in contact met de stage van je student. Als je "
        "student om hulp vraagt en wil dat jij het weet, lees je het hier."
    ),
    "welcome.supervisor": (
        "Welkom, {name}! 👋\n\nIk houd je op de hoogte van de stages die je begeleidt: je "
        "krijgt een melding als een student een probleem meldt, zich weken somber voelt of "
        "zijn check-ins niet meer invult."
    ),
    "welcome.coordinator": (
        "Welkom, {name}! 👋\n\nJij coördineert de stages van de school: importeer de "
        "deelnemerslijst en deel uitnodigingslinks uit met <code>python -m bot import</code> "
        "en <code>python -m bot invites</code>."
    ),
    "help.mentor": (
        "<b>Wat ik voor je doe</b>\n• Als je student om hulp vraagt en het met jou deelt, "
        "lees je het hier.\n• /language — kies je taal."
    ),
    "help.supervisor": (
        "<b>Wat ik voor je doe</b>\n• Meldingen als een student aandacht nodig heeft, met "
        "knoppen om ze te bevestigen en af te ronden.\n• /language — kies je taal."
    ),
    "help.coordinator": (
        "<b>Wat ik voor je doe</b>\n• Meldingen die niemand bevestigde komen bij jou.\n"
        "• /language — kies je taal."
    ),
    "menu.checkin": "Vul de check-in van deze week in",
    "menu.help": "Vraag om hulp",
    "menu.pause": "Check-ins pauzeren (vakantie, ziekte)",
    "menu.resume": "Check-ins hervatten",
    "menu.language": "Kies je taal",
    "language.choose": "Welke taal heb je liever?",
    "language.set": "Vanaf nu spreek ik {language}.",
    "language.unknown": "“{code}” spreek ik niet. Kies Nederlands of English.",
    # Terugvallers en fouten
    "fallback.text": (
        "Ik heb nu geen open vraag voor je. Stuur /help als je hulp nodig hebt, "
        "of tik op de menuknop om te zien wat ik kan."
    ),
    "fallback.command": "Dat commando ken ik niet. Tik op de menuknop om te zien wat ik kan.",
    "fallback.unsupported": "Ik kan alleen tekstberichten en knoppen lezen.",
    "fallback.edited": "Bewerkte berichten lees ik niet. Stuur het opnieuw als nieuw bericht.",
    "button.stale": "Deze knop werkt niet meer.",
    "refused": "Dit is niet van jou om te bekijken of te wijzigen.",
    "error.generic": "Sorry, er ging bij mij iets mis. Probeer het over een minuut opnieuw.",
    "text.too_long": "Dat bericht is te lang voor mij ({length} tekens). Houd het onder {limit}.",
    "undeliverable": (
        "⚠️ Berichten aan {name} ({role}) komen niet meer aan: de bot is geblokkeerd of het "
        "account verwijderd. Neem op een andere manier contact op."
    ),
    "role.student": "student",
    "role.mentor": "praktijkopleider",
    "role.supervisor": "bpv-begeleider",
    "role.coordinator": "coördinator",
    "notice.test": "Bericht {n} van de testrun.",
}
