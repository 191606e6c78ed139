"""Long work a slice per turn: keys are answered while it runs, it stops with its screen."""

from __future__ import annotations

import time
from collections.abc import Iterator

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tui.slices import run_in_slices

STEPS = 60


class Working(Screen[None]):
    BINDINGS = [Binding("k", "key", "Key"), Binding("escape", "app.pop_screen", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.done = 0
        self.seen_at: int | None = None  # how many steps had run when the key came
        self.errors: list[str] = []

    def on_mount(self) -> None:
        run_in_slices(self, self.work(), self.errors.append)

    def work(self) -> Iterator[None]:
        for _ in range(STEPS):
            time.sleep(0.005)  # 60 x 5 ms: 0.3 s in all, several slices
            self.done += 1
            yield

    def action_key(self) -> None:
        self.seen_at = self.done


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Working())


async def test_a_key_is_answered_between_slices_and_the_work_goes_on() -> None:
    app = Host()
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, Working)
        await pilot.press("k")
        assert screen.seen_at is not None and screen.seen_at < STEPS  # not after all of it
        for _ in range(100):
            if screen.done == STEPS:
                break
            await pilot.pause(0.02)
        assert screen.done == STEPS and not screen.errors


async def test_the_work_stops_with_its_screen() -> None:
    app = Host()
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, Working)
        await pilot.press("escape")
        stopped_at = screen.done
        await pilot.pause(0.2)
        assert screen.done == stopped_at < STEPS
