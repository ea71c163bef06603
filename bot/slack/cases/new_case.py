"""Opening a case: `/breach new [quick form]`, the `new_case` shortcut and the modal's submission."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    MarkdownTextObject,
)
from slack_sdk.models.views import View

from bot.cases.forms import BREACH_KINDS, INTENTS, CaseForm, check_case_facts, parse_quick_form
from bot.cases.service import open_case
from bot.runtime import Runtime
from bot.slack.cases.common import explained, input_values, make_desk, tell
from bot.slack.cases.format import esc
from bot.slack.cases.inputs import date_input, email_input, number_input, select_input, text_input
from bot.slack.commands import Invocation
from bot.slack.errors import guarded

CALLBACK = "case_new"


def new_case_view(form: CaseForm, channel: str | None) -> dict[str, Any]:
    v = form.values
    blocks: list[Any] = []
    if form.notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=esc(" ".join(form.notes))[:2900])]))
    blocks += [
        text_input("customer_name", "Customer", v.get("customer_name"), max_length=200),
        text_input("account_id", "Account id", v.get("account_id"), optional=True, max_length=100),
        text_input("products", "Products concerned", v.get("products"), optional=True, max_length=500),
        text_input("unit_name", "Unit (seats, API calls, ...)", v.get("unit_name", "seats"), max_length=50),
        number_input("licensed_units", "Licensed", v.get("licensed_units")),
        number_input("units_in_use", "In use", v.get("units_in_use")),
        date_input("first_seen", "First seen above the licence", v.get("first_seen"), optional=True),
        date_input("renewal_date", "Renewal date", v.get("renewal_date"), optional=True),
        text_input("contract_tier", "Contract or tier", v.get("contract_tier"), optional=True, max_length=100),
        select_input("breach_kind", "Breach kind", BREACH_KINDS, v.get("breach_kind")),
        select_input("intent", "Likely intent", INTENTS, v.get("intent", "unknown")),
        text_input("contact_name", "Customer contact", v.get("contact_name"), max_length=200),
        email_input("contact_email", "Contact email", v.get("contact_email"), optional=True),
        text_input("customer_timezone", "Customer timezone", v.get("customer_timezone", "UTC"),
                   hint="A name such as Europe/Berlin", max_length=64),
        InputBlock(block_id="channel_id", label="Channel for the case", element=ConversationSelectElement(
            action_id="value", initial_conversation=channel or None,
            default_to_current_conversation=True if channel else None,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True))),
    ]
    view = View(type="modal", callback_id=CALLBACK, title="New breach case", submit="Open case",
                close="Cancel", blocks=blocks)
    return view.to_dict()


def register(app: App, runtime: Runtime, routers) -> None:
    @routers.breach.add("new", usage="/breach new [CUSTOMER seats IN-USE/LICENSED renewal DATE]",
                        example="/breach new Acme Corp seats 140/100 renewal 2027-03-01",
                        summary="Open a case: a form opens, filled in from what you typed.")
    def new(invocation: Invocation) -> None:
        invocation.ack()
        form = parse_quick_form(invocation.args)
        channel = invocation.channel_id if invocation.channel_id.startswith(("C", "G")) else None
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=new_case_view(form, channel))

    def shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=new_case_view(CaseForm(), None))

    def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        facts, errors = check_case_facts(input_values(view), datetime.now(UTC).date())
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        user = body["user"]["id"]
        desk = make_desk(runtime, client)
        reply_to = {"user": {"id": user}}  # by DM: the case channel may not have Tactful in it yet
        explained(lambda: open_case(desk, team_id=(body.get("team") or {}).get("id", ""), owner_id=user,
                                    facts=facts, dedupe_key=f"view:{view.get('id')}"),
                  lambda text: tell(client, reply_to, text))

    app.shortcut("new_case")(guarded(shortcut))
    app.view(CALLBACK)(guarded(submitted))
