"""Checking the Slack credentials against the Web API."""
from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.slack.app import make_client


def check_slack_auth(settings: Settings) -> str:
    """Call auth.test; return who we are, or raise RuntimeError with what to do."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    try:
        reply = make_client(token, settings.slack_api_url).auth_test()
    except SlackApiError as exc:
        raise RuntimeError(
            f"Slack refused the bot token ({exc.response.get('error')}); "
            "reinstall the app and copy a fresh xoxb- token"
        ) from None
    except OSError as exc:
        raise RuntimeError(
            f"cannot reach Slack at {settings.slack_api_url} ({exc}); check the network, a proxy, or SLACK_API_URL"
        ) from None
    return f"{reply.get('user')} in {reply.get('team')}"
