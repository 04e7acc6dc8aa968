"""Rendered output kept between the builds of one `mkdocs serve` session."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

Value = TypeVar("Value")


class RenderCache:
    """What the portal rendered, by everything it shows; it survives serve rebuilds.

    After an edit, a rebuild renders a thousand cards and every index page again, though few
    show the edited document. Each is rendered only when its key, made of the documents it
    shows (`Document.view`) and the URLs it links, is new; the rest is looked up. What one
    build does not use is dropped at the next, so the cache holds one site's worth.
    """

    def __init__(self) -> None:
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
        self._previous_tokens: dict[Hashable, int] = {}
        self._current_tokens: dict[Hashable, int] = {}
        self._next_token = 0
        self.renders = 0
        """How many fragments were rendered (not looked up): what tests assert on."""

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}
        self._previous_tokens, self._current_tokens = self._current_tokens, {}

    def token(self, value: Hashable) -> int:
        """A number standing for `value`, the same in every build that uses it.

        Keys are made of these rather than of the values: a page's key names a thousand
        documents, and hashing their nested views again at every look-up cost more than
        the look-up saved.
        """
        token = self._current_tokens.get(value)
        if token is None:
            token = self._previous_tokens.get(value)
            if token is None:
                token = self._next_token
                self._next_token += 1
            self._current_tokens[value] = token
        return token

    def get(self, key: Hashable, render: Callable[[], Value]) -> Value:
        """What `render()` gives, from the cache when this key was rendered before."""
        value = self._current.get(key)
        if value is None:
            value = self._previous.get(key)
            if value is None:
                self.renders += 1
                value = render()
            self._current[key] = value
        return cast(Value, value)
