"""The offline console: the real Bolt listeners, fed requests typed at a terminal."""
from __future__ import annotations

import json
import queue
import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import SecretStr
from rich.console import Console

from bot.idle_pool import IdleAwareExecutor
from bot.console.inputs import collect_view_values, pick_option
from bot.console.render import Pressable, Rendering, render_blocks, render_view
from bot.console.standin import Call, SlackStandIn
from bot.runtime import Runtime
from bot.slack.app import build_app
from bot.slack.cases.background import AFTER_ACK
from bot.slack.reminders import start_slack_reminders
from bot.slack.local import Actor, RequestFactory, SlackHttpRequest, dispatch_locally

CONSOLE_ACTOR = Actor(user_id="U0CONSOLE", user_name="you", channel_id="C0CASES", channel_name="cases")
HELP = """[bold]Tactful console[/bold]: try Tactful without a Slack workspace.
  [cyan]/breach help[/cyan], [cyan]/tone <draft>[/cyan]   slash commands, as in Slack
  [cyan]<number>[/cyan]                  press the button (or open the menu) with that number
  [cyan]submit[/cyan] / [cyan]cancel[/cyan]           submit or close the open form (you are asked for each field)
  [cyan]home[/cyan]                      open Tactful's App Home tab
  [cyan]shortcut new_case[/cyan]         run a global shortcut
  [cyan]shortcut check_tone <text>[/cyan]  run a message shortcut on a message saying <text>
  [cyan]help[/cyan], [cyan]quit[/cyan]                this text; leave
  anything else                 is sent to Tactful as a direct message"""

WATCHED = {
    "chat.postMessage", "chat.postEphemeral", "chat.update", "response_url",
    "views.open", "views.push", "views.update", "views.publish", "files.completeUploadExternal",
}


