"""Write a synthetic sync FastAPI + SQLAlchemy project of N modules, for the benchmarks.

    python bench/generate.py OUT --modules N [--seed S]

The project is N `.py` files plus a `pyproject.toml` with a `[tool.sqla-async]` table:
`app/database.py` (engine, `SessionLocal`, `get_db`), `app/models.py` (about N/10 models,
each with a primary key and a NOT NULL unique column, all but the first with a foreign key
to an earlier model and the relationships both ways), and N-2 other modules: crud
modules, services, routers with `@router.get/post/delete` path operations, background
tasks that open `SessionLocal()` by hand (`try/finally: db.close()` or `with`), and
modules that touch no session (schemas, utilities, enums, errors, the packages'
`__init__.py`, `main.py`, `config.py`). No `tests/` folder.

The mix follows what `/work/shared/research/census.md` counted in seven real apps: about
40% of the files touch a session; `query()` chains end in all 26% / first 25% /
one_or_none 16% / get 12% / count 8% / iteration 5% / delete 4% (the rest update and
scalar); 15% of the chains are held in a variable (`query = query.filter(...)`) and 10%
are returned unexecuted by a builder to the caller that runs them; path operations hand
their session to services 1-4 levels deep, across modules, down to the crud layer, so
sessions travel 1-5 calls deep; 44% of the session parameters are unannotated
(`def f(db, ...)`, `def f(session, ...)`), the rest `db: Session` or `Depends(get_db)`.
Shares are quotas (largest remainder), not draws, so a small project has the same mix;
the rest is drawn from `random.Random(seed)`, and the same N and seed write the same
bytes. Lines are laid out the way black formats them.

How: `plan()` decides the models, the modules and every function that takes a session
(what it queries or calls); the `write_*` functions then turn each module into source.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LINE_LENGTH = 88
MIN_MODULES = 18  # the fixed modules and one module of each session kind

SESSION_FILE_SHARE = 0.40  # files that touch a session, database.py included
CHAINS_PER_MODULE = 0.7  # Dispatch: 511 query() chains in 717 files
UNANNOTATED_SHARE = 0.44
TERMINAL_SHARES = {
    "all": 26,
    "first": 25,
    "one_or_none": 16,
    "get": 12,
    "count": 8,
    "iterate": 5,
    "delete": 4,
    "update": 2,
    "scalar": 2,
}
FLOW_SHARES = {"variable": 15, "returned": 10}  # % of all chains; the rest run in place
FLOWING_TERMINALS = ("all", "first", "one_or_none", "count", "iterate")
CHAIN_HOSTS = {"crud": 70, "service": 15, "router": 15}  # where chains live
SESSION_KINDS = {"crud": 36, "router": 34, "service": 22, "task": 8}
PLAIN_KINDS = {"schema": 40, "util": 32, "enum": 14, "error": 14}
ENDPOINT_DEPTHS = {0: 30, 1: 25, 2: 20, 3: 15, 4: 10}  # 0: a crud function, k: level k
SERVICE_LEVELS = 4
# How many of each, drawn between the bounds: sizes near real modules (Dispatch: 117 lines).
SERVICE_FUNCTIONS = (3, 6)
ROUTER_ENDPOINTS = (3, 6)
TASK_FUNCTIONS = (1, 3)
SESSION_MODULE_HELPERS = {"crud": (1, 4), "service": (2, 5), "router": (1, 3), "task": (0, 2)}
SCHEMA_HELPERS = (1, 3)
UTIL_HELPERS = (8, 16)
DOCSTRING_SHARE = 0.4
FUNCTION_IMPORT_SHARE = 0.3  # callers that import the function, not its module
SERVICE_WRITE_SHARE = 0.3  # service functions that also add a row and commit
SECOND_CALLEE_SHARE = 0.4  # service functions calling a second function below them
SESSION_NAMED_SESSION = 0.25  # other session parameters are named `db`
CREATE_SHARE = 0.5  # crud modules with a create_<model>(db, name)
UPDATE_SHARE = 0.7  # crud modules with an update_<model>(db, obj, changes)
PACKAGES = (
    "app",
    "app/core",
    "app/crud",
    "app/routers",
    "app/schemas",
    "app/services",
    "app/tasks",
    "app/utils",
)
FIXED_MODULES = len(PACKAGES) + 4  # database.py, models.py, main.py, config.py

NOUNS = (  # noqa: SIM905 (a word list reads better as text)
    "customer account invoice payment order product supplier shipment ticket campaign "
    "lead contact refund subscription plan coupon warehouse category review comment "
    "project task milestone team member role notification message attachment document "
    "contract quote vendor asset incident alert report metric event venue booking room "
    "guest course lesson student teacher enrollment grade device sensor reading location "
    "route vehicle driver trip fare policy claim agent branch region store cart banner "
    "page article author channel playlist track album artist recipe ingredient"
).split()
UNIQUE_COLUMNS = ("slug", "code", "email", "reference", "handle")
SERVICE_TOPICS = (
    "billing",
    "sync",
    "reports",
    "audit",
    "alerts",
    "exports",
    "search",
    "pricing",
    "workflow",
    "stats",
    "cleanup",
    "onboarding",
)
CRUD_SUFFIXES = ("", "_queries", "_admin", "_lookup", "_search", "_stats", "_history")
VERBS = (
    "refresh",
    "build",
    "prepare",
    "check",
    "summarize",
    "reconcile",
    "archive",
    "validate",
    "notify",
    "compute",
    "collect",
    "review",
    "score",
    "sync",
)
ASPECTS = ("summary", "totals", "status", "overview", "digest", "snapshot", "health")
UTIL_WORDS = (
    "text",
    "money",
    "dates",
    "paging",
    "numbers",
    "ids",
    "flags",
    "urls",
    "files",
    "colors",
    "units",
    "strings",
    "lists",
    "checks",
    "formats",
)
CHAIN_NAMES = {  # terminal -> function name, from the model's var / plural / unique
    "get": "get_{var}",
    "one_or_none": "find_{var}",
    "first": "get_{var}_by_{unique}",
    "all": "list_{plural}",
    "count": "count_{plural}",
    "iterate": "{var}_names",
    "delete": "delete_{var}",
    "update": "archive_{var}",
    "scalar": "max_{var}_amount",
}
VARIABLE_NAMES = {  # the same, for a chain refined in a variable
    "all": "search_{plural}",
    "first": "find_active_{var}",
    "one_or_none": "find_active_{var}_by_id",
    "count": "count_active_{plural}",
    "iterate": "active_{var}_names",
}
TERMINAL_CALLS = {
    "all": ".all()",
    "first": ".first()",
    "one_or_none": ".one_or_none()",
    "count": ".count()",
    "scalar": ".scalar()",
}
HTTP_METHODS = {"delete": "delete", "update": "post"}  # else get


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    name: str  # Invoice
    var: str  # invoice
    plural: str  # invoices, also the table
    unique: str  # the NOT NULL unique column
    parent: Model | None  # the model this one has a foreign key to


@dataclass(frozen=True)
class Key:
    """The argument every session function takes after the session."""

    name: str
    type: str  # "int" or "str"


@dataclass(frozen=True)
class Chain:
    model: Model
    terminal: str
    flow: str  # "inline", "variable" or "returned"
    variant: int  # 0 or 1: picks between two spellings


@dataclass
class Function:
    """A function of the project that takes a session (or opens one: a task)."""

    module: Module
    name: str
    key: Key
    level: int  # 0: runs queries; k: calls a function of level k-1
    chain: Chain | None = None
    creates: Model | None = None
    updates: Model | None = None  # update_<model>(db, obj, changes): called by nobody
    callees: list[Function] = field(default_factory=list)
    annotated: bool = True
    session: str = "db"
    tasks: list[Function] = field(default_factory=list)  # scheduled by an endpoint

    @property
    def returns(self) -> Model | None:
        """The model of the single entity it returns, if it returns one."""
        if self.chain and self.chain.terminal in ("get", "first", "one_or_none"):
            return self.chain.model
        return self.creates


@dataclass
class Module:
    path: str  # app/crud/invoice.py
    kind: str
    model: Model
    level: int = 0
    functions: list[Function] = field(default_factory=list)

    @property
    def dotted(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")

    @property
    def stem(self) -> str:
        return Path(self.path).stem


def quotas(shares: dict[str, int], total: int) -> dict[str, int]:
    """Split `total` in proportion to `shares` (largest remainder, ties in order)."""
    weight = sum(shares.values())
    exact = {name: total * share / weight for name, share in shares.items()}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: counts[name] - exact[name])
    for name in by_remainder[: total - sum(counts.values())]:
        counts[name] += 1
    return counts


def spread(shares: dict[str, int], total: int, rng: random.Random) -> list[str]:
    """`total` labels in the proportions of `shares`, shuffled."""
    labels = [label for label, count in quotas(shares, total).items() for _ in range(count)]
    rng.shuffle(labels)
    return labels


def pluralize(word: str) -> str:
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "es" if word.endswith(("s", "ch", "sh", "x")) else word + "s"


class Names:
    """Names unique across the project, so any import style resolves one way."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, base: str) -> str:
        name, number = base, 2
        while name in self.taken:
            name, number = f"{base}_{number}", number + 1
        self.taken.add(name)
        return name


