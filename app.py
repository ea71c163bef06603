"""Tactful's single entry point: `python app.py <command>` (also installed as `tactful`)."""
