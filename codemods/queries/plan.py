"""Decide how a legacy query chain becomes 2.0 code, or why it must be left alone.

A mixin shared by the transform that rewrites chains and the audit rule that reports
the rest, so both always agree on what is fixable. On the way down it notes where each
chain's value goes (iterated, indexed, discarded), then plans the chain at its top:

- executed in place (`all`, `first`, `one`, `one_or_none`, `scalar`, `count`);
- iterated (`for x in q`, comprehensions, `list(q)`) or indexed with literals (`q[0]`);
- a bulk `delete()` / `update(values)` (only criteria before it, as legacy requires);
- turned into a SQL construct (`subquery()`, `cte()`, `exists()`) or nested in `in_()`;
- held in a local variable every use of which it can rewrite (`variables.py`), or
  returned by a query builder the index found, and run by the builder's callers.

Anything else (a query passed on, a variable that lets it escape, unknown methods) is
refused with the reason; `forms.py` holds the facts about what each legacy call returned.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar, Literal

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    FullyQualifiedNameProvider,
    ProviderT,
    Scope,
    ScopeProvider,
)

from codemods.queries import forms
from codemods.queries.chain import Chain, Link, Origin, method_call, parse_chain, unwind
from codemods.queries.contexts import Contexts
from codemods.queries.forms import Plan, Refusal, Statement
from codemods.queries.methods import (
    BULK,
    BULK_ARGUMENTS,
    CRITERIA,
    EXECUTING,
    JOIN_KEYWORDS,
    NOT_EXECUTED,
    REFUSED_METHODS,
    RESHAPING,
    SHORT_COUNT_METHODS,
    SQL_CONSTRUCTS,
    STATEMENT_METHODS,
)
from codemods.queries.selection import JOINS, Selected, SelectionReader
from codemods.queries.uniqueness import at_most_one_row, code_of
from codemods.queries.variables import Binding, FunctionUses, QueryVariable, collect_uses
from codemods.spelling import SqlNameSpeller


class QueryPlanner(SelectionReader, SqlNameSpeller):
    """Mixin: plans every legacy query chain top (its outermost call) on the way down.

    It owns `visit_Call`, `visit_For`, `visit_CompFor`, `visit_Subscript`, `visit_Expr`,
    `visit_Return`, `visit_Assign`, `visit_AnnAssign` and extends `visit_FunctionDef_body`;
    a subclass that needs one of them must call `super()`.
    """

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (
        ScopeProvider,
        FullyQualifiedNameProvider,
    )

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self.disproved: set[str] = set()  # builders a use here needs kept as they are
        # Chain top (a call, or a bare variable read) -> its chain and plan.
        self.plans: dict[cst.CSTNode, tuple[Chain, Plan | Refusal]] = {}
        # A query root (`db.query(...)` call) -> the plan of the chain it starts.
        self.root_plans: dict[cst.Call, Plan | Refusal] = {}
        self._inside_chain: set[cst.CSTNode] = set()
        self.contexts = Contexts()

    # -- where values go -------------------------------------------------------------

    def visit_For(self, node: cst.For) -> None:
        self.contexts.note_for(node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.contexts.note_for(node)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.contexts.note_subscript(node)

    def visit_Expr(self, node: cst.Expr) -> None:
        self.contexts.note_expression_statement(node)

    def visit_Return(self, node: cst.Return) -> None:
        self.contexts.note_return(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        self.contexts.note_statement_value(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.contexts.note_statement_value(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        self.contexts.note_call(node)
        if node in self._inside_chain or node in self.plans:
            return
        chain = parse_chain(node)
        if chain is not None and self.session_kind(chain.session) is not None:
            self._record(chain, self._plan(chain, self.contexts))
            return
        built = self._builder_chain(node)
        if built is not None:
            chain, builder = built
            plan = self._plan(chain, self.contexts)
            if isinstance(plan, Refusal):
                self.disproved.add(builder)  # this use needs the builder to return a Query
            self._record(chain, plan)

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef_body(node)  # the parameters are known sessions from here
        self._plan_query_variables(node)

    def _record(self, chain: Chain, plan: Plan | Refusal) -> None:
        if isinstance(plan, Plan):
            plan = self._spelled(chain.root, plan)
        self._inside_chain.update(chain.calls())
        self.plans[chain.top] = (chain, plan)
        if chain.starts_with_query:
            self.root_plans[cst.ensure_type(chain.root, cst.Call)] = plan

    # -- planning ------------------------------------------------------------------

    def _plan(self, chain: Chain, contexts: Contexts) -> Plan | Refusal:
        if self._returned_by_builder(chain, contexts):
            refusal = self._refuse_links(chain.links, bulk=False)
            renames = tuple(STATEMENT_METHODS.get(link.method, "") for link in chain.links)
            return refusal or Plan(renames, (), executed=False)
        consumer = chain.links[-1].method if chain.links else ""
        consumed = consumer in EXECUTING | BULK | SQL_CONSTRUCTS.keys()
        statement = chain.links[:-1] if consumed else chain.links
        refusal = self._refuse_links(statement, bulk=consumer in BULK and consumed)
        if refusal is not None:
            return refusal
        if consumer in BULK:
            if not chain.starts_with_query:
                return Refusal("a bulk statement on a query built elsewhere is not rewritten yet")
            return self._bulk(chain, statement, contexts)
        renames = tuple(STATEMENT_METHODS[link.method] for link in statement)
        if consumer in SQL_CONSTRUCTS:
            return self._construct(chain.links[-1], renames)
        selected = self.read_selection(chain)
        if isinstance(selected, str):
            return Refusal(selected)
        scalars = selected.single_entity
        origin = chain.origin
        applied = [*(origin.links if origin else ()), *statement]
        repeats = (origin is not None and origin.repeats) or self.may_repeat_entities(applied)
        unique = selected.has_entity and repeats
        if consumed:
            return self._executed(consumer, chain, statement, selected, renames, unique)
        if chain.top in contexts.iterated:
            return forms.iterated(scalars, unique, renames)
        window = self._window(chain.top, contexts)
        if window is not None:
            return forms.windowed(scalars, unique, window, renames)
        if chain.top in contexts.nested:
            return Plan(renames, (), executed=False)
        return Refusal(NOT_EXECUTED)

    def _construct(self, link: Link, renames: tuple[str, ...]) -> Plan | Refusal:
        """`.subquery()`, `.cte()`, `.exists()`, `.as_scalar()`: the statement's own."""
        allowed = SQL_CONSTRUCTS[link.method]
        keywords = {a.keyword.value for a in link.call.args if a.keyword is not None}
        positional = [a for a in link.call.args if a.keyword is None]
        if (
            any(a.star for a in link.call.args)
            or len(positional) > len(allowed[1])
            or not (keywords <= set(allowed[1]))
        ):
            return Refusal(f"`.{link.method}()` with arguments that have no 2.0 form")
        return Plan((*renames, allowed[0]), (), executed=False)

    # -- queries built by other functions ----------------------------------------------

    def _returned_by_builder(self, chain: Chain, contexts: Contexts) -> bool:
        """`return db.query(...)` in a function the index calls a query builder."""
        return (
            chain.starts_with_query
            and chain.top in contexts.returned
            and bool(self.functions)
            and self.functions[-1] in self.index.query_builders
        )

    def _builder_chain(self, top: cst.Call) -> tuple[Chain, str] | None:
        """`builder(db).filter(...).all()`: the chain on a query built by a project function."""
        if not self.index.query_builders:
            return None
        links: list[Link] = []
        node: cst.BaseExpression = top
        while isinstance(node, cst.Call):
            builder = self._builder_called(node)
            if builder is not None:
                session = self._session_given(node, builder)
                if session is None:
                    self.disproved.add(builder)
                    return None
                facts = self.index.query_builders[builder]
                origin = Origin("builder", shapes=facts.shapes, repeats=facts.repeats)
                return Chain(session, node, tuple(reversed(links)), origin), builder
            step = method_call(node)
            if step is None:
                return None
            links.append(Link(step[0], node))
            node = step[1]
        return None

    def _builder_called(self, call: cst.Call) -> str | None:
        """The query builder `call` calls, through imports, instances or `self`."""
        func, symbols = call.func, self.index.symbols
        if isinstance(func, cst.Attribute) and code_of(func.value) in ("self", "cls"):
            if not self.classes:
                return None
            owners = {q.name for q in self._qualified_names(self.classes[-1].name)}
            found = {symbols.method(owner, func.attr.value) for owner in owners}
        else:
            found = {symbols.function(q.name) for q in self._qualified_names(func)}
        builders = sorted(name for name in found if name and name in self.index.query_builders)
        return builders[0] if builders else None

    def _session_given(self, call: cst.Call, builder: str) -> cst.Name | None:
        """The caller's session passed for the builder's session parameter, if it is one."""
        facts = self.index.query_builders[builder]
        func = call.func
        bound = isinstance(func, cst.Attribute) and (
            code_of(func.value) in ("self", "cls")
            or any(
                self.index.symbols.is_instance(q.name) for q in self._qualified_names(func.value)
            )
        )
        position = facts.position - (1 if bound else 0)
        positional = [a for a in call.args if a.keyword is None and not a.star]
        named = [a for a in call.args if a.keyword is not None and a.keyword.value == facts.session]
        if named:
            argument: cst.Arg | None = named[0]
        else:
            argument = positional[position] if 0 <= position < len(positional) else None
        if argument is None or not isinstance(argument.value, cst.Name):
            return None
        return argument.value if self.session_kind(argument.value) is not None else None

    # -- queries held in variables -----------------------------------------------------

    def _plan_query_variables(self, function: cst.FunctionDef) -> None:
        scope = self.get_metadata(ScopeProvider, function.body, None)
        if not isinstance(scope, Scope):
            return
        uses = collect_uses(function.body)
        for name in sorted({assignment.name for assignment in scope.assignments}):
            self._plan_query_variable(name, list(scope.assignments[name]), uses)

    def _plan_query_variable(
        self, name: str, assignments: list[BaseAssignment], uses: FunctionUses
    ) -> None:
        bindings = [self._binding(a, uses, name) for a in assignments]
        roots = [b for b in bindings if b is not None and b.session is not None]
        if not roots or None in bindings or len({r.session.value for r in roots if r.session}) != 1:
            return
        if len({tuple(code_of(a.value) for a in r.selected) for r in roots}) != 1:
            return  # the shape of what it selects must not depend on the branch taken
        known = [b for b in bindings if b is not None]
        if any(link.method in RESHAPING for b in known if b.session is None for link in b.links):
            return  # `q = q.with_entities(...)` on one branch: rows or scalars, unknown here
        session = cst.ensure_type(roots[0].session, cst.Name)
        variable = QueryVariable(
            name, session, roots[0].selected, tuple(link for b in known for link in b.links)
        )
        reads = {access.node for a in assignments for access in a.references}
        refinements = {b.value for b in known if b.session is None}
        reads = {
            r
            for r in reads
            if not (isinstance(r, cst.Name) and uses.chain_tops.get(r) in refinements)
        }
        planned = [self._plan_read(read, variable, uses) for read in reads]
        if any(p is None for p in planned):
            return
        for binding in known:
            self._record(*self._binding_plan(binding, variable))
        for entry in planned:
            if entry is not None:
                self._record(*entry)

    def _binding(self, assignment: BaseAssignment, uses: FunctionUses, name: str) -> Binding | None:
        """`q = db.query(...)...` or `q = q.<refinements>`, nothing executed, all rewritable."""
        target = assignment.node if isinstance(assignment, Assignment) else None
        statement = uses.assigned.get(target) if isinstance(target, cst.Name) else None
        if statement is None:
            return None
        value = statement.value
        receiver, links = unwind(value)
        chain = parse_chain(value) if isinstance(value, cst.Call) else None
        if chain is not None and self.session_kind(chain.session) is not None:
            receiver, links = chain.session, chain.links
            selected: tuple[cst.Arg, ...] = tuple(cst.ensure_type(chain.root, cst.Call).args)
            session: cst.Name | None = chain.session
        elif isinstance(receiver, cst.Name) and receiver.value == name and links:
            selected, session = (), None
        else:
            return None
        if any(link.method not in STATEMENT_METHODS for link in links) or self._refuse_links(
            links, False
        ):
            return None
        return Binding(value, session, selected, links)

    def _binding_plan(self, binding: Binding, variable: QueryVariable) -> tuple[Chain, Plan]:
        if binding.session is not None:
            chain = parse_chain(cst.ensure_type(binding.value, cst.Call))
            assert chain is not None
        else:
            root, links = unwind(binding.value)
            chain = Chain(variable.session, cst.ensure_type(root, cst.Name), links, variable.origin)
        renames = tuple(STATEMENT_METHODS[link.method] for link in chain.links)
        return chain, Plan(renames, (), executed=False)

    def _plan_read(
        self, read: cst.CSTNode, variable: QueryVariable, uses: FunctionUses
    ) -> tuple[Chain, Plan] | None:
        """How one read of the variable runs the query, or None when it cannot."""
        if not isinstance(read, cst.Name):
            return None
        top = uses.chain_tops.get(read)
        links = unwind(top)[1] if top is not None else ()
        chain = Chain(variable.session, read, links, variable.origin)
        plan = self._plan(chain, uses.contexts)
        return (chain, plan) if isinstance(plan, Plan) else None

    def _executed(
        self,
        method: str,
        chain: Chain,
        statement: Sequence[Link],
        selected: Selected,
        renames: tuple[str, ...],
        unique: bool,
    ) -> Plan:
        scalars = selected.single_entity
        if method == "count":
            form = self._count_form(chain, statement, selected)
            return Plan(renames, ("scalar_one",), count=form)
        if method == "first":
            one_row = chain.starts_with_query and self._provably_one_row(statement, selected)
            forced = self.settings.first_style == "one-or-none"
            return forms.first(scalars, unique, one_row, forced, renames)
        return forms.executed(method, scalars, unique, renames)

    def _refuse_links(self, statement: Sequence[Link], bulk: bool) -> Refusal | None:
        for link in statement:
            if link.method in REFUSED_METHODS:
                return Refusal(REFUSED_METHODS[link.method])
            if link.method not in STATEMENT_METHODS:
                return Refusal(f"`.{link.method}()` is not a Query method the tool can rewrite")
            if bulk and link.method not in CRITERIA:
                return Refusal(
                    f"a bulk delete or update after `.{link.method}()` is refused by SQLAlchemy"
                )
            if link.method in ("join", "outerjoin") and not _plain_join(link.call):
                return Refusal("a join by string or with legacy arguments has no 2.0 form")
        return None

    @staticmethod
    def _window(top: cst.BaseExpression, contexts: Contexts) -> tuple[int, int] | None:
        """`q[i]` -> (i, i + 1), `q[a:b]` -> (a, b), for non-negative literals only."""
        subscript = contexts.subscripts.get(top)
        if subscript is None or len(subscript.slice) != 1:
            return None
        part = subscript.slice[0].slice
        if isinstance(part, cst.Index):
            index = _literal(part.value)
            return (index, index + 1) if index is not None else None
        part = cst.ensure_type(part, cst.Slice)
        start, stop = _literal(part.lower), _literal(part.upper)
        if start is None or stop is None or part.step is not None or stop <= start:
            return None
        return start, stop

    def _bulk(self, chain: Chain, statement: Sequence[Link], contexts: Contexts) -> Plan | Refusal:
        consumer = chain.links[-1]
        one_root = chain.starts_with_query and len(cst.ensure_type(chain.root, cst.Call).args) == 1
        selected = self.read_selection(chain) if one_root else None
        if not isinstance(selected, Selected) or not selected.single_entity:
            return Refusal("a bulk statement needs the one entity it changes")
        if not _bulk_arguments_known(consumer):
            return Refusal(f"`.{consumer.method}()` with arguments the tool does not know")
        renames = tuple(STATEMENT_METHODS[link.method] for link in statement)
        kind: Statement = "delete" if consumer.method == "delete" else "update"
        return forms.bulk(kind, chain.top not in contexts.discarded, renames)

    @staticmethod
    def _count_form(
        chain: Chain, statement: Sequence[Link], selected: Selected
    ) -> Literal["short", "subquery"]:
        """`select(func.count()).select_from(X)` only for one entity with plain criteria."""
        simple = all(link.method in SHORT_COUNT_METHODS for link in statement)
        one_root = chain.starts_with_query and len(cst.ensure_type(chain.root, cst.Call).args) == 1
        return "short" if simple and selected.single_entity and one_root else "subquery"

    @staticmethod
    def _provably_one_row(statement: Sequence[Link], selected: Selected) -> bool:
        if selected.model is None or selected.entity is None:
            return False
        if any(link.method in JOINS | {"group_by", "having", "distinct"} for link in statement):
            return False
        criteria = [
            arg.value
            for link in statement
            if link.method in ("filter", "where")
            for arg in link.call.args
        ]
        filter_by = [link.call for link in statement if link.method == "filter_by"]
        return at_most_one_row(selected.model, code_of(selected.entity), criteria, filter_by)

    # -- names ---------------------------------------------------------------------

    def _spelled(self, node: cst.CSTNode, plan: Plan) -> Plan | Refusal:
        """Spell each SQLAlchemy name as itself, or `sa_<name>` when the name is taken."""
        spellings = []
        for name in sorted(plan.names):
            spelling = self.sql_spelling(node, name)
            if spelling is None:
                return Refusal(f"the names `{name}` and `sa_{name}` mean something else here")
            spellings.append((name, spelling))
        return Plan(**{**plan.__dict__, "spellings": tuple(spellings)})


def _literal(node: cst.BaseExpression | None) -> int | None:
    if isinstance(node, cst.Integer) and not node.lpar:
        return int(node.value, 0)
    return None


def _plain_join(call: cst.Call) -> bool:
    positional = [a for a in call.args if a.keyword is None]
    keywords = {a.keyword.value for a in call.args if a.keyword is not None}
    return (
        1 <= len(positional) <= 2
        and not any(a.star for a in call.args)
        and keywords <= JOIN_KEYWORDS
        and not any(isinstance(a.value, cst.SimpleString) for a in positional)
    )


def _bulk_arguments_known(link: Link) -> bool:
    """delete([synchronize_session]) / update(values[, synchronize_session]), no more."""
    allowed = BULK_ARGUMENTS[link.method]
    positional = [a for a in link.call.args if a.keyword is None]
    if any(a.star for a in link.call.args) or len(positional) > len(allowed):
        return False
    keywords = [a.keyword.value for a in link.call.args if a.keyword is not None]
    given = [*allowed[: len(positional)], *keywords]
    return (
        len(set(given)) == len(given)
        and set(given) <= set(allowed)
        and (link.method == "delete" or "values" in given)
    )