def make_models(rng: random.Random, count: int) -> list[Model]:
    nouns = rng.sample(NOUNS, len(NOUNS))
    models: list[Model] = []
    for index in range(count):
        noun, copy = nouns[index % len(nouns)], index // len(nouns)
        suffix = f"_{copy + 1}" if copy else ""
        name = noun.capitalize() + (str(copy + 1) if copy else "")
        parent = rng.choice(models) if models else None
        unique = rng.choice(UNIQUE_COLUMNS)
        models.append(Model(name, noun + suffix, pluralize(noun) + suffix, unique, parent))
    return models


def make_chains(rng: random.Random, count: int, models: Sequence[Model]) -> list[Chain]:
    terminals = spread(TERMINAL_SHARES, count, rng)
    flowing = [i for i, terminal in enumerate(terminals) if terminal in FLOWING_TERMINALS]
    rng.shuffle(flowing)
    flows = ["inline"] * count
    for flow, share in FLOW_SHARES.items():
        for _ in range(min(round(count * share / 100), len(flowing))):
            flows[flowing.pop()] = flow
    return [
        Chain(rng.choice(models), terminal, flow, rng.randrange(2))
        for terminal, flow in zip(terminals, flows, strict=True)
    ]


def make_modules(
    rng: random.Random, total: int, models: Sequence[Model], names: Names
) -> list[Module]:
    """Every module but the fixed ones: `total - FIXED_MODULES` of them."""
    session_total = round(total * SESSION_FILE_SHARE) - 1
    kinds = quotas(SESSION_KINDS, session_total)
    kinds.update(quotas(PLAIN_KINDS, total - FIXED_MODULES - session_total))
    modules: list[Module] = []
    for index in range(kinds["crud"]):
        model = models[index % len(models)]
        suffix = CRUD_SUFFIXES[index // len(models) % len(CRUD_SUFFIXES)]
        modules.append(Module(f"app/crud/{names.unique(model.var + suffix)}.py", "crud", model))
    levels = min(SERVICE_LEVELS, kinds["service"])
    for index in range(kinds["service"]):
        model = rng.choice(models)
        stem = names.unique(f"{model.var}_{rng.choice(SERVICE_TOPICS)}")
        modules.append(Module(f"app/services/{stem}.py", "service", model, 1 + index % levels))
    for kind, folder, pattern in (
        ("router", "routers", "{plural}"),
        ("task", "tasks", "{var}_jobs"),
        ("schema", "schemas", "{var}"),
        ("util", "utils", "{word}"),
        ("enum", "core", "{word}_enums"),
        ("error", "core", "{word}_errors"),
    ):
        for _ in range(kinds[kind]):
            model = rng.choice(models)
            word = rng.choice(UTIL_WORDS)
            stem = names.unique(pattern.format(var=model.var, plural=model.plural, word=word))
            modules.append(Module(f"app/{folder}/{stem}.py", kind, model))
    return modules


def chain_key(chain: Chain) -> Key:
    """The argument a chain filters on."""
    model, terminal = chain.model, chain.terminal
    if terminal in ("get", "one_or_none", "delete", "update"):
        return Key(f"{model.var}_id", "int")
    if terminal == "first":
        flowing = chain.flow != "inline"
        return Key(model.unique, "str") if chain.variant or flowing else Key("name", "str")
    if terminal == "all" and model.parent and chain.variant:
        return Key(f"{model.parent.var}_id", "int")
    return Key("status", "str")


def chain_name(chain: Chain) -> str:
    model = chain.model
    name = CHAIN_NAMES[chain.terminal].format(
        var=model.var, plural=model.plural, unique=model.unique
    )
    key = chain_key(chain)
    if chain.terminal == "first" and key.name == "name":
        return f"latest_{model.var}_named"
    if chain.terminal == "all" and key.name.endswith("_id"):
        return f"{name}_for_{key.name.removesuffix('_id')}"
    if chain.flow == "variable":
        return VARIABLE_NAMES[chain.terminal].format(var=model.var, plural=model.plural)
    return name


def place_chains(
    rng: random.Random, modules: Sequence[Module], chains: Sequence[Chain], names: Names
) -> None:
    hosts = {kind: [m for m in modules if m.kind == kind] for kind in CHAIN_HOSTS}
    for chain, kind in zip(chains, spread(CHAIN_HOSTS, len(chains), rng), strict=True):
        module = rng.choice(hosts[kind] or hosts["crud"])
        if module.kind == "crud":  # a crud module queries its own model
            chain = Chain(module.model, chain.terminal, chain.flow, chain.variant)
        name = names.unique(chain_name(chain))
        module.functions.append(Function(module, name, chain_key(chain), 0, chain=chain))
    for module in hosts["crud"]:
        model = module.model
        if rng.random() < CREATE_SHARE or not module.functions:
            name = names.unique(f"create_{model.var}")
            module.functions.append(Function(module, name, Key("name", "str"), 0, creates=model))
        if rng.random() < UPDATE_SHARE:
            name, key = names.unique(f"update_{model.var}"), Key(model.var, model.name)
            module.functions.append(Function(module, name, key, 0, updates=model))


def plan_services(rng: random.Random, modules: Sequence[Module], names: Names) -> None:
    """Services of level k call a function of level k-1 (and maybe one below), elsewhere."""
    by_level = {0: callable_levels(modules)[0]}
    for level in range(1, SERVICE_LEVELS + 1):
        by_level[level] = []
        for module in (m for m in modules if m.kind == "service" and m.level == level):
            for _ in range(rng.randint(*SERVICE_FUNCTIONS)):
                callees = [rng.choice(by_level[level - 1])]
                other = rng.choice(by_level[rng.randrange(level)])
                if rng.random() < SECOND_CALLEE_SHARE and other is not callees[0]:
                    callees.append(other)
                name = names.unique(f"{rng.choice(VERBS)}_{module.model.var}_{rng.choice(ASPECTS)}")
                function = Function(module, name, callees[0].key, level, callees=callees)
                module.functions.append(function)
                by_level[level].append(function)


def callable_levels(modules: Sequence[Module]) -> dict[int, list[Function]]:
    levels: dict[int, list[Function]] = {}
    for module in modules:
        if module.kind in ("crud", "service"):
            for function in module.functions:
                if not function.updates:  # its argument is not a key
                    levels.setdefault(function.level, []).append(function)
    return levels


def plan_endpoints(rng: random.Random, modules: Sequence[Module], names: Names) -> None:
    levels = callable_levels(modules)
    depths = {depth: share for depth, share in ENDPOINT_DEPTHS.items() if levels.get(depth)}
    routers = [m for m in modules if m.kind == "router"]
    for module in routers:
        count = rng.randint(*ROUTER_ENDPOINTS)
        for depth in spread({str(d): s for d, s in depths.items()}, count, rng):
            callee = rng.choice(levels[int(depth)])
            name = names.unique(f"{rng.choice(VERBS)}_{module.model.var}_{rng.choice(ASPECTS)}")
            endpoint = Function(module, name, callee.key, callee.level + 1, callees=[callee])
            module.functions.append(endpoint)
    for module in (m for m in modules if m.kind == "task"):
        for _ in range(rng.randint(*TASK_FUNCTIONS)):
            callees = [
                rng.choice(levels[rng.choice(sorted(levels))]) for _ in range(rng.randint(1, 2))
            ]
            name = names.unique(f"{rng.choice(VERBS)}_{module.model.var}_job")
            task = Function(module, name, callees[0].key, 0, callees=callees)
            module.functions.append(task)
            if routers:
                endpoints = [f for f in rng.choice(routers).functions if f.callees]
                rng.choice(endpoints).tasks.append(task)


def session_params(function: Function) -> tuple[int, int]:
    """(session parameters of the function and its builder, how many may go unannotated):
    a path operation's is always `db: Session = Depends(get_db)`."""
    if function.module.kind == "task":
        return 0, 0
    builder = int(bool(function.chain and function.chain.flow == "returned"))
    endpoint = int(function.module.kind == "router")
    return 1 + builder, 1 + builder - endpoint


def annotate(rng: random.Random, modules: Sequence[Module]) -> None:
    """44% of all session parameters unannotated, a quarter of the others' named `session`."""
    functions = [f for m in modules for f in m.functions]
    goal = round(sum(session_params(f)[0] for f in functions) * UNANNOTATED_SHARE)
    for function in rng.sample(functions, len(functions)):
        free = session_params(function)[1]
        if free and goal >= free:
            function.annotated, goal = False, goal - free
        if function.module.kind != "router" and rng.random() < SESSION_NAMED_SESSION:
            function.session = "session"


@dataclass
class Plan:
    models: list[Model]
    modules: list[Module]

    def functions(self) -> list[Function]:
        return [f for m in self.modules for f in m.functions]

    def mix(self) -> dict[str, float]:
        """The shares the project has (of files, chains, parameters, path operations)."""
        functions, files = self.functions(), len(self.modules) + FIXED_MODULES
        chains = [f.chain for f in functions if f.chain]
        unannotated = sum(session_params(f)[1] for f in functions if not f.annotated)
        endpoints = [f for f in functions if f.module.kind == "router"]
        shares = {"session files": (1 + sum(bool(m.functions) for m in self.modules)) / files}
        for name in (*TERMINAL_SHARES, *FLOW_SHARES):
            shares[name] = sum(name in (c.terminal, c.flow) for c in chains) / len(chains)
        shares["unannotated"] = unannotated / sum(session_params(f)[0] for f in functions)
        for depth in range(SERVICE_LEVELS + 2):
            shares[f"depth {depth}"] = sum(session_depth(f) == depth for f in endpoints)
            shares[f"depth {depth}"] /= len(endpoints)
        return shares


def session_depth(function: Function) -> int:
    """Calls that hand the session on, down the deepest path (a builder counts)."""
    below = [session_depth(callee) for callee in function.callees]
    builder = int(bool(function.chain and function.chain.flow == "returned"))
    return 1 + max(below) if below else builder


def describe(shares: dict[str, float]) -> str:
    def part(names: Sequence[str]) -> str:
        return " ".join(f"{name} {shares[name]:.0%}" for name in names)

    depths = [name for name in shares if name.startswith("depth")]
    return "; ".join(
        [
            part(["session files"]),
            "chains end in " + part(list(TERMINAL_SHARES)),
            "held/returned " + part(list(FLOW_SHARES)),
            "session params " + part(["unannotated"]),
            "path operations at " + part(depths),
        ]
    )


def plan(total: int, seed: int) -> Plan:
    if total < MIN_MODULES:
        raise ValueError(f"a project needs at least {MIN_MODULES} modules")
    rng = random.Random(seed)
    names = Names()
    models = make_models(rng, max(2, round(total / 10)))
    modules = make_modules(rng, total, models, names)
    chains = make_chains(rng, round(total * CHAINS_PER_MODULE), models)
    place_chains(rng, modules, chains, names)
    plan_services(rng, modules, names)
    plan_endpoints(rng, modules, names)
    annotate(rng, modules)
    return Plan(models, modules)


# -- source laid out the way black formats it --------------------------------------------


class Source:
    """One module being written: its imports and its top-level blocks."""

    STDLIB = (
        "collections",
        "csv",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "functools",
        "io",
        "re",
        "time",
    )

    def __init__(self, module: Module | None, rng: random.Random) -> None:
        self.module, self.rng = module, rng
        self.froms: dict[str, set[str]] = {}
        self.imports: set[str] = set()  # modules imported whole
        self.styles: dict[str, bool] = {}  # callee module -> import the function itself
        self.blocks: list[list[str]] = []
        self.docstring = ""

    def need(self, module: str, *names: str) -> None:
        self.froms.setdefault(module, set()).update(names)

    def add(self, *blocks: list[str]) -> None:
        self.blocks += blocks

    def reference(self, callee: Function) -> str:
        """How this module names `callee`: its module imported (aliased for crud) or it."""
        target = callee.module
        if self.module is target:
            return callee.name
        if self.styles.setdefault(target.dotted, self.rng.random() < FUNCTION_IMPORT_SHARE):
            self.need(target.dotted, callee.name)
            return callee.name
        package, _, stem = target.dotted.rpartition(".")
        alias = f"{stem}_crud" if target.kind == "crud" else stem
        self.need(package, stem if alias == stem else f"{stem} as {alias}")
        return f"{alias}.{callee.name}"

    def _group(self, module: str) -> int:
        top = module.split(".")[0]
        return 0 if top in self.STDLIB else 2 if top == "app" else 1

    def render(self) -> str:
        groups: list[list[str]] = [[], [], []]
        for module in sorted(self.imports):
            groups[self._group(module)].append(f"import {module}")
        for module in sorted(self.froms):
            names = sorted(self.froms[module], key=_import_order)
            groups[self._group(module)] += import_lines(module, names)
        lines = [f'"""{self.docstring}"""', ""] if self.docstring else []
        lines += [line for group in groups if group for line in [*group, ""]]
        if lines and self.blocks and self.blocks[0][0].startswith(("def ", "class ", "@")):
            lines.append("")  # two blank lines before a definition, one before a statement
        for block in self.blocks:
            lines += [*block, "", ""]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""


def _import_order(name: str) -> tuple[int, str]:
    """isort's: CONSTANTS, Classes, functions."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name.lower()


def import_lines(module: str, names: Sequence[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"from {module} import (", *(f"    {name}," for name in names), ")"]


def bracketed(head: str, items: Sequence[str], tail: str, indent: str = "    ") -> list[str]:
    """`head` + items + `tail` (head ends in the opening bracket, tail starts with the
    closing one): one line, else the items on one indented line, else one a line."""
    one = f"{indent}{head}{', '.join(items)}{tail}"
    if len(one) <= LINE_LENGTH:
        return [one]
    inner = f"{indent}    {', '.join(items)}"
    if len(inner) <= LINE_LENGTH:
        return [f"{indent}{head}", inner, f"{indent}{tail}"]
    return [f"{indent}{head}", *(f"{indent}    {item}," for item in items), f"{indent}{tail}"]


def chained(lead: str, parts: Sequence[str], tail: str = "", indent: str = "    ") -> list[str]:
    """`lead` + a method chain + `tail`: one line, else in parentheses, else a call a line."""
    one = f"{indent}{lead}{''.join(parts)}{tail}"
    if len(one) <= LINE_LENGTH:
        return [one]
    inner = f"{indent}    {''.join(parts)}"
    if len(inner) <= LINE_LENGTH:
        return [f"{indent}{lead}(", inner, f"{indent}){tail}"]
    return [f"{indent}{lead}(", *(f"{indent}    {part}" for part in parts), f"{indent}){tail}"]


def convert(value: str, source: str, target: str) -> str:
    """An argument of type `target` made from a key of type `source`."""
    if source == target:
        return value
    return f"str({value})" if target == "str" else f"len({value})"


def argument(caller: Function, callee: Function) -> str:
    return convert(caller.key.name, caller.key.type, callee.key.type)


def session_param(source: Source, function: Function) -> str:
    if not function.annotated:
        return function.session
    source.need("sqlalchemy.orm", "Session")
    return f"{function.session}: Session"


def is_endpoint(function: Function) -> bool:
    return function.module.kind == "router"


def header(
    source: Source, function: Function, extras: Sequence[str], returns: str | None
) -> list[str]:
    """The `def` line(s) of a session function; path operations get their decorator and
    `db: Session = Depends(get_db)`."""
    key = f"{function.key.name}: {function.key.type}"
    if not is_endpoint(function):
        params = [session_param(source, function), key, *extras]
        arrow = f" -> {returns}" if returns and function.annotated else ""
        return bracketed(f"def {function.name}(", params, f"){arrow}:", "")
    params = [key, *extras]
    if function.tasks:
        source.need("fastapi", "BackgroundTasks")
        params.append("background_tasks: BackgroundTasks")
    source.need("fastapi", "Depends")
    source.need("sqlalchemy.orm", "Session")
    source.need("app.database", "get_db")
    params.append("db: Session = Depends(get_db)")
    path = f'"/{function.name.replace("_", "-")}/{{{function.key.name}}}"'
    return [
        f"@router.{http_method(function)}({path})",
        *bracketed(f"def {function.name}(", params, "):", ""),
    ]


def http_method(function: Function) -> str:
    if function.chain:
        return HTTP_METHODS.get(function.chain.terminal, "get")
    writes = function.tasks or any(c.creates or c.level for c in function.callees)
    return "post" if writes else "get"


# -- query chains --------------------------------------------------------------------------


def chain_root(chain: Chain, key: Key, db: str) -> tuple[list[str], tuple[str, ...]]:
    """`db.query(...)` and its criteria, and the parameters (with defaults) they add."""
    model, m = chain.model, chain.model.name
    if chain.terminal == "get":
        return [f"{db}.query({m})"], ()
    if chain.terminal == "scalar":
        return [f"{db}.query(func.max({m}.amount))", f".filter({m}.status == status)"], ()
    column = "id" if key.name == f"{model.var}_id" else key.name
    parts = [f"{db}.query({m})", f".filter({m}.{column} == {key.name})"]
    if key.name == "name":
        parts.append(f".order_by({m}.created_at.desc())")
    if chain.terminal == "all" and key.name.endswith("_id") and chain.flow == "inline":
        parts.append(f".order_by({m}.id)")
    elif chain.terminal == "all" and chain.flow == "inline":
        return [*parts, ".offset(skip)", ".limit(limit)"], ("skip: int = 0", "limit: int = 100")
    return parts, ()


def chain_returns(chain: Chain) -> str | None:
    m = chain.model.name
    return {
        "get": f"{m} | None",
        "first": f"{m} | None",
        "one_or_none": f"{m} | None",
        "all": f"list[{m}]",
        "iterate": "list[str]",
        "scalar": None,
    }.get(chain.terminal, "int")


def run_chain(chain: Chain, parts: list[str], key: Key, db: str) -> list[str]:
    """Statements that run the query `parts` and return what its terminal gives."""
    terminal = chain.terminal
    if terminal in TERMINAL_CALLS:
        return chained("return ", [*parts, TERMINAL_CALLS[terminal]])
    if terminal == "get":
        return chained("return ", [*parts, f".get({key.name})"])
    if terminal in ("delete", "update"):
        done = "deleted" if terminal == "delete" else "updated"
        values = "" if terminal == "delete" else '{"status": "archived"}, '
        call = f".{terminal}({values}synchronize_session=False)"
        return [*chained(f"{done} = ", [*parts, call]), f"    {db}.commit()", f"    return {done}"]
    comprehension = chained("return [row.name for row in ", parts, "]")
    if chain.variant and len(comprehension) == 1:
        return comprehension
    loop = chained("for row in ", parts, ":")
    return ["    names = []", *loop, "        names.append(row.name)", "    return names"]


def chain_blocks(source: Source, function: Function) -> list[list[str]]:
    """The function that runs its chain, after the builder it calls for a returned one."""
    chain = function.chain
    assert chain is not None
    source.need("app.models", chain.model.name)
    if chain.terminal == "scalar":
        source.need("sqlalchemy", "func")
    db = "db" if is_endpoint(function) else function.session
    returns = chain_returns(chain)
    if chain.flow == "returned":
        builder, lines = builder_block(source, function)
        call = f"{builder}({db}, {function.key.name})"
        body = run_chain(chain, [call, *flow_tail(chain)], function.key, db)
        return [lines, [*header(source, function, (), returns), *body]]
    parts, extras = chain_root(chain, function.key, db)
    if chain.flow == "inline":
        body = run_chain(chain, parts, function.key, db)
        return [[*header(source, function, extras, returns), *body]]
    body = [
        *chained("query = ", parts),
        "    if active_only:",
        f"        query = query.filter({chain.model.name}.is_active.is_(True))",
        *run_chain(chain, ["query", *flow_tail(chain)], function.key, db),
    ]
    return [[*header(source, function, ("active_only: bool = True",), returns), *body]]


def builder_block(source: Source, function: Function) -> tuple[str, list[str]]:
    """A function that builds the query and returns it unexecuted."""
    assert function.chain is not None
    name = f"{function.name}_query"
    parts, _ = chain_root(function.chain, function.key, function.session)
    params = [session_param(source, function), f"{function.key.name}: {function.key.type}"]
    arrow = ""
    if function.annotated:
        source.need("sqlalchemy.orm", "Query")
        arrow = " -> Query"
    head = bracketed(f"def {name}(", params, f"){arrow}:", "")
    return name, [*head, *chained("return ", parts)]


def flow_tail(chain: Chain) -> list[str]:
    """What a caller adds to a query held in a variable or built elsewhere."""
    return [f".order_by({chain.model.name}.id)"] if chain.terminal == "all" else []


# -- modules that touch a session ----------------------------------------------------------


def create_block(source: Source, function: Function) -> list[str]:
    model = function.creates
    assert model is not None
    source.need("app.models", model.name)
    db, var = function.session, model.var
    lines = header(source, function, (), model.name)
    fields = ["name=name", f"{model.unique}=name.lower()", 'status="new"']
    lines += bracketed(f"{var} = {model.name}(", fields, ")")
    return [
        *lines,
        f"    {db}.add({var})",
        f"    {db}.commit()",
        f"    {db}.refresh({var})",
        f"    return {var}",
    ]


def update_block(source: Source, function: Function) -> list[str]:
    """Applies a dict of changes to an entity and commits."""
    model = function.updates
    assert model is not None
    source.need("app.models", model.name)
    db, var = function.session, model.var
    params = [session_param(source, function), f"{var}: {model.name}"]
    params.append("changes: dict[str, object]")
    arrow = f" -> {model.name}" if function.annotated else ""
    return [
        *bracketed(f"def {function.name}(", params, f"){arrow}:", ""),
        "    for attribute, value in changes.items():",
        "        if value is not None:",
        f"            setattr({var}, attribute, value)",
        f"    {db}.add({var})",
        f"    {db}.commit()",
        f"    {db}.refresh({var})",
        f"    return {var}",
    ]


def service_block(source: Source, function: Function) -> list[str]:
    """Calls the functions below it with its session, reads a relationship, may write."""
    db = function.session
    lines = header(source, function, (), "dict[str, object]")
    results = []
    for callee, result in zip(function.callees, ("result", "extra"), strict=False):
        call = f"{result} = {source.reference(callee)}("
        lines += bracketed(call, [db, argument(function, callee)], ")")
        results.append(result)
        if result == "result" and callee.returns and callee.returns.parent:
            relation = callee.returns.parent.var
            lines.append(f"    owner = result.{relation} if result is not None else None")
            results.append("owner")
    if source.rng.random() < SERVICE_WRITE_SHARE:
        model = function.module.model
        source.need("app.models", model.name)
        fields = [f'name="{function.name}"', f"{model.unique}=str({function.key.name})"]
        lines += bracketed(f"{db}.add({model.name}(", fields, "))")
        lines.append(f"    {db}.commit()")
    return [*lines, *bracketed("return {", [f'"{r}": {r}' for r in results], "}")]


def endpoint_block(source: Source, function: Function) -> list[str]:
    """A path operation handing its session to the function that does the work."""
    callee = function.callees[0]
    lines = header(source, function, (), None)
    call = source.reference(callee)
    lines += bracketed(f"result = {call}(", ["db", argument(function, callee)], ")")
    if callee.returns:
        source.need("fastapi", "HTTPException")
        lines.append("    if result is None:")
        lines.append('        raise HTTPException(status_code=404, detail="Not found")')
    for task in function.tasks:
        lines += bracketed(
            "background_tasks.add_task(", [source.reference(task), argument(function, task)], ")"
        )
    return [*lines, "    return result"]


def task_block(source: Source, function: Function) -> list[str]:
    """A background job that opens its own session."""
    source.need("app.database", "SessionLocal")
    lines = [f"def {function.name}({function.key.name}: {function.key.type}) -> None:"]
    calls = [
        line
        for callee in function.callees
        for line in bracketed(
            f"{source.reference(callee)}(", ["db", argument(function, callee)], ")", "        "
        )
    ]
    if source.rng.random() < 0.5:
        return [*lines, "    with SessionLocal() as db:", *calls, "        db.commit()"]
    body = ["    db = SessionLocal()", "    try:", *calls, "        db.commit()"]
    return [*lines, *body, "    finally:", "        db.close()"]


def write_session_module(module: Module, rng: random.Random) -> str:
    source = Source(module, rng)
    if module.kind == "router":
        source.need("fastapi", "APIRouter")
        prefix = module.stem.replace("_", "-")
        source.add([f'router = APIRouter(prefix="/{prefix}", tags=["{module.stem}"])'])
    if module.kind == "service":
        source.docstring = f"{module.stem.split('_')[-1].capitalize()} for {module.model.plural}."
    add_helpers(source, module.stem, rng.randint(*SESSION_MODULE_HELPERS[module.kind]), True)
    for function in module.functions:
        if function.chain:
            blocks = chain_blocks(source, function)
        elif function.creates:
            blocks = [create_block(source, function)]
        elif function.updates:
            blocks = [update_block(source, function)]
        else:
            blocks = [WRITE_CALLER[module.kind](source, function)]
        if rng.random() < DOCSTRING_SHARE:
            blocks[-1] = with_docstring(blocks[-1], function.name)
        source.add(*blocks)
    return source.render()


WRITE_CALLER = {"task": task_block, "router": endpoint_block, "service": service_block}


def with_docstring(lines: list[str], name: str) -> list[str]:
    """`lines` of a function with a one-line docstring after its signature."""
    start = next(i for i, line in enumerate(lines) if line.startswith("def "))
    end = next(i for i in range(start, len(lines)) if lines[i][0] != " " and lines[i][-1] == ":")
    text = name.replace("_", " ").capitalize()
    return [*lines[: end + 1], f'    """{text}."""', *lines[end + 1 :]]


# -- the fixed modules and those that touch no session -------------------------------------


def write_pyproject() -> str:
    return (
        "[project]\n"
        'name = "bench-app"\n'
        'version = "0.1.0"\n'
        'requires-python = ">=3.10"\n'
        'dependencies = ["fastapi>=0.110", "sqlalchemy>=2.0", "pydantic>=2"]\n'
        "\n"
        "[tool.sqla-async]\n"
        'session-names = ["db", "session"]\n'
        'exclude = ["migrations"]\n'
    )


def write_database(rng: random.Random) -> str:
    source = Source(None, rng)
    source.need("sqlalchemy", "create_engine")
    source.need("sqlalchemy.orm", "declarative_base", "sessionmaker")
    source.add(
        [
            'SQLALCHEMY_DATABASE_URL = "postgresql://app:app@localhost:5432/app"',
            "",
            "engine = create_engine(SQLALCHEMY_DATABASE_URL, pool_pre_ping=True)",
            "SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)",
            "",
            "Base = declarative_base()",
        ],
        [
            "def get_db():",
            "    db = SessionLocal()",
            "    try:",
            "        yield db",
            "    finally:",
            "        db.close()",
        ],
    )
    return source.render()


def write_models(models: Sequence[Model], rng: random.Random) -> str:
    source = Source(None, rng)
    source.need("datetime", "datetime")
    source.need("sqlalchemy", "Boolean", "Column", "DateTime", "ForeignKey", "Integer")
    source.need("sqlalchemy", "Numeric", "String")
    source.need("sqlalchemy.orm", "relationship")
    source.need("app.database", "Base")
    for model in models:
        source.add(model_block(model, [c for c in models if c.parent is model]))
    return source.render()


def model_block(model: Model, children: Sequence[Model]) -> list[str]:
    lines = [
        f"class {model.name}(Base):",
        f'    __tablename__ = "{model.plural}"',
        "",
        "    id = Column(Integer, primary_key=True, index=True)",
        f"    {model.unique} = Column(String(120), unique=True, nullable=False)",
        "    name = Column(String(200), nullable=False)",
        '    status = Column(String(20), default="new", index=True)',
        "    amount = Column(Numeric(12, 2), default=0)",
        "    is_active = Column(Boolean, default=True)",
        "    created_at = Column(DateTime, default=datetime.utcnow)",
    ]
    parent = model.parent
    if parent:
        foreign_key = f'ForeignKey("{parent.plural}.id")'
        lines.append(f"    {parent.var}_id = Column(Integer, {foreign_key}, index=True)")
    relations = [(parent.var, parent.name, model.plural)] if parent else []
    relations += [(child.plural, child.name, model.var) for child in children]
    if relations:
        lines.append("")
    for attribute, target, back in relations:
        lines += bracketed(
            f"{attribute} = relationship(", [f'"{target}"', f'back_populates="{back}"'], ")"
        )
    return lines


def write_schema(module: Module, rng: random.Random) -> str:
    source = Source(module, rng)
    source.need("datetime", "datetime")
    source.need("decimal", "Decimal")
    source.need("pydantic", "BaseModel", "ConfigDict", "Field", "field_validator")
    m, unique = module.model.name, module.model.unique
    source.add(
        [
            f"class {m}Base(BaseModel):",
            "    name: str = Field(min_length=1, max_length=200)",
            f"    {unique}: str = Field(min_length=1, max_length=120)",
            '    status: str = "new"',
            '    amount: Decimal = Decimal("0")',
            "    is_active: bool = True",
            "",
            '    @field_validator("name")',
            "    @classmethod",
            "    def strip_name(cls, value: str) -> str:",
            "        return value.strip()",
        ],
        [f"class {m}Create({m}Base):", "    pass"],
        [
            f"class {m}Update(BaseModel):",
            "    name: str | None = None",
            "    status: str | None = None",
            "    amount: Decimal | None = None",
        ],
        [
            f"class {m}Out({m}Base):",
            "    model_config = ConfigDict(from_attributes=True)",
            "",
            "    id: int",
            "    created_at: datetime",
        ],
        [
            f"class {m}Page(BaseModel):",
            f"    items: list[{m}Out]",
            "    total: int",
            "    page: int = 1",
            "    size: int = 50",
        ],
    )
    add_helpers(source, module.stem, rng.randint(*SCHEMA_HELPERS), True)
    return source.render()


HELPERS = (  # pure helpers, in utility modules and beside session code: (imports, text)
    (
        (),
        """
def normalize_WORD(value: str) -> str:
    cleaned = " ".join(value.split())
    return cleaned.strip().lower()
""",
    ),
    (
        (),
        """
def chunk_WORD(items: list[str], size: int = 50) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
""",
    ),
    (
        (),
        """
def parse_WORD_flag(raw: str | None, default: bool = False) -> bool:
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}
""",
    ),
    (
        (),
        """
