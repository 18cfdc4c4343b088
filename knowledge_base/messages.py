"""Internal helper: turn pydantic validation errors into Indonesian messages."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails
from rapidfuzz import process

from knowledge_base.constants import FIELD_SUGGESTION_CUTOFF

__all__ = ["describe_error", "suggest"]

_FIELD = re.compile(r"[a-z_][a-z0-9_]*")
_SIMPLE = {
    "missing": "kolom wajib belum diisi",
    "string_type": "harus berupa teks",
    "string_too_short": "tidak boleh kosong",
    "int_type": "harus berupa bilangan bulat (tanpa titik atau 'Rp')",
    "int_parsing": "harus berupa bilangan bulat (tanpa titik atau 'Rp')",
    "int_from_float": "harus berupa bilangan bulat",
    "float_type": "harus berupa angka",
    "float_parsing": "harus berupa angka",
    "list_type": "harus berupa daftar (setiap butir diawali '- ')",
    "model_type": "harus berupa pemetaan 'kunci: nilai'",
    "model_attributes_type": "harus berupa pemetaan 'kunci: nilai'",
    "dict_type": "harus berupa pemetaan 'kunci: nilai'",
    "bool_type": "harus bernilai true atau false",
    "date_type": "tanggal tidak valid; gunakan format TTTT-BB-HH, mis. 2025-01-31",
    "date_parsing": "tanggal tidak valid; gunakan format TTTT-BB-HH, mis. 2025-01-31",
    "date_from_datetime_parsing": "tanggal tidak valid; gunakan format TTTT-BB-HH",
    "date_from_datetime_inexact": "tulis tanggal saja (TTTT-BB-HH), tanpa jam",
    "frozen_instance": "tidak dapat diubah",
}


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """Return the closest of ``choices`` to ``word`` if it is close enough."""
    found = process.extractOne(word, list(choices), score_cutoff=FIELD_SUGGESTION_CUTOFF)
    return str(found[0]) if found else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current else []


def describe_error(model: type[BaseModel], error: ErrorDetails) -> tuple[list[str | int], str]:
    """Translate one pydantic error.

    Args:
        model: The schema that was validated (to suggest field names).
        error: One entry of ``ValidationError.errors()``.

    Returns:
        The field path (without pydantic's union tags) and an Indonesian message.
    """
    # pydantic adds the union member (e.g. "str", "list[str]") to the path; drop it.
    raw = list(error["loc"])
    loc = [p for p in raw[:-1] if isinstance(p, int) or _FIELD.fullmatch(p)] + raw[-1:]
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(loc[-1])
        message = f"kolom tidak dikenal '{name}'"
        guess = suggest(name, _fields_at(model, loc[:-1]))
        if guess:
            message += f"; mungkin maksud Anda '{guess}'?"
        return loc, message
    if kind in _SIMPLE:
        return loc, _SIMPLE[kind]
    if kind == "value_error":
        return loc, str(error["msg"]).removeprefix("Value error, ")
    if kind == "too_short":
        return loc, "tidak boleh kosong; isi paling sedikit satu butir"
    if kind == "string_pattern_mismatch":
        return loc, "id hanya boleh huruf kecil, angka dan garis bawah, diawali huruf"
    if kind == "string_too_long":
        return loc, f"terlalu panjang (maksimal {ctx.get('max_length')} karakter)"
    if kind in {"greater_than_equal", "greater_than"}:
        return loc, f"harus bernilai paling sedikit {ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return loc, f"harus bernilai paling banyak {ctx.get('le', ctx.get('lt'))}"
    if kind == "enum" or kind == "literal_error":
        expected = str(ctx.get("expected")).replace(" or ", " atau ")
        return loc, f"nilai tidak dikenal; pilihan: {expected}"
    return loc, str(error["msg"])
