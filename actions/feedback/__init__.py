"""Complaints, satisfaction ratings and status subscriptions: tables and their store.

The operator console imports the models from here::

    from actions.feedback import ComplaintRow, ComplaintStatus, SatisfactionRow
"""

from actions.feedback.models import (
    ComplaintRow,
    ComplaintStatus,
    FeedbackBase,
    SatisfactionRow,
    StatusSubscriptionRow,
    create_feedback_tables,
)
from actions.feedback.store import (
    ComplaintRecord,
    FeedbackStore,
    SubscriptionRecord,
    format_tracking_number,
)

__all__ = [
    "ComplaintRecord",
    "ComplaintRow",
    "ComplaintStatus",
    "FeedbackBase",
    "FeedbackStore",
    "SatisfactionRow",
    "StatusSubscriptionRow",
    "SubscriptionRecord",
    "create_feedback_tables",
    "format_tracking_number",
]