class ConsoleSession:
    def __init__(self, runtime: Runtime, console: Console, read_line: Callable[[str], str]) -> None:
        self.console = console
        self.read_line = read_line
        self.standin = SlackStandIn().start()
        self._events: queue.Queue[tuple[Call, dict[str, Any]]] = queue.Queue()
        self.standin.listeners.append(lambda call, body: self._events.put((call, body)))
        secret = secrets.token_hex(16)
        settings = runtime.settings.model_copy(
            update={"slack_api_url": self.standin.url, "slack_bot_token": SecretStr("xoxb-console")}
        )
        self.executor = IdleAwareExecutor()
        local = Runtime(settings=settings, engine=runtime.engine)
        self.app = build_app(local, signing_secret=secret, listener_executor=self.executor)
        self.reminders = start_slack_reminders(local)
        self.requests = RequestFactory(secret, response_url_base=self.standin.response_url_base)
        self.actor = CONSOLE_ACTOR
        self.pressables: dict[int, Pressable] = {}
        self.view_stack: list[dict[str, Any]] = []

    def close(self) -> None:
        self.reminders.stop()
        self.executor.shutdown(wait=True)
        self.standin.stop()

    def handle(self, line: str) -> bool:
        """Act on one typed line; False means the user asked to leave."""
        line = line.strip()
        if not line:
            return True
        word = line.split()[0].lower()
        if word in ("quit", "exit"):
            return False
        if word == "help":
            self.console.print(HELP)
        elif line.startswith("/"):
            command, _, text = line.partition(" ")
            self._send(self.requests.slash_command(command, text.strip(), self.actor))
        elif line.isdigit():
            self._press(int(line))
        elif word == "submit":
            self._submit()
        elif word == "cancel":
            self._cancel()
        elif word == "home":
            self._send(self.requests.event({"type": "app_home_opened", "user": self.actor.user_id,
                                            "tab": "home", "channel": "D0CONSOLE"}))
        elif word == "shortcut" and len(line.split()) >= 2:
            self._shortcut(line.split(maxsplit=2)[1:])
        else:
            self._send(self.requests.event({"type": "message", "channel": "D0CONSOLE",
                                            "channel_type": "im", "user": self.actor.user_id,
                                            "text": line, "ts": "1700000000.000001"}))
        return True

    def _shortcut(self, words: list[str]) -> None:
        """`shortcut NAME` is a global shortcut; `shortcut NAME text` runs NAME on a message."""
        if len(words) == 1:
            self._send(self.requests.global_shortcut(words[0], self.actor))
            return
        message = {"type": "message", "user": "U0COLLEAGUE", "text": words[1], "ts": "1700000000.000002"}
        self._send(self.requests.message_shortcut(words[0], message, self.actor))

    def _send(self, request: SlackHttpRequest) -> dict[str, Any]:
        status, body = dispatch_locally(self.app, request)
        self.executor.wait_idle()
        AFTER_ACK.wait_idle()
        answer = _json(body)
        if status >= 400:
            self.console.print(f"[red]Slack would have shown an error (HTTP {status}).[/red]")
        elif answer.get("blocks") or answer.get("text"):
            self._show_message(answer, ephemeral=True)
        self._drain()
        return answer

    def _drain(self) -> None:
        while not self._events.empty():
            call, body = self._events.get()
            if call.method in WATCHED and body.get("ok", True):
                self._show_call(call, body)

    def _show_call(self, call: Call, body: dict[str, Any]) -> None:
        args = call.args
        if call.method.startswith("views."):
            view = body.get("view") or args.get("view", {})
            if call.method == "views.publish":
                self._show(render_view(view, self._next_number()), "App Home")
                return
            if call.method == "views.open":
                self.view_stack = [view]
            elif call.method == "views.push":
                self.view_stack.append(view)
            elif self.view_stack:
                self.view_stack[-1] = view
            self._show(render_view(view, self._next_number()), "form")
        elif call.method == "files.completeUploadExternal":
            titles = ", ".join(f.get("title", "") for f in args.get("files", []))
            self.console.print(f"[green]📎 uploaded {titles}[/green]")
        else:
            message = {**args, **(body.get("message") or {})}
            message.setdefault("ts", body.get("ts", ""))
            message["channel"] = body.get("channel") or args.get("channel") or self.actor.channel_id
            self._show_message(message, ephemeral=call.method in ("chat.postEphemeral", "response_url"),
                               updated=call.method == "chat.update")

    def _show_message(self, message: dict[str, Any], *, ephemeral: bool, updated: bool = False) -> None:
        label = "only you can see this" if ephemeral else ("updated" if updated else "posted")
        if message.get("thread_ts"):
            label += ", in thread"
        blocks = message.get("blocks") or []
        rendering = render_blocks(blocks, message, "message", self._next_number())
        if not blocks:
            rendering.lines.append(str(message.get("text", "")).replace("[", r"\["))
        self._show(rendering, label)

    def _show(self, rendering: Rendering, label: str) -> None:
        self.console.print(f"[dim]── Tactful ({label}) ──[/dim]")
        for line in rendering.lines:
            self.console.print(line)
        start = self._next_number()
        for offset, pressable in enumerate(rendering.pressables):
            self.pressables[start + offset] = pressable

    def _next_number(self) -> int:
        return max(self.pressables, default=0) + 1

    def _press(self, number: int) -> None:
        pressable = self.pressables.get(number)
        if pressable is None:
            self.console.print(f"[yellow]There is no button {number}. Buttons show as [reverse] n [/reverse].[/yellow]")
            return
        element = pressable.element
        action: dict[str, Any] = {"action_id": element.get("action_id", ""), "block_id": pressable.block_id,
                                  "type": element.get("type", "button")}
        if element.get("type") == "button":
            action |= {"value": element.get("value", ""), "text": element.get("text", {})}
        else:
            action |= pick_option(element, self.console, self.read_line)
        if pressable.source_kind == "message":
            channel = pressable.source.get("channel") or self.actor.channel_id
            actor = replace(self.actor, channel_id=channel)
            self._send(self.requests.block_actions(action, actor, message=pressable.source))
        else:
            view = self.view_stack[-1] if pressable.source_kind == "modal" and self.view_stack else pressable.source
            self._send(self.requests.block_actions(action, self.actor, view=view))

    def _submit(self) -> None:
        if not self.view_stack:
            self.console.print("[yellow]No form is open.[/yellow]")
            return
        view = self.view_stack[-1]
        values = collect_view_values(view, self.console, self.read_line)
        answer = self._send(self.requests.view_submission(view, values, self.actor))
        action = answer.get("response_action")
        if action == "errors":
            for block_id, problem in answer.get("errors", {}).items():
                self.console.print(f"[red]✗ {block_id}: {problem}[/red]")
            self.console.print("[dim]Fix the fields and type submit again.[/dim]")
        elif action == "update":
            self.view_stack[-1] = answer["view"]
            self._show(render_view(answer["view"], self._next_number()), "form")
        elif action == "push":
            self.view_stack.append(answer["view"])
            self._show(render_view(answer["view"], self._next_number()), "form")
        elif action == "clear":
            self.view_stack.clear()
        elif self.view_stack and self.view_stack[-1] is view:
            self.view_stack.pop()

    def _cancel(self) -> None:
        if self.view_stack:
            view = self.view_stack.pop()
            if view.get("notify_on_close"):
                self._send(self.requests.view_closed(view, self.actor))
            self.console.print("[dim]Form closed.[/dim]")


def _json(body: str) -> dict[str, Any]:
    if not body:
        return {}
    try:
        parsed = json.loads(body)
    except ValueError:
        return {"text": body}
    return parsed if isinstance(parsed, dict) else {}