def clamp_WORD(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))
""",
    ),
    (
        ("decimal.Decimal",),
        """
def format_WORD_amount(amount: Decimal, currency: str = "USD") -> str:
    quantized = amount.quantize(Decimal("0.01"))
    return f"{quantized} {currency}"
""",
    ),
    (
        ("re",),
        """
def WORD_slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:80]
""",
    ),
    (
        (),
        """
def page_window_WORD(page: int, size: int, total: int) -> tuple[int, int]:
    start = max(page - 1, 0) * size
    end = min(start + size, total)
    return start, end
""",
    ),
    (
        ("dataclasses.dataclass", "datetime.datetime"),
        """
@dataclass(frozen=True)
class CAMELRange:
    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def days(self) -> int:
        return (self.end - self.start).days
""",
    ),
    (
        (),
        """
def merge_WORD_options(
    defaults: dict[str, object], overrides: dict[str, object] | None = None
) -> dict[str, object]:
    merged = dict(defaults)
    for key, value in (overrides or {}).items():
        if value is not None:
            merged[key] = value
    return merged
""",
    ),
    (
        (),
        """
def summarize_WORD_counts(values: list[int]) -> dict[str, float]:
    if not values:
        return {"count": 0, "total": 0, "mean": 0.0}
    total = sum(values)
    return {"count": len(values), "total": total, "mean": total / len(values)}
