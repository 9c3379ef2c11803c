"""The desk's one error policy: a store error is a notice, anything else closes the desk in one line.

- A read or a change that fails with a store error (a :class:`RepdeskError`:
  the file is damaged, locked, gone, or written by a newer repdesk; the input
  was refused) is shown as a plain notice, and the screen stays as it was.
- Any other error is a bug. The desk closes with the command line's own
  sentence and exit code (70), naming only the error's type: a traceback
  shows local variables, and those hold the rep's casework.
- ``REPDESK_DEBUG=1`` alone brings back Textual's full traceback.

Every worker in the desk is declared with :func:`desk_work` rather than
Textual's ``@work``, whose ``exit_on_error=True`` would hand the failure to
Textual's crash screen. The app's ``_handle_exception`` (see
:mod:`repdesk.tui.app`) applies the same policy to everything else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Coroutine
from functools import wraps
from inspect import iscoroutinefunction
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from textual import work
from typing_extensions import ParamSpec

from repdesk.domain.errors import RepdeskError

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.worker import Worker

P = ParamSpec("P")
R = TypeVar("R")

NOTICE_TITLE = "Not done"


def debugging() -> bool:
    """Whether ``REPDESK_DEBUG`` asks for the details (tracebacks and all)."""
    return bool(os.environ.get("REPDESK_DEBUG"))


def is_store_error(error: BaseException) -> bool:
    """An error whose message is a plain sentence for the rep (the store's, or refused input)."""
    return isinstance(error, RepdeskError)


def closing_words(error: BaseException) -> tuple[str, int]:
    """The line and exit code the desk closes on, as the command line would end on ``error``.

    A store error that could not be shown as a notice gives its own sentence and
    1; anything else names only its type, never its text, and gives 70.
    """
    from repdesk.cli.common import EXIT_ERROR, EXIT_UNEXPECTED, unexpected_error_message

    if is_store_error(error):
        return f"repdesk: {error}", EXIT_ERROR
    return unexpected_error_message(error), EXIT_UNEXPECTED


def notify_store_error(node: DOMNode, error: RepdeskError) -> None:
    """Say what went wrong in a notice; nothing else changes. Safe from any thread."""
    app = node.app
    app.call_later(_notify_once, app, str(error))  # call_later posts a message: any thread may


def _notify_once(app: App[Any], message: str) -> None:
    # A damaged file fails every keystroke's load the same way: one notice says it.
    if any(shown.message == message for shown in app._notifications):
        return
    # markup=False: the sentence can hold a path or refused text with "[" in it.
    app.notify(message, title=NOTICE_TITLE, severity="error", timeout=10, markup=False)


def report(node: DOMNode, error: Exception) -> None:
    """Apply the policy to an error raised on ``node``'s behalf (a worker, a read). Safe from any thread."""
    if is_store_error(error):
        notify_store_error(node, cast(RepdeskError, error))
        return
    app = node.app
    # On the app's own thread, through the one hook every unhandled error reaches.
    app.call_later(app._handle_exception, error)


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with its errors handed to :func:`report` (its worker then ends quietly)."""
    if iscoroutinefunction(method):

        @wraps(method)
        async def guarded_async(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(node, *args, **kwargs)
            except Exception as error:
                report(node, error)
                return None

        return guarded_async

    @wraps(method)
    def guarded(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(node, *args, **kwargs)
        except Exception as error:
            report(node, error)
            return None

    return guarded


@overload
def desk_work(
    method: Callable[P, Coroutine[Any, Any, R]],
    *,
    group: str = "default",
    exclusive: bool = False,
    thread: bool = False,
) -> Callable[P, Worker[R]]: ...


@overload
def desk_work(
    method: Callable[P, R],
    *,
    group: str = "default",
    exclusive: bool = False,
    thread: bool = False,
) -> Callable[P, Worker[R]]: ...


@overload
def desk_work(
    *,
    group: str = "default",
    exclusive: bool = False,
    thread: bool = False,
) -> Callable[[Callable[P, R] | Callable[P, Coroutine[Any, Any, R]]], Callable[P, Worker[R]]]: ...


def desk_work(
    method: Callable[..., Any] | None = None,
    *,
    group: str = "default",
    exclusive: bool = False,
    thread: bool = False,
) -> Any:
    """Textual's ``@work`` under the desk's policy: never ``exit_on_error``, every failure reported.

    A store error becomes a notice and the worker ends; anything else closes
    the desk in one line (see the module). The worker's description is its
    name, never its arguments, which may be casework.
    """

    def decorator(method: Callable[..., Any]) -> Any:
        return work(
            _guarded(method),
            name=method.__name__,
            group=group,
            exclusive=exclusive,
            thread=thread,
            exit_on_error=False,
            description=method.__qualname__,
        )

    return decorator if method is None else decorator(method)
