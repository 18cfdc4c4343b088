"""Internal helper: read YAML fast, and find the line/column of a field with ruamel.yaml.

Files are parsed with libyaml (PyYAML's C loader) because ruamel's round-trip
parser costs ~10 ms per file, too slow for 1,000 services. Only files that have
a problem are parsed again with ruamel.yaml, whose round-trip nodes know the
line and column of every key and list item.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError as RuamelMarkedError

from knowledge_base.errors import KnowledgeBaseYamlError

__all__ = ["Position", "PositionLocator", "load_yaml_file"]

Position = tuple[int, int]
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that rejects duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            # Compare raw scalar text: constructing every key twice costs ~30% of parsing.
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"kunci '{key_node.value}' ditulis dua kali", key_node.start_mark
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        """Keep an impossible date ("2026-13-01") as text so the schema reports its field."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictLoader.construct_lenient_timestamp
)


def load_yaml_file(path: Path) -> Any:
    """Parse one YAML file.

    Args:
        path: The file.

    Returns:
        The parsed document (plain dicts, lists, scalars).

    Raises:
        KnowledgeBaseYamlError: The file is not valid YAML or not UTF-8; carries
            the file, 1-based line and column.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseYamlError(path, None, None, "berkas bukan teks UTF-8") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        raise KnowledgeBaseYamlError(
            path,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            f"YAML tidak valid: {problem}",
        ) from exc
    except yaml.YAMLError as exc:
        raise KnowledgeBaseYamlError(path, None, None, f"YAML tidak valid: {exc}") from exc


class PositionLocator:
    """Finds the 1-based (line, column) of a field path in a file, using ruamel.yaml."""

    def __init__(self) -> None:
        self._yaml = YAML(typ="rt")
        self._yaml.allow_duplicate_keys = True
        self._cache: dict[Path, Any] = {}

    def _tree(self, path: Path) -> Any:
        if path not in self._cache:
            try:
                self._cache[path] = self._yaml.load(path.read_text(encoding="utf-8"))
            except (RuamelMarkedError, ValueError, OSError):  # ValueError: e.g. month 13
                self._cache[path] = None
        return self._cache[path]

    def locate(self, path: Path, loc: Sequence[str | int]) -> Position:
        """Return the position of ``loc`` (e.g. ``("varian", 0, "alias", 2)``) in ``path``.

        When a part of the path does not exist (a missing field), the position of
        the deepest existing parent is returned.
        """
        node = self._tree(path)
        position: Position = (1, 1)
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line, col = node.lc.key(part)
                position = (line + 1, col + 1)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                position = (line + 1, col + 1)
                node = node[part]
            else:
                break
        return position
