"""The one place that turns an unexpected exception into a short message with a reference id."""
from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.references import apology, new_reference

log = logging.getLogger("tactful.errors")


def handle_listener_error(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    response: BoltResponse | None,
    client: WebClient,
) -> BoltResponse | None:
    """Log the traceback under a reference id and tell the user that id.

    Before ack, the apology is the HTTP answer itself; after ack it goes to the
    response_url or, lacking one, as an ephemeral message or a DM.
    """
    reference = new_reference()
    log.error("listener failed [%s] (%s)", reference, _describe(body), exc_info=error)
    text = apology(reference)
    if response is not None:
        if body.get("type") == "view_submission":
            return BoltResponse(status=200, body=_apology_view(text))
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    _tell_user_later(body, request, client, text, reference)
    return None


def _apology_view(text: str) -> dict[str, Any]:
    """Pushed over the modal, so what the user typed underneath is kept."""
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Something went wrong"},
        "close": {"type": "plain_text", "text": "Back"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
    return {"response_action": "push", "view": view}


def _tell_user_later(
    body: dict[str, Any], request: BoltRequest, client: WebClient, text: str, reference: str
) -> None:
    respond = request.context.respond
    try:
        if respond is not None and request.context.response_url:
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        user = request.context.user_id
        if not user:
            return
        channel = request.context.channel_id
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)
    except (SlackApiError, OSError):
        log.warning("could not tell the user about %s", reference, exc_info=True)


def _describe(body: dict[str, Any]) -> str:
    kind = body.get("type") or body.get("command") or body.get("event", {}).get("type", "?")
    user = body.get("user_id") or body.get("user", {}).get("id", "?")
    return f"{kind} from {user}"
