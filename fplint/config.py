"""Configuration: rulesets with ``extends``, the user's config file, and command-line overrides.

Everything is validated generically from the rules' own metadata (names, codes, options
and their types); any problem is one ``ConfigError`` that names the offending key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fplint.brief import brief, clip
from fplint.brief import message as within_budget
from fplint.model import Severity
from fplint.read import files
from fplint.resources import rulesets_dir
from fplint.rule import Rule
from fplint.standards import DEFAULT, STANDARDS

CONFIG_FILES = (".fplint.yaml", ".fplint.yml", "pyproject.toml")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "off": None}
_TOP_KEYS = {
    "extends",
    "description",
    "rules",
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "include",
    "exclude",
    "dataset",
    "plugins",
    "fail-on",
    "baseline",
    "suppressions",
    "max-file-size",
    "standard",
}
_RULESET_KEYS = {"extends", "description", "rules"}
#: The longest chain of rulesets extending one another.
MAX_EXTENDS = 32


class ConfigError(Exception):
    """A configuration problem, naming the key (``rules.indicator-count.max``) and the file."""

    def __init__(self, key: str, message: str, source: str = "") -> None:
        key = clip(key)  # a key is data too: one line, of reasonable length, whatever it holds
        super().__init__(within_budget(f"{source + ': ' if source else ''}{key}: {message}"))
        self.key, self.source = key, source


@dataclass(frozen=True)
class RuleSettings:
    """A rule's effective severity (``None``: off) and options."""

    severity: Severity | None
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know besides the paths; immutable once built."""

    rules: Mapping[str, RuleSettings]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    dataset: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    baseline: Path | None = None
    suppressions: Path | None = None
    max_file_size: int = files.DEFAULT_MAX_FILE_SIZE
    standard: str = DEFAULT  # a name in ``fplint.standards.STANDARDS``
    root: Path = field(default_factory=Path.cwd)
    source: str = ""
    classes: tuple[type[Rule], ...] = field(default=(), compare=False, repr=False)

    def enabled(self) -> dict[str, RuleSettings]:
        return {name: s for name, s in self.rules.items() if s.severity is not None}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.fplint.yaml`` or ``pyproject.toml`` with ``[tool.fplint]``, walking up.
    A config name that is there but no regular file (a FIFO, a device, a broken link) is
    returned too, for ``load_config`` to refuse in one line, never passed over in silence."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if os.path.lexists(candidate) and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:

    try:
        return "fplint" in _toml(files.read_text(path, files.MAX_CONFIG_SIZE), str(path))
    except (OSError, files.Refused, UnicodeDecodeError, ConfigError):
        return True  # let load_config report the broken file


def read_file(path: Path) -> dict[str, Any]:
    """The fplint table of a config or ruleset file (YAML, or TOML's ``[tool.fplint]``)."""
    source = str(path)
    try:
        text = files.read_text(path, files.MAX_CONFIG_SIZE)
    except UnicodeDecodeError as exc:
        raise ConfigError("file", f"cannot read it: not UTF-8 text (byte {exc.start:,})", source) from None
    except files.TooLarge as exc:
        held = files.format_size(exc.size) if exc.size is not None else "more"
        raise ConfigError(
            "file",
            f"cannot read it: it holds {held}, over the {files.format_size(exc.limit)} fplint reads "
            "from a config or ruleset file",
            source,
        ) from None
    except (OSError, files.Refused) as exc:
        raise ConfigError("file", f"cannot read it: {files.why(exc)}", source) from None
    if path.suffix == ".toml":
        tool = _toml(text, source)
        data: Any = tool.get("fplint", {}) if isinstance(tool, dict) else {}
    else:
        data = _read_yaml(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("file", "expected a mapping of settings", source)
    _check_numbers(data, "", source)
    return data


#: A run of more dotted key parts than this (``a.b.c...``) is refused before ``tomllib``,
#: whose memory grows with the square of a dotted key's length.
MAX_DOTTED_PARTS = 100
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED = re.compile(rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_DOTTED_PARTS},}}")


def _toml(text: str, source: str) -> Any:
    """A TOML file's ``tool`` table; any problem with it is one ``ConfigError``."""
    import tomllib

    dotted = _DOTTED.search(text)
    if dotted:
        line = text.count("\n", 0, dotted.start()) + 1
        raise ConfigError("file", f"line {line}: a dotted key of over {MAX_DOTTED_PARTS} parts", source)
    try:
        return tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("file", f"invalid TOML: {exc}", source) from None
    except ValueError:  # an integer past Python's digit limit
        raise ConfigError("file", "invalid TOML: a number too large to read", source) from None
    except RecursionError:
        raise ConfigError("file", "invalid TOML: nesting is too deep to read", source) from None


