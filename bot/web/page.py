"""``GET /``: the citizen web-chat page and its static files (no external assets)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter()


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """Serve the web-chat page."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")
