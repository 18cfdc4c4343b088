"""The seam between actions and the status service."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from actions.status_client.models import ApplicationStatus


@runtime_checkable
class StatusClient(Protocol):
    """Looks up applications in an agency's tracking system."""

    async def lookup(self, number: str, verification: str) -> ApplicationStatus:
        """Return the status of one application.

        Args:
            number: The application number as typed (normalised by the client).
            verification: The second factor: last four NIK digits or date of birth.

        Returns:
            The application's status.

        Raises:
            ApplicationNotFound: Unknown number or wrong verification factor.
            StatusApiRateLimited: The service asked us to slow down.
            StatusApiUnavailable: The service did not answer usably in time.
            StatusApiError: Any other unexpected answer.
        """
        ...

    async def aclose(self) -> None:
        """Release the client's resources."""
        ...