""",
    ),
    (
        ("datetime.datetime", "datetime.timedelta"),
        """
def WORD_window(days: int = 30, now: datetime | None = None) -> tuple[datetime, datetime]:
    end = now or datetime.utcnow()
    return end - timedelta(days=days), end
""",
    ),
    (
        (),
        """
class CAMELCache:
    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self.items: dict[str, object] = {}

    def get(self, key: str) -> object | None:
        return self.items.get(key)

    def put(self, key: str, value: object) -> None:
        if len(self.items) >= self.limit:
            self.items.pop(next(iter(self.items)))
        self.items[key] = value
""",
    ),
    (
        (),
        """
def mask_WORD_email(email: str) -> str:
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"
""",
    ),
    (
        (),
        """
def WORD_changes(before: dict[str, object], after: dict[str, object]) -> list[str]:
    changed = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changed.append(key)
    return changed
""",
    ),
    (
        (),
        """
def percent_WORD(part: float, whole: float, digits: int = 1) -> float:
    if whole == 0:
        return 0.0
    return round(100 * part / whole, digits)
""",
    ),
    (
        ("collections.Counter",),
        """
def top_WORD_values(values: list[str], limit: int = 5) -> list[tuple[str, int]]:
    counts = Counter(value.strip().lower() for value in values if value)
    return counts.most_common(limit)
