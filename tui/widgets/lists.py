"""Option lists that take paging keys safely, whenever they arrive."""

from __future__ import annotations

from textual.widgets import OptionList


def laid_out(option_list: OptionList) -> bool:
    """Whether `option_list` has been given room on screen to page through.

    Textual's OptionList pages by its lines, which it works out only once it has a region:
    PageUp or PageDown before that (a key typed right after the list opened, or a terminal
    too small to show it) raises `KeyError` inside Textual.
    """
    return bool(option_list.scrollable_content_region) and option_list.option_count > 0


class SafeOptionList(OptionList):
    """An OptionList whose paging keys wait until it is laid out (they do nothing before),
    and which is clipped rather than squeezed to nothing in a tiny terminal."""

    DEFAULT_CSS = """
    SafeOptionList { min-width: 12; }
    """

    def action_page_down(self) -> None:
        if laid_out(self):
            super().action_page_down()

    def action_page_up(self) -> None:
        if laid_out(self):
            super().action_page_up()
