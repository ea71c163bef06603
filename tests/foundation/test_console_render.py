"""Slack mrkdwn as the console shows it."""
from __future__ import annotations

from bot.console.render import mrkdwn_to_rich


def test_dates_show_their_fallback_text_and_mentions_their_names():
    shown = mrkdwn_to_rich("due <!date^1764625140^{date_short} {time}|1 Dec 21:39 UTC> for <@U1|dana> <!here>")
    assert shown == "due 1 Dec 21:39 UTC for @dana @here"


def test_links_escapes_and_emphasis():
    shown = mrkdwn_to_rich("*Acme* &lt;Co&gt; &amp; _friends_ <https://x.example|site> `BR-1`")
    assert shown == "[bold]Acme[/bold] <Co> & [italic]friends[/italic] site (https://x.example) [cyan]BR-1[/cyan]"


def test_square_brackets_in_text_are_not_read_as_markup():
    assert mrkdwn_to_rich("[red]not red[/red]") == r"\[red]not red\[/red]"
