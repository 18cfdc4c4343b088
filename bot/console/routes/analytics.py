"""The analytics page (filled in below)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/operator")
