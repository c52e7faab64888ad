"""Bot API methods that send, edit, delete and answer in chats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.chats import SimChat
from bot.sandbox.checks import ApiError, check_markup, check_text
from bot.sandbox.media import MAX_UPLOAD, image_size, photo_problem
from bot.sandbox.model import ChatMessage, Upload
from bot.sandbox.users import SimUser

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

Params = dict[str, Any]
Files = dict[str, Upload]
Method = Callable[["BotApiEmulator", Params, Files], Any]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the"
    " same as a current content and reply markup of the message"
)


def bad(description: str) -> ApiError:
    """A 400 answer."""
    return ApiError(400, f"Bad Request: {description}")


def target_chat(emu: BotApiEmulator, params: Params) -> SimChat:
    """The chat a call addresses; 400 when unknown, 403 when the user blocked the bot."""
    chat_id = params.get("chat_id")
    if chat_id is None or chat_id == "":
        raise bad("chat_id is empty")
    chat = emu.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise bad("chat not found")
    if isinstance(chat, SimUser) and chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    if isinstance(chat, SimUser) and chat.refusing is not None:
        raise ApiError(*chat.refusing)
    return chat


def _bot_message(chat: SimChat, params: Params, *, verb: str) -> ChatMessage:
    raw = params.get("message_id")
    if "inline_message_id" in params:
        raise bad("inline messages are not supported by the emulator")
    msg = chat.message(raw) if isinstance(raw, int) else None
    if msg is None:
        raise bad(f"message to {verb} not found")
    if not msg.from_bot and verb == "edit":
        raise bad("message can't be edited")
    return msg


def send_message(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """sendMessage."""
    chat = target_chat(emu, params)
    markup = check_markup(params.get("reply_markup"))
    check_text(params.get("text"), params.get("parse_mode"))
    emu.admit_send(chat.chat_id)
    msg = chat.new_message(
        from_bot=True,
        text=params["text"],
        parse_mode=params.get("parse_mode"),
        reply_markup=markup,
    )
    return chat.api_message(msg)


def _upload(emu: BotApiEmulator, params: Params, files: Files, field: str) -> Upload | str:
    """The uploaded part for a media field, or the file_id of an already stored file."""
    value = params.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        part = files.get(value.removeprefix("attach://"))
        if part is None:
            raise bad(f"there is no {field} in the request")
        return part
    if field in files:
        return files[field]
    if isinstance(value, str) and value in emu.files:
        return value
    if value is None:
        raise bad(f"there is no {field} in the request")
    raise bad("wrong file identifier/HTTP URL specified")


def _send_media(emu: BotApiEmulator, params: Params, files: Files, field: str) -> Any:
    chat = target_chat(emu, params)
    markup = check_markup(params.get("reply_markup"))
    check_text(params.get("caption"), params.get("parse_mode"), caption=True)
    source = _upload(emu, params, files, field)
    if not isinstance(source, str):
        if len(source.content) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        if not source.content:
            raise bad("file must be non-empty")
        if field == "photo" and (problem := photo_problem(source.content)):
            raise bad(problem)
    emu.admit_send(chat.chat_id)
    if isinstance(source, str):
        stored = emu.files[source]
    else:
        name = source.filename or ("photo.jpg" if field == "photo" else "file")
        stored = emu.store_file(
            name,
            source.content,
            source.content_type,
            folder=field + "s",
            size=image_size(source.content) if field == "photo" else None,
        )
    msg = chat.new_message(
        from_bot=True,
        text=params.get("caption"),
        parse_mode=params.get("parse_mode"),
        reply_markup=markup,
        file_id=stored.file_id,
        document=(stored.filename, stored.content) if field == "document" else None,
        photo=stored.content if field == "photo" else None,
    )
    return chat.api_message(msg)


def send_document(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """sendDocument."""
    return _send_media(emu, params, files, "document")


def send_photo(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """sendPhoto."""
    return _send_media(emu, params, files, "photo")


def edit_message_text(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """editMessageText; without reply_markup the keyboard goes, as on Telegram."""
    chat = target_chat(emu, params)
    msg = _bot_message(chat, params, verb="edit")
    if msg.document is not None or msg.photo is not None:
        raise bad("there is no text in the message to edit")
    check_text(params.get("text"), params.get("parse_mode"))
    markup = check_markup(params.get("reply_markup"))
    if params["text"] == msg.text and markup == msg.reply_markup:
        raise bad(NOT_MODIFIED)
    emu.admit_send(chat.chat_id)  # an edit counts against the flood limits like a send
    msg.text, msg.parse_mode, msg.reply_markup = params["text"], params.get("parse_mode"), markup
    chat.changed(msg)
    return chat.api_message(msg)


def edit_message_reply_markup(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """editMessageReplyMarkup."""
    chat = target_chat(emu, params)
    msg = _bot_message(chat, params, verb="edit")
    markup = check_markup(params.get("reply_markup"))
    if markup == msg.reply_markup:
        raise bad(NOT_MODIFIED)
    emu.admit_send(chat.chat_id)  # an edit counts against the flood limits like a send
    msg.reply_markup = markup
    chat.changed(msg)
    return chat.api_message(msg)


def delete_message(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """deleteMessage."""
    chat = target_chat(emu, params)
    chat.remove(_bot_message(chat, params, verb="delete").message_id)
    return True


def answer_callback_query(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """answerCallbackQuery; each query can be answered once."""
    user_id = emu.close_callback_query(str(params.get("callback_query_id", "")))
    if user_id is None:
        raise bad("query is too old and response timeout expired or query ID is invalid")
    if user_id in emu.users:
        emu.users[user_id].answers.append(params)
    return True


def send_chat_action(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """sendChatAction (typing…): checked like a send, shown nowhere."""
    target_chat(emu, params)
    return True


def get_chat(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """getChat."""
    chat = emu.chats.get(params.get("chat_id"))  # type: ignore[arg-type]
    if chat is None:
        raise bad("chat not found")
    return chat.chat_dict()


MESSAGE_METHODS: dict[str, Method] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
}
# Calls that post a new message count against the flood limits and the flood fault.
SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
