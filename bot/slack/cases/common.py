"""What every case listener shares: the Desk for a request, private replies, reading values."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.cases.errors import CaseProblem
from bot.cases.library import library_for
from bot.cases.service import Desk, check_can_act
from bot.runtime import Runtime
from bot.slack.blocks import clip
from bot.slack.cases.adapter import SlackCaseChannel
from bot.slack.cases.background import AFTER_ACK
from bot.slack.cases.format import esc
from bot.slack.messenger import SlackMessenger, translated_errors
from bot.slack_errors import SlackRefused, SlackUnavailable

log = logging.getLogger("tactful.cases")


def make_desk(runtime: Runtime, client: WebClient) -> Desk:
    settings = runtime.settings
    return Desk(engine=runtime.engine, library=library_for(settings.tactful_playbooks),
                admins=settings.admins, holiday_country=settings.tactful_holiday_country,
                slack=SlackCaseChannel(SlackMessenger(client)))


def tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral answer to whoever acted: in the channel they acted in, else by DM."""
    user = (body.get("user") or {}).get("id") or body.get("user_id", "")
    channel = (body.get("channel") or {}).get("id") or body.get("channel_id") \
        or (body.get("container") or {}).get("channel_id")
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            SlackMessenger(client).direct_message(user, text)
    except Exception:  # noqa: BLE001 - a reply we could not deliver must not mask the original problem
        log.warning("could not tell %s: %s", user, text, exc_info=True)


def explained(work: Callable[[], None], reply: Callable[[str], None]) -> None:
    """Run case work after ack (on its own pool); problems the user can fix and Slack
    outages become a private reply."""
    AFTER_ACK.submit(lambda: _explained(work, reply), reply)


def _explained(work: Callable[[], None], reply: Callable[[str], None]) -> None:
    try:
        work()
    except CaseProblem as problem:
        reply(esc(problem))
    except SlackRefused as refused:
        missing = refused.code in ("not_in_channel", "channel_not_found")
        hint = " Invite Tactful to the channel first." if missing else ""
        reply(f"Slack refused the post ({refused.code}). The case record is saved.{hint}")
    except SlackUnavailable as down:
        reply(f"Slack is not answering right now ({down.reason}). The case record is saved; "
              "the card catches up at the next action.")


def input_values(view: dict[str, Any]) -> dict[str, Any]:
    """`view.state.values` flattened to {block_id: value} for every element type we use."""
    values: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        for element in elements.values():
            values[block_id] = _element_value(element)
    return values


def _element_value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        return (element.get("selected_option") or {}).get("value")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("selected_options") or []]
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "conversations_select":
        return element.get("selected_conversation")
    if kind == "channels_select":
        return element.get("selected_channel")
    return element.get("value")


def action_payload(action: dict[str, Any]) -> dict[str, Any]:
    """The {case, step, choice} a case button carries."""
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        raise CaseProblem("That button is from an older version of Tactful; use the newest step.") from None
    return value if isinstance(value, dict) else {}


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def case_id_of(data: dict[str, Any]) -> int:
    """The case a button value or a modal's metadata names (only a claim: re-authorise it)."""
    try:
        return int(data["case"])
    except (KeyError, TypeError, ValueError):
        raise CaseProblem("That form is from an older version of Tactful; start again from the case thread.") \
            from None


def notice_view(title: str, text: str) -> dict[str, Any]:
    """A modal that only says something (`text` is mrkdwn, already escaped)."""
    return View(type="modal", title=clip(title, 24), close="Close",
                blocks=[SectionBlock(text=MarkdownTextObject(text=clip(text)))]).to_dict()


def open_then_fill(client: WebClient, trigger_id: str, title: str, build: Callable[[], dict[str, Any]]) -> None:
    """Open a "Loading…" modal at once, then put the real one in its place after ack.

    A trigger id lasts about 3 s, so views.open is the one call made right in the listener;
    `build` (database reads, permission checks, a tone check) runs on the after-ack pool.
    A problem `build` raises replaces the modal with the explanation.
    """
    opened = client.views_open(trigger_id=trigger_id, view=notice_view(title, "Loading…"))
    view_id = opened["view"]["id"]
    explained(lambda: _replace_view(client, view_id, build()),
              lambda text: _replace_view(client, view_id, notice_view(title, text)))


def _replace_view(client: WebClient, view_id: str, view: dict[str, Any]) -> None:
    """views.update; a modal the user has closed meanwhile is no failure."""
    try:
        with translated_errors():
            client.views_update(view_id=view_id, view=view)
    except SlackRefused as refused:
        log.info("modal %s was not updated (%s); the user probably closed it", view_id, refused.code)


def authorised_case(ack: Ack, desk: Desk, meta: dict[str, Any], user: str) -> int | None:
    """Re-authorise a modal submission before ack (its metadata only claims a case).

    A refusal is pushed over the modal, so what was typed underneath is kept; None then.
    """
    try:
        case_id = case_id_of(meta)
        check_can_act(desk, case_id, user)
    except CaseProblem as problem:
        ack(response_action="push", view=notice_view("Not recorded", esc(problem)))
        return None
    return case_id
