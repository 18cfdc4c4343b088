"""Server-side SVG charts (no JavaScript, no external assets); labels are escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

_W, _H, _PAD_L, _PAD_B, _PAD_T = 640, 240, 44, 56, 16


def bar_chart(items: list[tuple[str, float]], title: str, *, unit: str = "") -> Markup:
    """Return a vertical bar chart.

    Args:
        items: ``(label, value)`` pairs in display order.
        title: Accessible title (also the ``aria-label``).
        unit: Suffix of the value labels (e.g. ``%``).

    Returns:
        Safe SVG markup.
    """
    top = max((v for _, v in items), default=0) or 1
    inner_w, inner_h = _W - _PAD_L - 8, _H - _PAD_B - _PAD_T
    step = inner_w / max(len(items), 1)
    parts = [_open(title)]
    parts.append(_axes(top, unit))
    for i, (label, value) in enumerate(items):
        h = inner_h * value / top
        x = _PAD_L + i * step + step * 0.15
        y = _PAD_T + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            'fill="#0b5394">'
            f"<title>{escape(label)}: {_fmt(value)}{escape(unit)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle">'
            f"{_fmt(value)}</text>"
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{_H - _PAD_B + 14}" font-size="10" '
            f'text-anchor="end" transform="rotate(-35 {x + step * 0.35:.1f} {_H - _PAD_B + 14})">'
            f"{escape(label[:18])}</text>"
        )
    if not items:
        parts.append(f'<text x="{_W / 2}" y="{_H / 2}" text-anchor="middle">Belum ada data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: list[tuple[str, float]], title: str, *, unit: str = "") -> Markup:
    """Return a line chart of ``(label, value)`` points (e.g. a daily trend).

    Args:
        points: Points in order.
        title: Accessible title.
        unit: Suffix of the value labels.

    Returns:
        Safe SVG markup.
    """
    top = max((v for _, v in points), default=0) or 1
    inner_w, inner_h = _W - _PAD_L - 8, _H - _PAD_B - _PAD_T
    step = inner_w / max(len(points) - 1, 1)
    coords = [
        (_PAD_L + i * step, _PAD_T + inner_h - inner_h * v / top) for i, (_, v) in enumerate(points)
    ]
    parts = [_open(title), _axes(top, unit)]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#b45309" stroke-width="2"/>')
    for (label, value), (x, y) in zip(points, coords, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b45309"><title>{escape(label)}: '
            f"{_fmt(value)}{escape(unit)}</title></circle>"
        )
    if points:
        for label, (x, _) in ((points[0][0], coords[0]), (points[-1][0], coords[-1])):
            parts.append(
                f'<text x="{x:.1f}" y="{_H - _PAD_B + 16}" font-size="10" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    else:
        parts.append(f'<text x="{_W / 2}" y="{_H / 2}" text-anchor="middle">Belum ada data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(title)}" '
        f"><title>{escape(title)}</title>"
    )


def _axes(top: float, unit: str) -> str:
    base = _H - _PAD_B
    return (
        f'<line x1="{_PAD_L}" y1="{base}" x2="{_W - 8}" y2="{base}" stroke="#8c959f"/>'
        f'<line x1="{_PAD_L}" y1="{_PAD_T}" x2="{_PAD_L}" y2="{base}" stroke="#8c959f"/>'
        f'<text x="{_PAD_L - 4}" y="{_PAD_T + 4}" font-size="10" text-anchor="end">'
        f"{_fmt(top)}{escape(unit)}</text>"
        f'<text x="{_PAD_L - 4}" y="{base}" font-size="10" text-anchor="end">0</text>'
    )


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