""",
    ),
    (
        ("dataclasses.dataclass", "dataclasses.field"),
        """
@dataclass
class CAMELPage:
    items: list[dict[str, object]] = field(default_factory=list)
    total: int = 0
    page: int = 1
    size: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def to_dict(self) -> dict[str, object]:
        return {
            "items": self.items,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
        }
""",
    ),
    (
        ("functools.wraps", "time"),
        """
def retry_WORD(attempts: int = 3, delay: float = 0.1):
    def decorator(function):
        @wraps(function)
        def wrapper(*args, **kwargs):
            for attempt in range(attempts):
                try:
                    return function(*args, **kwargs)
                except ConnectionError:
                    if attempt == attempts - 1:
                        raise
                    time.sleep(delay * 2**attempt)
            return None

        return wrapper

    return decorator
""",
    ),
    (
        ("csv", "io"),
        """
def WORD_to_csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return buffer.getvalue()
""",
    ),
    (
        ("time",),
        """
class CAMELRateLimiter:
    def __init__(self, rate: float, burst: int = 10) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
""",
    ),
    (
        (),
        """
UPPER_TRANSITIONS = {
    "new": {"active", "archived"},
    "active": {"paused", "archived"},
    "paused": {"active", "archived"},
    "archived": set(),
}


def can_move_WORD(current: str, target: str) -> bool:
    return target in UPPER_TRANSITIONS.get(current, set())


