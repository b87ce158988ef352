"""YAML from untrusted hands: front matter and the hand-edited reviews file.

`yaml.safe_load` already refuses `!!python` tags, but it expands aliases without limit
(558 bytes of nested aliases became gigabytes), silently keeps the last of two equal
keys, and reports an impossible date ("2025-02-30") with no line. Here every problem is
a `yaml.MarkedYAMLError` whose mark gives the line, so callers report it like any
syntax error.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

import yaml

MAX_VALUES = 10_000  # scalars, lists and mappings after expanding aliases; real front matter has a dozen


class YAMLLimitError(yaml.MarkedYAMLError):
    """Valid YAML, refused: too large once aliases are expanded, or nested too deeply."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses repeated keys and names the line of a date it cannot build."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, yaml.Node] = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is repeated (first on line {seen[key].start_mark.line + 1})",
                        key_node.start_mark)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as e:
            raise yaml.constructor.ConstructorError(None, None, f"not a real date: {node.value!r} ({e})",
                                                    node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
# SafeConstructor's method as the constructor of a _Loader: named with that type, since passed as it is, its first
# argument (a SafeConstructor) is not one of the loaders the stubs' type variable allows
_construct_map: Callable[[_Loader, yaml.Node], Any] = _Loader.construct_yaml_map
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def expanded_size(root: yaml.Node, limit: int = MAX_VALUES) -> int:
    """How many values `root` stands for once every alias is expanded, counted without expanding.

    Shared nodes (aliases) are counted once per use, from a memo, so a billion-value alias bomb is
    measured in as many steps as it has nodes. A node that contains itself is refused.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else \
            list(node.value) if isinstance(node, yaml.SequenceNode) else []
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), limit + 1)
            continue
        if key in open_nodes:
            raise YAMLLimitError(None, None, "an alias refers to a value that contains it", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def load(text: str, limit: int = MAX_VALUES) -> object:
    """The YAML document in `text` as plain data, or a MarkedYAMLError naming the line of the problem."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if expanded_size(root, limit) > limit:
            raise YAMLLimitError(None, None, f"more than {limit:,} values once aliases are expanded "
                                             "(an alias bomb?)", root.start_mark)
        return loader.construct_document(root)
    except RecursionError:
        raise YAMLLimitError(None, None, "nested too deeply", None) from None
    finally:
        loader.dispose()
