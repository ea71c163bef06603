"""Milestone reminders: the table is the truth, APScheduler only wakes the process.

Public API for other areas (no Slack here; the adapter is bot/slack/reminders.py):
`schedule_milestone`, `cancel_for_milestone`, `change_policy`, `ReminderPolicy`,
`on_milestone_changed` (listeners told when a milestone is met, missed or moved).
"""
from bot.reminders.hooks import MilestoneChange, on_milestone_changed, reminder_added
from bot.reminders.planning import (
    add_reminder, cancel_for_milestone, change_policy, schedule_milestone, upcoming,
)
from bot.reminders.policy import PolicyError, ReminderPolicy, WorkingHours
from bot.reminders.scheduler import ReminderScheduler

__all__ = [
    "MilestoneChange", "PolicyError", "ReminderPolicy", "ReminderScheduler", "WorkingHours",
    "add_reminder", "cancel_for_milestone", "change_policy", "on_milestone_changed", "reminder_added",
    "schedule_milestone", "upcoming",
]
