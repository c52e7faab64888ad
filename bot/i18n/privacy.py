"""Texts of /mydata, /forget and the coordinator's approval of an erasure."""

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "menu.mydata": "Download everything I store about you",
        "menu.forget": "Ask to erase your personal data",
        "privacy.mydata": "Here is everything I store about you.",
        "privacy.forget_confirm": (
            "Do you want your personal data erased?\n\nA coordinator of your school approves "
            "it first. Then your name, your e-mail address, your texts and your Telegram "
            "account are removed; only anonymous counts stay. To use me again you would "
            "need a new invite link."
        ),
        "privacy.forget_yes": "Yes, erase my data",
        "privacy.forget_no": "No, keep it",
        "privacy.forget_cancelled": "OK, nothing changes.",
        "privacy.forget_requested": (
            "Your request has gone to the coordinator. You'll hear from me when it is handled."
        ),
        "privacy.forget_already_requested": "Your request is already waiting for a coordinator.",
        "privacy.forget_no_coordinator": (
            "There is no coordinator in this bot who can approve your request. "
            "Please ask your school."
        ),
        "privacy.request": (
            "🗑 <b>{name}</b> ({role}) asks to have his or her personal data erased. "
            "Do you approve?"
        ),
        "privacy.approve": "Approve and erase",
        "privacy.reject": "Reject",
        "privacy.approved": "✅ Approved: the personal data of person #{person} has been erased.",
        "privacy.rejected": "Rejected: person #{person} keeps his or her data and has been told.",
        "privacy.already_decided": "This request has already been handled.",
        "privacy.erased": "Your personal data has been erased. Goodbye!",
        "privacy.rejected_notice": (
            "A coordinator did not approve erasing your data. "
            "Ask your coordinator if you want to know why."
        ),
    },
    "nl": {
        "menu.mydata": "Download alles wat ik over je bewaar",
        "menu.forget": "Vraag om je gegevens te wissen",
        "privacy.mydata": "Hier is alles wat ik over je bewaar.",
        "privacy.forget_confirm": (
            "Wil je dat je persoonsgegevens worden gewist?\n\nEen coördinator van je school "
            "keurt dat eerst goed. Daarna worden je naam, je e-mailadres, je teksten en je "
            "Telegram-account verwijderd; alleen anonieme aantallen blijven. Om mij daarna "
            "weer te gebruiken heb je een nieuwe uitnodigingslink nodig."
        ),
        "privacy.forget_yes": "Ja, wis mijn gegevens",
        "privacy.forget_no": "Nee, bewaar ze",
        "privacy.forget_cancelled": "Goed, er verandert niets.",
        "privacy.forget_requested": (
            "Je verzoek is naar de coördinator gestuurd. Je hoort van mij als het is afgehandeld."
        ),
        "privacy.forget_already_requested": "Je verzoek wacht al op een coördinator.",
        "privacy.forget_no_coordinator": (
            "Er is geen coördinator in deze bot die je verzoek kan goedkeuren. "
            "Vraag het je school."
        ),
        "privacy.request": (
            "🗑 <b>{name}</b> ({role}) vraagt om zijn of haar persoonsgegevens te wissen. "
            "Keur je dat goed?"
        ),
        "privacy.approve": "Goedkeuren en wissen",
        "privacy.reject": "Afwijzen",
        "privacy.approved": (
            "✅ Goedgekeurd: de persoonsgegevens van persoon #{person} zijn gewist."
        ),
        "privacy.rejected": (
            "Afgewezen: persoon #{person} houdt zijn of haar gegevens en heeft bericht gekregen."
        ),
        "privacy.already_decided": "Dit verzoek is al afgehandeld.",
        "privacy.erased": "Je persoonsgegevens zijn gewist. Tot ziens!",
        "privacy.rejected_notice": (
            "Een coördinator heeft het wissen van je gegevens niet goedgekeurd. "
            "Vraag je coördinator waarom, als je dat wilt weten."
        ),
    },
}
