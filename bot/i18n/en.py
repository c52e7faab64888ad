"""English texts."""

TEXTS: dict[str, str] = {
    # Strangers, groups, joining
    "stranger": (
        "Hello! I am the placement assistant of your school. I only talk with students, "
        "workplace mentors and supervisors who have joined.\n\n"
        "To join, open the <b>personal invite link</b> your school's placement coordinator "
        "sent you. No link? Ask your coordinator for one."
    ),
    "private_only": "I only work in a private chat. Open a chat with me: @{bot}",
    "join.malformed": "This invite link is not complete. Open the link exactly as you got it.",
    "join.unknown": "I don't know this invite link. Ask your coordinator for a new one.",
    "join.used": "This invite link has been used already. Ask your coordinator for a new one.",
    "join.expired": "This invite link has expired. Ask your coordinator for a new one.",
    "join.other_account": (
        "This invite link belongs to someone who has joined with another Telegram account, "
        "or your account is linked to someone else. Ask your coordinator."
    ),
    "join.slow_down": "Too many wrong invite links. Wait an hour and try again.",
    "welcome.student": (
        "Welcome, {name}! 👋\n\nEvery week I'll ask you a short check-in about your "
        "placement: how it went and whether you need help. Your supervisor and mentor stay "
        "in touch with you through me.\n\nNeed help right now? Send /help."
    ),
    "welcome.mentor": (
        "Welcome, {name}! 👋\n\nI keep you in touch with your student's placement. When "
        "your student asks for help and wants you to know, you'll read it here."
    ),
    "welcome.supervisor": (
        "Welcome, {name}! 👋\n\nI'll keep you posted on the placements you supervise: "
        "you get an alert when a student reports a problem, feels low for weeks or stops "
        "answering his check-ins."
    ),
    "welcome.coordinator": (
        "Welcome, {name}! 👋\n\nYou coordinate the placements of the school: import the "
        "roster and hand out invite links with <code>python -m bot import</code> and "
        "<code>python -m bot invites</code>."
    ),
    "help.mentor": (
        "<b>What I do for you</b>\n• When your student asks for help and shares it with you, "
        "you read it here.\n• /language — choose your language."
    ),
    "help.supervisor": (
        "<b>What I do for you</b>\n• Alerts when a student needs attention, with buttons "
        "to acknowledge and resolve them.\n• /language — choose your language."
    ),
    "help.coordinator": (
        "<b>What I do for you</b>\n• Alerts nobody acknowledged reach you.\n"
        "• /language — choose your language."
    ),
    "menu.checkin": "Fill in this week's check-in",
    "menu.help": "Ask for help",
    "menu.pause": "Pause check-ins (holiday, sick leave)",
    "menu.resume": "Resume check-ins",
    "menu.language": "Choose your language",
    "language.choose": "Which language do you prefer?",
    "language.set": "From now on I'll speak {language}.",
    "language.unknown": "I don't speak “{code}”. Choose Nederlands or English.",
    # Fallbacks and errors
    "fallback.text": (
        "I have no open question for you right now. Send /help if you need help, "
        "or tap the menu button for what I can do."
    ),
    "fallback.command": "I don't know that command. Tap the menu button for what I can do.",
    "fallback.unsupported": "I can only read text messages and buttons.",
    "fallback.edited": "I don't read edited messages. Please send it again as a new message.",
    "button.stale": "This button no longer works.",
    "refused": "That is not yours to see or change.",
    "error.generic": "Sorry, something went wrong on my side. Please try again in a minute.",
    "text.too_long": (
        "That message is too long for me ({length} characters). Keep it under {limit}."
    ),
    "undeliverable": (
        "⚠️ Messages to {name} ({role}) can no longer be delivered: the bot was blocked or "
        "the account deleted. Please get in touch another way."
    ),
    "role.student": "student",
    "role.mentor": "workplace mentor",
    "role.supervisor": "supervisor",
    "role.coordinator": "coordinator",
    "notice.test": "Message {n} of the test run.",
}
