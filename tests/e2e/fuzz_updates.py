"""Generated Telegram updates for the fuzz test: who sends what, as raw Bot API JSON."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from bot.sandbox.chats import command_entities

# Who may send an update; the fuzz test maps each to a chat of the emulator.
PEOPLE = ("student", "other_student", "mentor", "supervisor", "coordinator")
STRANGERS = tuple(f"stranger{n}" for n in range(6))
BOTS = ("bot0", "bot1")
GROUPS = ("group", "supergroup")
CHANNELS = ("channel",)

COMMANDS = (
    "/start",
    "/help",
    "/checkin",
    "/pause",
    "/resume",
    "/language",
    "/mydata",
    "/forget",
    "/students",
    "/feedback",
    "/start@mentorbot_test_bot",
    "/HELP",
    "/",
)
OURS = (
    "lang:{w}",
    "lang:xx",
    "lang:en",
    "lang:nl",
    "ci:{n}:m:{k}",
    "ci:{n}:skip",
    "ci:{n}:h:{k}",
    "ci:99999:m:3",
    "al:{n}:ack",
    "al:{n}:res",
    "al:1:ack",
    "al:nonote",
    "pb:s",
    "pb:b",
    "fg:yes",
    "fg:no",
    "er:{n}:ok",
    "er:{n}:no",
    "ci:{n}",
    "ci::m:1",
    "ci:-1:m:1",
    "ci:{big}:m:1",
    "al:{big}:ack",
)

# Repeated kinds come up more often: commands and (mostly forged) button presses matter most.
PRIVATE_KINDS = (
    "text",
    "command",
    "callback",
    "command",
    "callback",
    "start_token",
    "callback",
    "edited",
    "sticker",
    "photo",
    "location",
    "contact",
    "document",
    "text",
)


@dataclass(frozen=True, slots=True)
class Step:
    """One generated action: a sender, a kind of update, and the values it carries."""

    kind: str
    sender: str
    text: str = ""
    number: int = 0
    replay: bool = False


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64


small_ids = st.one_of(st.integers(1, 6), st.integers(-5, 10**12))
our_data = st.builds(
    lambda fmt, n, k, w, big: fmt.format(n=n, k=k, w=w, big=big),
    st.sampled_from(OURS),
    small_ids,
    st.integers(-1, 6),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=0, max_size=3),
    st.integers(10**12, 10**30),
)
callback_data = st.one_of(our_data, st.text(max_size=64).filter(_fits))
texts = st.one_of(
    st.text(max_size=60),
    st.text(max_size=600),
    # Long texts from a short random piece: Hypothesis' own size budget is far below 10,000.
    st.builds(
        lambda piece, length: (piece * length)[:length],
        st.text(min_size=1, max_size=40),
        st.integers(4000, 10_000),
    ),
    st.sampled_from(["<b>", "&", '<a href="x">', "ok", "1", "Yes", "No", "2026-05-01"]),
)
commands = st.builds(
    lambda c, a: f"{c} {a}" if a else c,
    st.sampled_from(COMMANDS),
    st.one_of(
        st.just(""),
        st.text(max_size=80),
        st.sampled_from(["2026-12-31", "en", "nl", "xx", "tomorrow"]),
    ),
)
tokens = st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=0, max_size=70
)


def _steps(kinds: tuple[str, ...], senders: tuple[str, ...]) -> st.SearchStrategy[Step]:
    return st.builds(
        Step,
        kind=st.sampled_from(kinds),
        sender=st.sampled_from(senders),
        text=st.one_of(texts, commands, callback_data, tokens),
        number=st.integers(0, 1000),
        replay=st.booleans(),
    )


private = _steps(PRIVATE_KINDS, PEOPLE + STRANGERS)
# Mostly people in private chats; now and then the clock moves a few hours (and the tick runs).
steps = st.one_of(
    private,
    private,
    private,
    private,
    private,
    private,
    _steps(("text", "command", "sticker", "edited", "callback"), BOTS),
    _steps(("text", "command", "edited", "photo", "callback"), GROUPS),
    _steps(("channel_post", "edited_channel_post"), CHANNELS),
    st.builds(Step, kind=st.just("tick"), sender=st.just(""), number=st.integers(1, 2)),
)


class Updates:
    """Turns steps into raw updates, numbering messages per chat."""

    def __init__(self) -> None:
        self._message_ids = itertools.count(1_000_000)

    def message(
        self, chat: dict[str, Any], sender: dict[str, Any] | None, date: int, step: Step
    ) -> dict[str, Any]:
        """A Message object with the content the step asks for."""
        out: dict[str, Any] = {"message_id": next(self._message_ids), "date": date, "chat": chat}
        if sender is not None:
            out["from"] = sender
        else:
            out["sender_chat"] = chat
        text = step.text or "."
        match step.kind:
            case "command" | "start_token":
                text = text if step.kind == "command" else f"/start {text}"
                out["text"] = text if text.startswith("/") else f"/{text}"
                if command_entities(out["text"]):
                    out["entities"] = command_entities(out["text"])
            case "sticker":
                out["sticker"] = {
                    "file_id": "CAAS",
                    "file_unique_id": "AgS",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "🙂",
                }
            case "photo":
                out["photo"] = [
                    {"file_id": "AgAP", "file_unique_id": "AgP", "width": 90, "height": 90}
                ]
                out["caption"] = step.text[:1024]
            case "location":
                out["location"] = {
                    "latitude": (step.number % 180) - 90.0,
                    "longitude": (step.number % 360) - 180.0,
                }
            case "contact":
                out["contact"] = {
                    "phone_number": f"+31{step.number:09d}",
                    "first_name": step.text[:64] or "X",
                }
            case "document":
                out["document"] = {
                    "file_id": "BQAD",
                    "file_unique_id": "AgD",
                    "file_name": (step.text[:60] or "x") + ".csv",
                }
            case _:
                out["text"] = text
        return out
