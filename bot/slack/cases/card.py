"""The case card and the step messages in its thread, as Block Kit."""
from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.cases.forms import BREACH_KINDS, INTENTS
from bot.cases.service import OUTCOMES
from bot.cases.snapshot import CaseCard, StepCard
from bot.slack.blocks import SECTION_TEXT_LIMIT, clip, to_dicts
from bot.slack.cases.format import day, esc, label, plural, when

STATE_MARKS = {"pending": "⏳", "met": "✅", "missed": "⚠️"}
DRAFT_LABELS = {"email": "Draft email", "call_notes": "Call notes", "letter": "Letter"}
MAX_PLAYBOOK_OPTIONS = 100
MAX_MILESTONE_LINES = 15
CHECKBOXES = 10
ACTIONS_PER_BLOCK = 25
MAX_CHECKLIST_GROUPS = 5


def action_value(case_id: int, step_id: str, choice: str | None = None) -> str:
    return json.dumps({"case": case_id, "step": step_id, "choice": choice})


def card_text(card: CaseCard) -> str:
    """The notification / fallback text (escaped: it is mrkdwn too)."""
    return f"{card.ref}: {esc(card.facts.get('customer_name', ''))}"


def card_blocks(card: CaseCard) -> list[dict[str, Any]]:
    facts = card.facts
    unit = esc(facts.get("unit_name", "seats"))
    status = "Open" if card.status == "open" else f"Closed: {OUTCOMES.get(card.outcome or '', card.outcome)}"
    header = clip(f"{card.ref} · {facts.get('customer_name', '')}", 150)
    figures = (f"*{plural(int(facts.get('units_in_use', 0)), unit)}* in use, "
               f"*{plural(int(facts.get('licensed_units', 0)), unit)}* licensed: "
               f"*{card.overage_units:+,} ({card.overage_percent:g}%)*")
    contact = esc(facts.get("contact_name", ""))
    if facts.get("contact_email"):
        contact += f" ({esc(facts['contact_email'])})"
    fields = [
        f"*Figures*\n{figures}",
        f"*Renewal*\n{day(facts.get('renewal_date'))}",
        f"*Contact*\n{contact or 'not given'}",
        f"*Owner*\n<@{card.owner_id}>",
        f"*Kind*\n{BREACH_KINDS.get(facts.get('breach_kind', ''), '?')}",
        f"*Intent*\n{INTENTS.get(facts.get('intent', ''), '?')}",
        f"*Account*\n{esc(facts.get('account_id') or 'not given')}",
        f"*Status*\n{status}",
    ]
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=header, emoji=False)),
        SectionBlock(fields=[MarkdownTextObject(text=clip(f, 2000)) for f in fields]),
        _playbook_section(card),
    ]
    progress = f"Step {card.position} of {card.total}: {esc(card.step_title)}" if card.step_title \
        else f"All {card.total} steps walked"
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"*Progress* {progress} · "
                                                                  "the walkthrough is in the thread")]))
    if card.milestones:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(_milestone_lines(card)))))
    if card.revenue_retained_cents is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"Revenue retained: {card.revenue_retained_cents / 100:,.2f}")]))
    return to_dicts(blocks)


def _playbook_section(card: CaseCard) -> SectionBlock:
    text = f"*Playbook* {esc(card.playbook_title)}"
    options = [Option(value=pid, text=label(title)) for pid, title in card.playbooks[:MAX_PLAYBOOK_OPTIONS]]
    if card.status != "open" or len(options) < 2:
        return SectionBlock(text=MarkdownTextObject(text=text))
    current = next((o for o in options if o.value == card.playbook_id), None)
    select = StaticSelectElement(action_id="case_switch_playbook", options=options,
                                 initial_option=current, placeholder="Switch playbook")
    return SectionBlock(block_id=f"case:{card.case_id}", text=MarkdownTextObject(text=text),
                        accessory=select)