def _check_numbers(data: Any, key: str, source: str) -> None:
    """Refuse an integer no message could print (a hex literal of thousands of digits)."""
    stack = [(key, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, int) and value.bit_length() > 64:
            raise ConfigError(
                where, f"the number is too large ({brief(value)}); no setting needs one", source
            )


def _read_yaml(text: str, source: str) -> Any:
    """A config or ruleset file's YAML, from the cache of parsed files when it has this text
    (so a run need not import the YAML parser at all)."""
    from fplint.check.cache import remembered

    return remembered("yaml", text, lambda: _parse_yaml(text, source))


def _parse_yaml(text: str, source: str) -> Any:
    from fplint.read import parse_yaml

    parsed, _ = parse_yaml.parse(text) if text.strip() else (None, None)
    if parsed is None:
        return {}
    if parsed.error:
        raise ConfigError("file", f"line {parsed.error.line}: {parsed.error.message}", source)
    if parsed.duplicates:
        dup = parsed.duplicates[0]
        raise ConfigError(dup.key, f"appears twice (lines {dup.first[0]} and {dup.repeat[0]})", source)
    return parsed.value


def ruleset_path(name: str, relative_to: Path) -> Path:
    """A shipped ruleset by name (``default``, ``strict``) or a file by path."""
    if "://" in name:
        raise ConfigError(
            "extends", f"{brief(name)} is a URL; fplint never fetches rulesets, name a local file"
        )
    shipped = rulesets_dir() / f"{name}.yaml"
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml", ".toml")):
        if shipped.is_file():
            return shipped
        known = ", ".join(sorted(p.stem for p in rulesets_dir().glob("*.yaml")))
        raise ConfigError("extends", f"no shipped ruleset named {brief(name)} (known: {known})")
    try:
        path = (relative_to / name).resolve()
        found = path.exists()  # not only a regular file: reading refuses the rest, naming it
    except (OSError, RuntimeError, ValueError):  # a symbolic link loop, a name no file system holds
        raise ConfigError(
            "extends", f"ruleset file {brief(name)} cannot be found (a symbolic link loop?)"
        ) from None
    if not found:
        raise ConfigError("extends", f"ruleset file {brief(name)} not found (looked at {path})")
    return path


class _Builder:
    """Applies rulesets and settings, in order, over the rules' declared defaults."""

    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self.classes = {r.name: r for r in rules}
        self.codes = {r.code: r.name for r in rules}
        self.settings: dict[str, RuleSettings] = {
            r.name: RuleSettings(r.severity, {k: o.default for k, o in r.options.items()}) for r in rules
        }

    def apply_ruleset(self, path: Path, chain: tuple[Path, ...] = ()) -> None:
        if path in chain:
            raise ConfigError("extends", f"{path} extends itself (through {' -> '.join(map(str, chain))})")
        if len(chain) >= MAX_EXTENDS:
            raise ConfigError("extends", f"more than {MAX_EXTENDS} rulesets extend one another", str(path))
        data = read_file(path)
        self._check_keys(data, _RULESET_KEYS, str(path))
        if "extends" in data:
            self.apply_ruleset(self._extends(data["extends"], path.parent, str(path)), (*chain, path))
        self.apply_rules(data.get("rules", {}), str(path))

    def _extends(self, value: Any, base: Path, source: str) -> Path:
        if not isinstance(value, str):
            raise ConfigError("extends", f"expected a ruleset name or path, got {brief(value)}", source)
        try:
            return ruleset_path(value, base)
        except ConfigError as exc:
            raise ConfigError(exc.key, str(exc).split(": ", 1)[1], source) from None

    def apply_rules(self, rules: Any, source: str) -> None:
        if not isinstance(rules, dict):
            raise ConfigError("rules", "expected a mapping of rule names to settings", source)
        for name, settings in rules.items():
            key = f"rules.{name}"
            name = self.codes.get(str(name), str(name))
            if name not in self.classes:
                raise ConfigError(key, f"unknown rule{suggest(name, self.classes)}", source)
            if isinstance(settings, str) or settings is None:
                settings = {"severity": settings}
            if not isinstance(settings, dict):
                raise ConfigError(key, "expected a severity or a mapping of severity and options", source)
            current = self.settings[name]
            severity, options = current.severity, dict(current.options)
            declared = self.classes[name].options
            for option, value in settings.items():
                if option == "severity":
                    if value is False:
                        value = "off"  # YAML 1.1 readers turn a bare off into false
                    if value not in _SEVERITIES:
                        raise ConfigError(
                            f"{key}.severity", f"expected error, warning or off, got {brief(value)}", source
                        )
                    severity = _SEVERITIES[value]
                    continue
                if option not in declared:
                    known = ", ".join(["severity", *declared])
                    raise ConfigError(
                        f"{key}.{option}",
                        f"unknown option{suggest(option, declared)} (known: {known})",
                        source,
                    )
                problem = declared[option].check(value)
                if problem:
                    raise ConfigError(f"{key}.{option}", problem, source)
                options[option] = value
            if problem := _inverted_range(options):
                raise ConfigError(key, problem, source)
            self.settings[name] = RuleSettings(severity, options)

    def matching(self, selector: Any, key: str, source: str) -> set[str]:
        """Rule names a selector (name, code or code prefix) picks out."""
        if not isinstance(selector, str) or not selector:
            raise ConfigError(
                key, f"expected a rule name, code or code prefix, got {brief(selector)}", source
            )
        if selector in self.classes:
            return {selector}
        if selector.upper() == "ALL":
            return set(self.classes)
        picked = {name for code, name in self.codes.items() if code.startswith(selector.upper())}
        if not picked:
            raise ConfigError(
                key,
                f"{brief(selector)} matches no rule name or code{suggest(selector, self.classes)}",
                source,
            )
        return picked

    def select(self, selection: Mapping[str, Any], source: str) -> None:
        enabled = {n for n, s in self.settings.items() if s.severity is not None}
        if "select" in selection:
            enabled = set().union(
                *(self.matching(s, "select", source) for s in _strings(selection["select"], "select", source))
            )
        for s in _strings(selection.get("extend-select", []), "extend-select", source):
            enabled |= self.matching(s, "extend-select", source)
        for s in _strings(selection.get("ignore", []), "ignore", source):
            enabled -= self.matching(s, "ignore", source)
        for name, current in self.settings.items():
            if name not in enabled:
                self.settings[name] = replace(current, severity=None)
            elif current.severity is None:
                self.settings[name] = replace(current, severity=self.classes[name].severity)

    @staticmethod
    def _check_keys(data: Mapping[str, Any], allowed: set[str], source: str) -> None:
        for key in data:
            if key not in allowed:
                raise ConfigError(str(key), f"unknown key{suggest(str(key), allowed)}", source)


def _inverted_range(options: Mapping[str, Any]) -> str | None:
    """Why a rule's options make an empty range (``min: 8, max: 3``), or ``None``.

    Options pair by name: ``min``/``max``, ``X-min``/``X-max`` and ``min-X``/``max-X``.
    """
    for low_name, low in options.items():
        if low_name == "min":
            high_name = "max"
        elif low_name.endswith("-min"):
            high_name = low_name[: -len("min")] + "max"
        elif low_name.startswith("min-"):
            high_name = "max-" + low_name[len("min-") :]
        else:
            continue
        high = options.get(high_name)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high))
        if numbers and low > high:
            return f"{low_name} ({low!r}) is greater than {high_name} ({high!r}): no value can pass both"
    return None


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?\s*", re.IGNORECASE)


