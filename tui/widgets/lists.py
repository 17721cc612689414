"""Option lists that take paging keys safely, and the role list of the per-role stages."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option


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


class RoleList(SafeOptionList):
    """The team's roles, one a line; the highlighted role is the one the stage is about."""

    DEFAULT_CSS = """
    RoleList {
        height: auto; max-height: 7; border: none; border-left: tall $border-blurred;
        padding: 0 0 0 1;
    }
    RoleList:focus { border: none; border-left: tall $border; }
    """

    @property
    def role_id(self) -> str | None:
        """The highlighted role's id, if any."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def show_roles(self, rows: list[tuple[str, Content]]) -> None:
        """Show `(role id, label)` rows, keeping the same role highlighted."""
        current = self.role_id
        ids = [option.id for option in self.options]
        if ids == [role_id for role_id, _ in rows]:
            for option, (role_id, label) in zip(self.options, rows, strict=True):
                # An unchanged label is left alone: replacing one renders the list again.
                old = option.prompt
                if not (
                    isinstance(old, Content)
                    and old.plain == label.plain
                    and old.spans == label.spans
                ):
                    self.replace_option_prompt(role_id, label)
            return
        self.clear_options()
        self.add_options([Option(label, id=role_id) for role_id, label in rows])
        if rows:
            keys = [role_id for role_id, _ in rows]
            self.highlighted = keys.index(current) if current in keys else 0

    def step(self, delta: int) -> None:
        """Highlight the next (`delta` 1) or previous (`delta` -1) role, wrapping around."""
        if self.option_count:
            self.highlighted = ((self.highlighted or 0) + delta) % self.option_count
