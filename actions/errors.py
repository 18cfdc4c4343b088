"""Errors of the actions package (the status client has its own tree, ``StatusApiError``).

Tree::

    ActionsError                 root
    ├── FeedbackStoreError       complaints, ratings or subscriptions could not be stored/read
    └── NotificationError        the gateway did not accept a notification
"""

from __future__ import annotations


class ActionsError(Exception):
    """Root of the action server's own errors."""


class FeedbackStoreError(ActionsError):
    """The feedback database failed (wraps SQLAlchemy errors)."""


class NotificationError(ActionsError):
    """The gateway did not accept a notification.

    Attributes:
        status_code: The gateway's HTTP status, or None when it could not be reached.
    """

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
