"""Placeholder: the faktenblatt plugin is built in its own issue."""


def register() -> None:
    pass
