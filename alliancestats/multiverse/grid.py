"""Specification grids as data: the choices of a research module, their valid values, and a validated grid.

A :class:`Schema` lists every coding choice a research module exposes
(:class:`Choice`: name, stage, valid values, default, what it means). A
:class:`Grid` picks values for some of them; every choice it does not list
stays at its default. The full factorial of the listed values is the set
of specifications (Simonsohn, Simmons & Nelson 2020, Nature Human
Behaviour 4:1208: every defensible combination, not a hand-picked few).

Stages decide what can be shared (:mod:`.plan`): ``"panel"`` choices change
how the data are built (one panel variant per distinct combination),
``"sample"`` choices only filter rows of a built panel, ``"model"`` choices
only change the fit.

Grids are TOML files::

    [grid]
    module = "deterrence"          # a schema in SCHEMAS

    [choices]                      # name = [values]; unlisted choices keep their default
    source = ["gml", "cow", "maoz"]
    estimator = ["logit", "probit"]

    [fixed]                        # settings that are not choices (e.g. years, the variable of interest)
    start = 1816

An unknown module, choice, value or fixed setting raises
:class:`alliancestats.errors.OptionError` naming the valid ones.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from ..errors import OptionError, check_option


@dataclass(frozen=True)
class Choice:
    """One coding choice: its valid values (the first is the default unless ``default`` says otherwise)."""

    name: str
    stage: str  # "panel" | "sample" | "model"
    values: tuple
    doc: str = ""
    default: object = None
    #: for open-ended values (e.g. a day of the year): raises OptionError for an invalid value
    check: Callable | None = None

    def __post_init__(self):
        check_option(f"choice {self.name!r}: stage", self.stage, ("panel", "sample", "model"))
        if self.default is None:
            object.__setattr__(self, "default", self.values[0])

    def validate(self, value) -> None:
        if self.check is not None:
            self.check(value)
            return
        if value not in self.values:
            raise OptionError(f"choice {self.name!r}: {value!r} is not a valid value; use one of: "
                              f"{', '.join(map(repr, self.values))}")


@dataclass(frozen=True)
class Schema:
    """The choices of one research module and how a specification is computed (``runner``, :mod:`.plan`)."""

    module: str
    choices: tuple[Choice, ...]
    #: settings that are not choices: name -> default
    fixed: dict
    #: "package.module:function" computing the rows of one task (see :func:`alliancestats.multiverse.plan.run_task`)
    runner: str
    #: checks a whole grid (e.g. the variable of interest is in every control set); raises OptionError
    check_grid: Callable | None = None

    def choice(self, name: str) -> Choice:
        for c in self.choices:
            if c.name == name:
                return c
        raise OptionError(f"{self.module} grid: unknown choice {name!r}; valid choices: "
                          f"{', '.join(c.name for c in self.choices)}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.choices)


#: module name -> "package.module:attribute" of its Schema (imported on first use)
SCHEMAS = {"deterrence": "alliancestats.multiverse.deterrence:SCHEMA"}


def get_schema(module: str) -> Schema:
    """The :class:`Schema` of a research module (``SCHEMAS``); OptionError for an unknown one.

    Parameters
    ----------
    module : str

    Returns
    -------
    Schema

    Examples
    --------
    >>> get_schema("deterrence").module
    'deterrence'
    """
    if module not in SCHEMAS:
        raise OptionError(f"unknown multiverse module {module!r}; valid: {', '.join(SCHEMAS)}")
    import importlib

    mod, attr = SCHEMAS[module].split(":")
    return getattr(importlib.import_module(mod), attr)


@dataclass(frozen=True)
class Grid:
    """A validated grid: values per choice (every choice of the schema, defaults filled in) and fixed settings."""

    module: str
    values: dict  # choice name -> tuple of values, in schema order
    fixed: dict = field(default_factory=dict)

    @property
    def schema(self) -> Schema:
        return get_schema(self.module)

    @property
    def varying(self) -> list[str]:
        """Choices with more than one value."""
        return [k for k, v in self.values.items() if len(v) > 1]

    @property
    def size(self) -> int:
        n = 1
        for v in self.values.values():
            n *= len(v)
        return n

    def specifications(self) -> list[dict]:
        """Every combination (dicts of choice -> value), in grid order."""
        names = list(self.values)
        return [dict(zip(names, combo)) for combo in itertools.product(*(self.values[k] for k in names))]

    def spec_id(self, spec: dict) -> str:
        """Content identity of a specification: module, every choice and every fixed setting (16 hex digits)."""
        return spec_id(self.module, spec, self.fixed)

    def subset(self, **values) -> "Grid":
        """The same grid with some choices restricted (validated like a grid file)."""
        raw = {k: list(v) for k, v in self.values.items()}
        raw.update({k: v if isinstance(v, (list, tuple)) else [v] for k, v in values.items()})
        return make_grid(self.module, raw, self.fixed)

    def describe(self) -> str:
        lines = [f"{self.module} grid: {self.size:,} specifications"]
        for k, v in self.values.items():
            if len(v) > 1:
                lines.append(f"  {k}: {', '.join(map(str, v))}")
        fixed = [f"{k}={v[0]}" for k, v in self.values.items() if len(v) == 1]
        if fixed:
            lines.append("  at one value: " + ", ".join(fixed))
        if self.fixed:
            lines.append("  fixed: " + ", ".join(f"{k}={v}" for k, v in self.fixed.items()))
        return "\n".join(lines)


def spec_id(module: str, spec: dict, fixed: dict) -> str:
    prefix = json.dumps([module, sorted((k, str(v)) for k, v in fixed.items())])
    return hashlib.sha256((prefix + "|".join(f"{k}={spec[k]}" for k in sorted(spec))).encode()).hexdigest()[:16]


def make_grid(module: str, choices: dict | None = None, fixed: dict | None = None) -> Grid:
    """Validate ``choices`` (name -> value or list of values) and ``fixed`` against the module's schema.

    Parameters
    ----------
    module : str
    choices : dict, optional
    fixed : dict, optional

    Returns
    -------
    Grid

    Examples
    --------
    >>> g = make_grid("deterrence", {"ongoing": ["drop", "keep"]})  # doctest: +SKIP
    """
    schema = get_schema(module)
    choices = dict(choices or {})
    values = {}
    for c in schema.choices:
        raw = choices.pop(c.name, [c.default])
        vals = list(raw) if isinstance(raw, (list, tuple)) else [raw]
        if not vals:
            raise OptionError(f"{module} grid: choice {c.name!r} has no values; list at least one "
                              f"(valid: {', '.join(map(repr, c.values))})")
        dup = sorted({str(v) for v in vals if vals.count(v) > 1})
        if dup:
            raise OptionError(f"{module} grid: choice {c.name!r} lists {', '.join(dup)} more than once")
        for v in vals:
            c.validate(v)
        values[c.name] = tuple(vals)
    if choices:
        bad = sorted(choices)
        raise OptionError(f"{module} grid: unknown choice(s) {', '.join(map(repr, bad))}; valid choices: "
                          f"{', '.join(schema.names)}")
    fx = dict(schema.fixed)
    for k, v in (fixed or {}).items():
        if k not in schema.fixed:
            raise OptionError(f"{module} grid: unknown fixed setting {k!r}; valid: {', '.join(schema.fixed)}")
        if type(v) is not type(schema.fixed[k]):
            raise OptionError(f"{module} grid: fixed setting {k!r} must be a {type(schema.fixed[k]).__name__}; "
                              f"got {v!r}")
        fx[k] = v
    grid = Grid(module, values, fx)
    if schema.check_grid is not None:
        schema.check_grid(grid)
    return grid


def load_grid(path: str | Path | None = None, *, module: str | None = None) -> Grid:
    """Read and validate a TOML grid file; ``path=None``: the module's default grid shipped with the package.

    Parameters
    ----------
    path : path, optional
        A TOML grid file.
    module : str, optional
        The research module (its default grid when ``path`` is None).

    Returns
    -------
    Grid

    Examples
    --------
    >>> load_grid(module="deterrence").module
    'deterrence'
    """
    if path is None:
        if module is None:
            raise OptionError("load_grid: give a grid file or a module name (default grid)")
        get_schema(module)  # unknown module: OptionError before looking for the file
        text = resources.files("alliancestats.multiverse").joinpath("grids", f"{module}.toml").read_text("utf-8")
        where = f"default {module} grid"
    else:
        p = Path(path)
        if not p.is_file():
            raise OptionError(f"grid file {p} not found")
        text, where = p.read_text("utf-8"), str(p)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise OptionError(f"{where}: not valid TOML ({err})") from None
    extra = sorted(set(doc) - {"grid", "choices", "fixed"})
    if extra:
        raise OptionError(f"{where}: unknown section(s) {extra}; a grid file has [grid], [choices] and [fixed]")
    mod = doc.get("grid", {}).get("module", module)
    if mod is None:
        raise OptionError(f"{where}: [grid] module = \"...\" is missing (valid: {', '.join(SCHEMAS)})")
    if module is not None and mod != module:
        raise OptionError(f"{where} is a grid for {mod!r}, not {module!r}")
    bad = sorted(set(doc.get("grid", {})) - {"module", "description"})
    if bad:
        raise OptionError(f"{where}: unknown [grid] key(s) {bad}; valid: module, description")
    return make_grid(mod, doc.get("choices", {}), doc.get("fixed", {}))


def default_grid(module: str = "deterrence") -> Grid:
    """The default grid of a module (``alliancestats/multiverse/grids/<module>.toml``).

    Parameters
    ----------
    module : str

    Returns
    -------
    Grid

    Examples
    --------
    >>> default_grid().module
    'deterrence'
    """
    return load_grid(None, module=module)
