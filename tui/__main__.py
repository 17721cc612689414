"""Run Forming with `python -m tui`."""

from tui.cli import run

if __name__ == "__main__":
    run()