def parse_size(value: Any, key: str = "max-file-size", source: str = "") -> int:
    """A size in bytes: a whole number, or a string like ``64MB``, ``512 KB``, ``1GB``
    (units of 1,024; ``KiB`` and ``K`` are read the same)."""
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif match:
        unit = (match.group(2) or "B").upper()[0]
        if len(match.group(1)) > 30:  # float() of 400 nines is infinite: no size is that long
            raise ConfigError(key, f"the size is too large ({brief(value)}); no setting needs one", source)
        size = int(float(match.group(1)) * {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[unit])
    else:
        raise ConfigError(
            key, f"expected a size like 64MB, 512KB or a number of bytes, got {brief(value)}", source
        )
    if size < 1:
        raise ConfigError(key, f"must be at least 1 byte, got {brief(value)}", source)
    return size


def _path(data: Mapping[str, Any], key: str, root: Path, source: str) -> Path | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(key, f"expected a file path, got {brief(value)}", source)
    return root / value


def _strings(value: Any, key: str, source: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(key, f"expected a list of strings, got {brief(value)}", source)
    return value


def suggest(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a known name is close to ``name``, else nothing."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_config(
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    discover: bool = True,
) -> Config:
    """Build the effective configuration.

    Order: the rules' declared defaults, the ruleset chain (``default`` unless the config
    ``extends`` another), the config's own ``rules``, then ``select``/``extend-select``/
    ``ignore`` from the config and from ``overrides`` (the command line). The config
    carries the rule classes it speaks of (built-ins and plugins).
    """
    from fplint.check.registry import all_rules

    if path is None and discover:
        path = find_config()
    data: dict[str, Any] = read_file(path) if path else {}
    source = str(path) if path else ""
    root = path.parent.resolve() if path else Path.cwd()
    _Builder._check_keys(data, _TOP_KEYS, source)
    plugins = tuple(_strings(data.get("plugins", []), "plugins", source))
    rules = all_rules(plugins)
    builder = _Builder(rules)
    standard = _standard(data.get("standard", DEFAULT), source)
    extends = builder._extends(data.get("extends", STANDARDS[standard].ruleset), root, source)
    builder.apply_ruleset(extends)
    builder.apply_rules(data.get("rules", {}), source)
    overrides = dict(overrides or {})
    selection: dict[str, Any] = {k: data[k] for k in ("select", "extend-select", "ignore") if k in data}
    if overrides.get("select"):
        selection["select"] = overrides["select"]
    for key in ("extend-select", "ignore"):
        if overrides.get(key):
            selection[key] = _strings(selection.get(key, []), key, source) + list(overrides[key])
    builder.select(selection, source)
    per_file = data.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError("per-file-ignores", "expected a mapping of glob to rule names or codes", source)
    ignores = tuple(
        (
            glob,
            frozenset().union(
                *(
                    builder.matching(s, f"per-file-ignores.{glob}", source)
                    for s in _strings(sel, f"per-file-ignores.{glob}", source)
                )
            ),
        )
        for glob, sel in per_file.items()
    )
    fail_on = overrides.get("fail-on") or data.get("fail-on", "error")
    if fail_on not in ("error", "warning"):
        raise ConfigError("fail-on", f"expected error or warning, got {brief(fail_on)}", source)
    return Config(
        rules=dict(builder.settings),
        per_file_ignores=ignores,
        include=tuple(_strings(data.get("include", []), "include", source)),
        exclude=tuple(_strings(data.get("exclude", []), "exclude", source)),
        dataset=tuple(_strings(data.get("dataset", []), "dataset", source)),
        plugins=plugins,
        fail_on=Severity(fail_on),
        baseline=_path(data, "baseline", root, source),
        suppressions=_path(data, "suppressions", root, source),
        max_file_size=parse_size(
            data.get("max-file-size", files.DEFAULT_MAX_FILE_SIZE), "max-file-size", source
        ),
        standard=standard,
        root=root,
        source=source,
        classes=rules,
    )


def _standard(value: Any, source: str) -> str:
    """The configured standard's name, one fplint knows (``fplint.standards``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"v{value}"  # ``standard: 3.4`` (a YAML number) means v3.4
    if isinstance(value, str) and value not in STANDARDS and f"v{value}" in STANDARDS:
        value = f"v{value}"
    if not isinstance(value, str) or value not in STANDARDS:
        known = ", ".join(STANDARDS)
        raise ConfigError("standard", f"unknown standard {brief(value)} (known: {known})", source)
    return value


def relative(path: str | os.PathLike[str], root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (for glob matching); absolute when
    it is not below ``root``. As ``Path.relative_to`` would say, on strings: a run over a
    large dataset asks once a file."""
    absolute = os.path.abspath(path)  # never resolves links: a link loop must not raise
    base = str(root)
    if os.sep != "/" or absolute.startswith("//") or base.startswith("//"):
        return _relative_by_parts(absolute, root)  # drives, UNC shares, a POSIX "//" root
    if os.path.isabs(base):  # POSIX from here: one root, names compared as they are
        if absolute == base:
            return "."
        prefix = base if base.endswith("/") else base + "/"
        if absolute.startswith(prefix):
            return absolute[len(prefix) :]
    return absolute


def _relative_by_parts(absolute: str, root: Path) -> str:
    try:
        return Path(absolute).relative_to(root).as_posix()
    except ValueError:
        return Path(absolute).as_posix()
