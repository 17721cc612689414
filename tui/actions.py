"""Helpers for reading action strings the way Textual's bindings write them."""


def action_name(action: str) -> str:
    """Return an action string's name without its arguments: `show_part('gates')` -> `show_part`."""
    return action.partition("(")[0]
