"""One Desktop used from two threads at once (the agent loop reading windows while a person's take-over
input moves the pointer): each X request gets its own reply and neither thread hangs."""

from __future__ import annotations

import threading

from deskpilot.desktop import Desktop


def test_two_threads_share_the_desktops_x_connection_without_hanging():
    with Desktop(size=(800, 600)) as desk:
        errors: list[BaseException] = []

        def read_windows() -> None:
            try:
                for _ in range(400):
                    assert isinstance(desk.windows(), list)
                    desk.active_window()
            except BaseException as e:  # noqa: BLE001 - reported below
                errors.append(e)

        def move_pointer() -> None:
            try:
                for i in range(400):
                    desk.input.move(10 + i % 300, 20 + i % 200)
                    assert desk.input.pointer() == (10 + i % 300, 20 + i % 200)
            except BaseException as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [
            threading.Thread(target=f, daemon=True) for f in (read_windows, move_pointer, read_windows)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads), "a thread hung on the shared X connection"
        assert not errors, errors[:2]
