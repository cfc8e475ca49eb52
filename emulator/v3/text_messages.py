"""Text messages: list conversations, one conversation with its messages, send a text."""
from emulator.domain import text_messages, text_sending
from emulator.v3 import body, route, scope


@route("/a/<account_id>/text-messages")
def list_conversations(account_id):
    s = scope(account_id)
    return text_messages.list_conversations(s, s.args)


@route("/a/<account_id>/text-messages/<conversation_id>")
def show_conversation(account_id, conversation_id):
    s = scope(account_id)
    return text_messages.show(s, conversation_id, s.args)


@route("/a/<account_id>/text-messages", methods=["POST"], status=201)
def send_text_message(account_id):
    s = scope(account_id)
    return text_messages.render(s, text_sending.send(s, body()))
