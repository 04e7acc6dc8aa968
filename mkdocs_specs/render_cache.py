"""Rendered output kept between the builds of one `mkdocs serve` session."""

from __future__ import annotations

from collections.abc import Callable, Hashable


class RenderCache:
    """What the portal rendered, by everything it shows; it survives serve rebuilds.

    After an edit, a rebuild renders a thousand cards and every index page again, though few
    show the edited document. Each is rendered only when its key, made of the documents it
    shows (`Document.view`) and the URLs it links, is new; the rest is looked up. What one
    build does not use is dropped at the next, so the cache holds one site's worth.
    """

    def __init__(self) -> None:
        self._previous: dict[Hashable, str] = {}
        self._current: dict[Hashable, str] = {}
        self.renders = 0
        """How many fragments were rendered (not looked up): what tests assert on."""

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        text = self._current.get(key)
        if text is None:
            text = self._previous.get(key)
            if text is None:
                self.renders += 1
                text = render()
            self._current[key] = text
        return text