def next_WORD_states(current: str) -> list[str]:
    return sorted(UPPER_TRANSITIONS.get(current, set()))
""",
    ),
    (
        ("decimal.ROUND_HALF_UP", "decimal.Decimal"),
        """
def split_WORD_amount(total: Decimal, parts: int) -> list[Decimal]:
    if parts <= 0:
        raise ValueError("parts must be positive")
    share = (total / parts).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    shares = [share] * parts
    shares[-1] = total - share * (parts - 1)
    return shares
""",
    ),
    (
        ("re",),
        """
EMAIL_PATTERN = re.compile(r"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", re.IGNORECASE)


def validate_WORD_payload(payload: dict[str, object]) -> list[str]:
    errors = []
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append("name is required")
    email = payload.get("email")
    if email is not None and not EMAIL_PATTERN.match(str(email)):
        errors.append("email is not valid")
    amount = payload.get("amount", 0)
    if not isinstance(amount, (int, float)) or amount < 0:
        errors.append("amount must be a positive number")
    return errors
""",
    ),
    (
        ("dataclasses.asdict", "dataclasses.dataclass", "datetime.datetime"),
        """
@dataclass(frozen=True)
class CAMELEvent:
    name: str
    subject_id: int
    happened_at: datetime
    payload: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["happened_at"] = self.happened_at.isoformat()
        data["payload"] = dict(self.payload)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "CAMELEvent":
        return cls(
            name=str(data["name"]),
            subject_id=int(str(data["subject_id"])),
            happened_at=datetime.fromisoformat(str(data["happened_at"])),
            payload=tuple(sorted(dict(data.get("payload") or {}).items())),
        )