def _milestone_lines(card: CaseCard) -> str:
    """The first milestones that fit one section, then how many more there are."""
    lines = ["*Milestones*"]
    room = SECTION_TEXT_LIMIT - 100  # kept for the "and N more" line
    for m in card.milestones[:MAX_MILESTONE_LINES]:
        line = clip(f"{STATE_MARKS.get(m.state, '•')} {esc(m.title)}: due {when(m.due_at)} ({m.state})", 400)
        room -= len(line) + 1
        if room < 0:
            break
        lines.append(line)
    hidden = len(card.milestones) - (len(lines) - 1)
    if hidden > 0:
        lines.append(f"… and {hidden} more: the file `/breach summary {card.ref}` uploads lists them all")
    return "\n".join(lines)


def step_text(step: StepCard) -> str:
    return f"{step.ref} step {step.position} of {step.total}: {esc(step.title)}"


def step_blocks(step: StepCard, *, open_case: bool = True) -> list[dict[str, Any]]:
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(
            text=clip(f"*Step {step.position} of {step.total}: {esc(step.title)}*\n{esc(step.guidance)}"))),
    ]
    blocks += _checklist_blocks(step)
    if step.question:
        hint = ""
        suggested = next((a for a in step.actions if a.choice == step.suggested), None)
        if suggested:
            hint = f"\n_The case facts suggest: {esc(suggested.label)}_"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(f"*{esc(step.question)}*{hint}"))))
    tools = [ButtonElement(text=DRAFT_LABELS[c], action_id=f"case_draft_{c}",
                           value=action_value(step.case_id, step.step_id, c)) for c in step.drafts]
    if step.records:
        tools.append(ButtonElement(text="Record details", action_id="case_record",
                                   value=action_value(step.case_id, step.step_id)))
    if step.offers_remedies:
        tools.append(ButtonElement(text="Record the agreed remedy", action_id="case_remedy",
                                   value=action_value(step.case_id, step.step_id)))
    if tools and open_case:
        blocks.append(ActionsBlock(block_id=f"tools:{step.case_id}", elements=tools))
    if open_case:
        buttons = _step_buttons(step)
        blocks += [ActionsBlock(block_id=f"step:{step.case_id}" + (f":{start}" if start else ""),
                                elements=buttons[start:start + ACTIONS_PER_BLOCK])
                   for start in range(0, len(buttons), ACTIONS_PER_BLOCK)]
    blocks.append(DividerBlock())
    return to_dicts(blocks)


def _checklist_blocks(step: StepCard) -> list[Block]:
    """Checkbox groups of 10 (Slack's most per element); each block id says where its group starts."""
    blocks: list[Block] = []
    shown = step.checklist[:CHECKBOXES * MAX_CHECKLIST_GROUPS]
    for start in range(0, len(shown), CHECKBOXES):
        options = [Option(value=str(i), text=label(item))
                   for i, item in enumerate(shown[start:start + CHECKBOXES], start)]
        ticked = [o for o in options if int(o.value) in step.checked]
        blocks.append(ActionsBlock(block_id=f"checklist:{step.case_id}:{step.step_id}:{start}", elements=[
            CheckboxesElement(action_id="case_checklist", options=options, initial_options=ticked or None)]))
    hidden = len(step.checklist) - len(shown)
    if hidden > 0:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"… and {hidden} more checklist items not shown; the playbook lists them all.")]))
    return blocks


def _step_buttons(step: StepCard) -> list[ButtonElement]:
    buttons = []
    for index, action in enumerate(step.actions):
        value = action_value(step.case_id, step.step_id, action.choice)
        if action.kind == "choice":
            buttons.append(ButtonElement(text=label(action.label), value=value,
                                         action_id=f"case_step_choice_{index}",
                                         style="primary" if action.choice == step.suggested else None))
        else:
            buttons.append(ButtonElement(text=action.label, value=value, action_id=f"case_step_{action.kind}",
                                         style="primary" if action.kind == "done" else None))
    return buttons


def closed_step_blocks(note: str, actor: str) -> list[dict[str, Any]]:
    return to_dicts([ContextBlock(elements=[MarkdownTextObject(text=clip(f"{esc(note)} · <@{actor}>"))])])
