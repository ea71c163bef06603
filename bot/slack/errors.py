"""The one place that turns an unexpected exception into a short message with a reference id."""
from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
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
    text = log_failure(error, _describe(body))
    if response is not None:
        if body.get("type") == "view_submission":
            return BoltResponse(status=200, body=_apology_view(text))
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    _tell_user_later(request.context, client, text)
    return None


def guarded(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener so a failure after ack() still reaches the user with a reference id.

    Bolt's own handler covers failures before ack; after ack it can lose the ack itself
    when the listener fails within its polling interval, so those are handled here.
    """

    own = [name for name in inspect.signature(listener).parameters if name != "self"]
    needed = list(dict.fromkeys([*own, "ack", "body", "context", "client"]))

    def run(**kwargs: Any) -> Any:
        try:
            return listener(**{name: kwargs[name] for name in own})
        except Exception as error:
            if kwargs["ack"].response is None:
                raise
            text = log_failure(error, _describe(kwargs["body"]))
            _tell_user_later(kwargs["context"], kwargs["client"], text)
            return None

    # Bolt injects arguments by name; ask it for ours as well as the listener's.
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in needed]
    )
    return run


def log_failure(error: Exception, what: str) -> str:
    """Log the traceback under a new reference id; return the apology that names it."""
    reference = new_reference()
    log.error("%s failed [%s]", what, reference, exc_info=error)
    return apology(reference)


def _apology_view(text: str) -> dict[str, Any]:
    """Pushed over the modal, so what the user typed underneath is kept."""
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Something went wrong"},
        "close": {"type": "plain_text", "text": "Back"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
    return {"response_action": "push", "view": view}


def _tell_user_later(context: BoltContext, client: WebClient, text: str) -> None:
    try:
        if context.respond is not None and context.response_url:
            context.respond(text=text, response_type="ephemeral", replace_original=False)
            return
        user = context.user_id
        if not user:
            return
        channel = context.channel_id
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)
    except (SlackApiError, OSError):
        log.warning("could not tell the user: %s", text, exc_info=True)


def _describe(body: dict[str, Any]) -> str:
    kind = body.get("type") or body.get("command") or body.get("event", {}).get("type", "?")
    user = body.get("user_id") or body.get("user", {}).get("id", "?")
    return f"listener for {kind} from {user}"