""",
    ),
)


def add_helpers(source: Source, word: str, count: int, private: bool = False) -> None:
    """`count` helpers named after `word` (private ones beside session code)."""
    camel = "".join(part.capitalize() for part in word.split("_"))
    for imports, text in source.rng.sample(HELPERS, count):
        for spec in imports:
            module, _, name = spec.rpartition(".")
            if module:
                source.need(module, name)
            else:
                source.imports.add(name)
        code = text.strip("\n").replace("CAMEL", camel).replace("UPPER", word.upper())
        code = code.replace("WORD", word)
        if private:
            code = re.sub(rf"\b({'|'.join(defined(code))})\b", r"_\1", code)
        if all(len(line) <= LINE_LENGTH for line in code.splitlines()):
            source.add(code.splitlines())


def defined(code: str) -> list[str]:
    """The names `code` defines at the top level."""
    found = re.findall(r"^(?:def|class) (\w+)|^([A-Z_]+) =", code, re.MULTILINE)
    return [function or constant for function, constant in found]


def write_util(module: Module, rng: random.Random) -> str:
    source = Source(module, rng)
    add_helpers(source, module.stem, rng.randint(*UTIL_HELPERS))
    return source.render()


ENUMS = {  # suffix -> members
    "Status": ("new", "active", "paused", "archived", "deleted"),
    "Kind": ("standard", "priority", "internal", "external"),
    "Channel": ("email", "sms", "push", "webhook", "slack"),
    "Level": ("low", "medium", "high", "critical"),
    "Source": ("web", "api", "import", "partner", "manual", "referral"),
}
ERRORS = {  # suffix -> (HTTP status, message)
    "NotFound": (404, "not found"),
    "Conflict": (409, "already exists"),
    "Invalid": (422, "is not valid"),
    "Forbidden": (403, "is not allowed"),
    "Locked": (423, "is locked"),
    "Expired": (410, "has expired"),
}


def write_enum(module: Module, rng: random.Random) -> str:
    source = Source(module, rng)
    source.need("enum", "Enum")
    word = "".join(part.capitalize() for part in module.stem.removesuffix("_enums").split("_"))
    for suffix in rng.sample(sorted(ENUMS), rng.randint(2, len(ENUMS))):
        members = [f'    {value.upper()} = "{value}"' for value in ENUMS[suffix]]
        source.add([f"class {word}{suffix}(str, Enum):", *members])
    return source.render()


def write_error(module: Module, rng: random.Random) -> str:
    source = Source(module, rng)
    stem = module.stem.removesuffix("_errors")
    word = "".join(part.capitalize() for part in stem.split("_"))
    source.add(
        [
            f"class {word}Error(Exception):",
            f'    """Base error for {stem.replace("_", " ")}."""',
            "",
            "    status_code = 400",
            "",
            "    def __init__(self, key: object, detail: str | None = None) -> None:",
            f'        super().__init__(detail or f"{stem} {{key!r}} failed")',
            "        self.key = key",
        ]
    )
    for suffix in rng.sample(sorted(ERRORS), rng.randint(2, len(ERRORS))):
        status, message = ERRORS[suffix]
        source.add(
            [
                f"class {word}{suffix}({word}Error):",
                f"    status_code = {status}",
                "",
                "    def __init__(self, key: object) -> None:",
                f'        super().__init__(key, f"{stem} {{key!r}} {message}")',
            ]
        )
    return source.render()


def write_config(rng: random.Random) -> str:
    source = Source(None, rng)
    source.need("dataclasses", "dataclass")
    source.add(
        [
            "@dataclass(frozen=True)",
            "class Settings:",
            '    app_name: str = "bench-app"',
            "    page_size: int = 50",
            "    max_page_size: int = 500",
            "    debug: bool = False",
        ],
        ["settings = Settings()"],
    )
    return source.render()


def write_main(routers: Sequence[Module], rng: random.Random) -> str:
    source = Source(None, rng)
    source.need("fastapi", "FastAPI")
    if routers:
        source.need("app.routers", *(m.stem for m in routers))
    includes = [f"app.include_router({m.stem}.router)" for m in routers]
    source.add(['app = FastAPI(title="Bench App")', *includes])
    return source.render()


WRITERS = {"schema": write_schema, "util": write_util, "enum": write_enum, "error": write_error}


def write_project(project: Plan, seed: int) -> dict[str, str]:
    """Every file of the project: relative path -> text."""
    rng = random.Random(seed + 1)
    files = {"pyproject.toml": write_pyproject()}
    files.update({f"{package}/__init__.py": "" for package in PACKAGES})
    files["app/database.py"] = write_database(rng)
    files["app/models.py"] = write_models(project.models, rng)
    files["app/config.py"] = write_config(rng)
    files["app/main.py"] = write_main([m for m in project.modules if m.kind == "router"], rng)
    for module in project.modules:
        writer = WRITERS.get(module.kind, write_session_module)
        files[module.path] = writer(module, rng)
    return files


def generate(out: Path, modules: int, seed: int = 0) -> dict[str, str]:
    """Write the project of `modules` Python files under `out`; return its files."""
    files = write_project(plan(modules, seed), seed)
    for relpath, text in files.items():
        if relpath.endswith(".py"):
            compile(text, relpath, "exec")  # a bug here must not reach the benchmark
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def git_ignores(folder: Path) -> bool:
    """Whether git ignores files in `folder`: sqla-async, which lists the files git lists
    inside a repository, would then find none there."""
    if shutil.which("git") is None:
        return False
    probe = str(folder.resolve() / "probe.py")
    check = ["git", "-C", str(folder), "check-ignore", "-q", probe]
    return subprocess.run(check, capture_output=True, check=False).returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic sync FastAPI + SQLAlchemy project."
    )
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument(
        "--modules", type=int, required=True, help=f"Python files (>= {MIN_MODULES})"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.modules < MIN_MODULES:
        parser.error(f"--modules must be at least {MIN_MODULES}")
    files = generate(args.out, args.modules, args.seed)
    if git_ignores(args.out):
        print(
            f"warning: git ignores {args.out}: sqla-async will find no files there", file=sys.stderr
        )
    python = [text for path, text in files.items() if path.endswith(".py")]
    lines = sum(text.count("\n") for text in python)
    print(f"wrote {len(python)} modules ({lines} lines) to {args.out}")
    print(describe(plan(args.modules, args.seed).mix()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
