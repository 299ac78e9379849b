"""Placeholder: the termine plugin is built in its own issue."""


def register() -> None:
    pass
