"""Answers to the console's prompts, given in advance as a pipe would give them."""
from __future__ import annotations


class ScriptedInput:
    def __init__(self) -> None:
        self.answers: list[str] = []

    def __call__(self, prompt: str) -> str:
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)
