"""Decide how a legacy query chain becomes 2.0 code, or why it must be left alone.

A mixin shared by the transform that rewrites chains and the audit rule that reports
the rest, so both always agree on what is fixable. On the way down it notes where each
chain's value goes (iterated, indexed, discarded), then plans the chain at its top:

- executed in place (`all`, `first`, `one`, `one_or_none`, `scalar`, `count`);
- iterated (`for x in q`, comprehensions, `list(q)`) or indexed with literals (`q[0]`);
- a bulk `delete()` / `update(values)` (only criteria before it, as legacy requires),
  also on a variable: `delete(X).where(q.whereclause)`;
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
    ProviderT,
    Scope,
    ScopeProvider,
)

from codemods.index import ProjectIndex
from codemods.queries import forms
from codemods.queries.chain import Chain, Link, Origin, method_call, parse_chain, unwind
from codemods.queries.contexts import Contexts
from codemods.queries.forms import Plan, Refusal, Statement
from codemods.queries.methods import (
    BULK,
    BULK_ARGUMENTS,
    BULK_REFUSED,
    CRITERIA,
    EXECUTING,
    JOIN_KEYWORDS,
    NOT_EXECUTED,
    PASSED_ON,
    REFUSED_METHODS,
    RESHAPING,
    SHORT_COUNT_METHODS,
    SQL_CONSTRUCTS,
    STATEMENT_METHODS,
)
from codemods.queries.selection import (
    JOINS,
    Selected,
    SelectionReader,
    reshaped,
    selected_arguments,
)
from codemods.queries.uniqueness import at_most_one_row, code_of
from codemods.queries.variables import (
    Binding,
    FunctionUses,
    QueryVariable,
    adds_criteria,
    collect_uses,
)
from codemods.session_api import QUERY_ONLY_LIBRARIES, SESSION_PAGINATORS
from codemods.spelling import SqlNameSpeller


class QueryPlanner(SelectionReader, SqlNameSpeller):
    """Mixin: plans every legacy query chain top (its outermost call) on the way down.

    It owns `visit_Call`, `visit_For`, `visit_CompFor`, `visit_Subscript`, `visit_Expr`,
    `visit_Return`, `visit_Assign`, `visit_AnnAssign` and extends `visit_FunctionDef_body`;
    a subclass that needs one of them must call `super()`.
    """

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (ScopeProvider,)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self.disproved: set[str] = set()  # builders a use here needs kept as they are
        # Chain top (a call, or a bare variable read) -> its chain and plan.
        self.plans: dict[cst.CSTNode, tuple[Chain, Plan | Refusal]] = {}
        # A query root (`db.query(...)` call) -> the plan of the chain it starts.
        self.root_plans: dict[cst.Call, Plan | Refusal] = {}
        self._inside_chain: set[cst.CSTNode] = set()
        self.contexts = Contexts()
        # A call to a receiver that gains a session -> where to pass which session.
        self.sessions_for_calls: dict[cst.Call, tuple[int, cst.Name | cst.Attribute]] = {}
        self.receivers_planned: set[str] = set()  # receivers whose every read is planned
        # Calls to receivers met and not checked yet: (call, receiver, the query argument).
        self._receiver_calls: list[tuple[cst.Call, str, cst.Arg | None]] = []
        # Call -> (receiver, its query argument), or None: resolved once per call.
        self._handed_arguments: dict[cst.Call, tuple[str, cst.Arg | None] | None] = {}

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
        if self.index.query_receivers and (handed := self.handed_argument(node)) is not None:
            self._receiver_calls.append((node, *handed))
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

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._check_handed_queries()
        super().leave_FunctionDef_body(node)

    def _check_handed_queries(self) -> None:
        """A receiver is withdrawn for the run when a call hands it anything this file
        could not turn into a `select()` (its arguments are planned by now)."""
        for _, receiver, argument in self._receiver_calls:
            if not self.handed_query_planned(argument):
                self.disproved.add(receiver)
        self._receiver_calls.clear()

    def handed_query_planned(self, argument: cst.Arg | None) -> bool:
        """Whether what a call hands a receiver becomes a `select()` here."""
        planned = self.plans.get(argument.value) if argument is not None else None
        return planned is not None and isinstance(planned[1], Plan)

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef_body(node)  # the parameters are known sessions from here
        scope = self.get_metadata(ScopeProvider, node.body, None)
        if not isinstance(scope, Scope):
            return
        uses = collect_uses(node.body)
        self._plan_query_variables(scope, uses)
        self._plan_query_parameter(scope, uses)

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
            if refusal is not None:
                self.disproved.add(self.functions[-1])  # its callers expect a `select()`
                return refusal
            renames = tuple(STATEMENT_METHODS[link.method] for link in chain.links)
            return Plan(renames, (), executed=False)
        consumer = chain.links[-1].method if chain.links else ""
        consumed = consumer in EXECUTING | BULK | SQL_CONSTRUCTS.keys()
        statement = chain.links[:-1] if consumed else chain.links
        refusal = self._refuse_links(statement, bulk=consumer in BULK and consumed)
        if refusal is not None:
            return refusal
        if consumer in BULK:
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
        repeats = (origin is not None and origin.repeats) or self.may_repeat_entities(
            applied, selected
        )
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
        handed = self._handed(chain, contexts, selected, unique)
        if handed is not None:
            return handed if isinstance(handed, Refusal) else Plan(renames, (), executed=False)
        if self._paginated(chain, contexts):
            return Plan(renames, (), executed=False)
        if chain.top in contexts.arguments:
            return Refusal(self._passed_on(contexts.arguments[chain.top][0]))
        return Refusal(NOT_EXECUTED)

    def _paginated(self, chain: Chain, contexts: Contexts) -> bool:
        """`paginate(db.query(X))` of fastapi-pagination -> `paginate(db, select(X))`: the
        statement form runs the same count and page, on the session it is given."""
        slot = contexts.arguments.get(chain.top)
        if slot is None or not chain.starts_with_query:
            return False
        call, argument = slot
        if argument.keyword is not None or not call.args or call.args[0] is not argument:
            return False
        if not self.qualified_names(call.func) & SESSION_PAGINATORS:
            return False
        self.sessions_for_calls[call] = (0, chain.session)
        return True

    def _passed_on(self, call: cst.Call) -> str:
        callee = code_of(call.func)
        for qualified in self.qualified_names(call.func):
            library = QUERY_ONLY_LIBRARIES.get(qualified.split(".", 1)[0])
            if library is not None:
                return f"passed to `{callee}()` of {library}, which only takes a legacy Query"
        return f"passed to `{callee}()`, {PASSED_ON}"

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
        """`return db.query(...)`, or `return q` of a query variable, in a function the
        index calls a query builder."""
        return (
            (chain.origin is None or chain.origin.kind == "variable")
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
        return self._called_in(call, self.index.query_builders)

    def _called_in(self, call: cst.Call, functions: Collection[str]) -> str | None:
        """The one of `functions` that `call` calls, through imports, instances or `self`."""
        func, symbols = call.func, self.index.symbols
        short = func.attr.value if isinstance(func, cst.Attribute) else code_of(func)
        if not any(name.rsplit(".", 1)[-1] == short for name in functions):
            return None  # most calls: no qualified names needed
        if isinstance(func, cst.Attribute) and code_of(func.value) in ("self", "cls"):
            if not self.classes:
                return None
            owners = self.qualified_names(self.classes[-1].name)
            found = {symbols.method(owner, func.attr.value) for owner in owners}
        else:
            found = {symbols.function(name) for name in self.qualified_names(func)}
        matches = sorted(name for name in found if name and name in functions)
        return matches[0] if matches else None

    def _bound(self, call: cst.Call) -> bool:
        """`self.m(...)`, `crud.user.m(...)`: `self` is not among the arguments."""
        func = call.func
        return isinstance(func, cst.Attribute) and (
            code_of(func.value) in ("self", "cls")
            or any(
                self.index.symbols.is_instance(name) for name in self.qualified_names(func.value)
            )
        )

    @staticmethod
    def _argument(call: cst.Call, position: int, keyword: str) -> cst.Arg | None:
        """The argument `call` passes for a parameter, by position or by keyword."""
        named = [a for a in call.args if a.keyword is not None and a.keyword.value == keyword]
        if named:
            return named[0]
        if any(a.star for a in call.args):
            return None
        positional = [a for a in call.args if a.keyword is None]
        return positional[position] if 0 <= position < len(positional) else None

    def _session_given(self, call: cst.Call, builder: str) -> cst.Name | cst.Attribute | None:
        """The caller's session passed for the builder's session parameter, if it is one."""
        facts = self.index.query_builders[builder]
        position = facts.position - (1 if self._bound(call) else 0)
        argument = self._argument(call, position, facts.session)
        value = argument.value if argument is not None else None
        if not isinstance(value, cst.Name | cst.Attribute):
            return None
        return value if self.session_kind(value) is not None else None

    # -- queries handed to receivers ---------------------------------------------------

    def handed_argument(self, call: cst.Call) -> tuple[str, cst.Arg | None] | None:
        """(receiver, the argument for its query parameter) when `call` calls a receiver."""
        if call not in self._handed_arguments:
            self._handed_arguments[call] = self._resolve_handed(call)
        return self._handed_arguments[call]

    def _resolve_handed(self, call: cst.Call) -> tuple[str, cst.Arg | None] | None:
        name = self._called_in(call, self.index.query_receivers)
        if name is None:
            return None
        receiver = self.index.query_receivers[name]
        position = receiver.position - (1 if self._bound(call) else 0)
        return name, self._argument(call, position, receiver.parameter)

    def _handed(
        self, chain: Chain, contexts: Contexts, selected: Selected, unique: bool
    ) -> Refusal | Literal[True] | None:
        """A query handed to a receiver, which will run the statement on its session."""
        slot = contexts.arguments.get(chain.top)
        handed = self.handed_argument(slot[0]) if slot is not None else None
        if slot is None or handed is None or handed[1] is not slot[1]:
            return None
        call, (name, _) = slot[0], handed
        receiver = self.index.query_receivers[name]
        short = name.rsplit(".", 1)[-1]
        same_kind = (selected.single_entity, selected.has_entity) == (
            receiver.shapes == ("entity",),
            "entity" in receiver.shapes,
        )
        if not same_kind or (unique and not receiver.repeats):
            self.disproved.add(name)
            return Refusal(f"handed to `{short}()`, whose callers hand it queries of other shapes")
        position = receiver.session_position - (1 if self._bound(call) else 0)
        if receiver.gains_session:
            self.sessions_for_calls[call] = (position, chain.session)
            return True
        given = self._argument(call, position, receiver.session)
        if given is None or code_of(given.value) != code_of(chain.session):
            self.disproved.add(name)
            return Refusal(f"handed to `{short}()` with a session other than its own")
        return True

    def _plan_query_parameter(self, scope: Scope, uses: FunctionUses) -> None:
        """In a receiver: every read of the query parameter runs it on the session."""
        name = self.functions[-1] if self.functions else ""
        receiver = self.index.query_receivers.get(name)
        if receiver is None or len(scope.assignments[receiver.parameter]) != 1:
            return
        (parameter,) = scope.assignments[receiver.parameter]
        origin = Origin("parameter", shapes=receiver.shapes, repeats=receiver.repeats)
        session = cst.Name(receiver.session)
        planned = []
        for access in parameter.references:
            read = access.node
            top = uses.chain_tops.get(read) if isinstance(read, cst.Name) else None
            if top is None:
                self.disproved.add(name)
                return
            chain = Chain(session, cst.ensure_type(read, cst.Name), unwind(top)[1], origin)
            plan = self._plan(chain, uses.contexts)
            if isinstance(plan, Refusal):
                self.disproved.add(name)
                return
            planned.append((chain, plan))
        for chain, plan in planned:
            self._record(chain, plan)
        self.receivers_planned.add(name)

    # -- queries held in variables -----------------------------------------------------

    def _plan_query_variables(self, scope: Scope, uses: FunctionUses) -> None:
        for name in sorted({assignment.name for assignment in scope.assignments}):
            self._plan_query_variable(name, list(scope.assignments[name]), uses)

    def _plan_query_variable(
        self, name: str, assignments: list[BaseAssignment], uses: FunctionUses
    ) -> None:
        bindings = [self._binding(a, uses, name) for a in assignments]
        roots = [b for b in bindings if b is not None and b.session is not None]
        if (
            not roots
            or None in bindings
            or len({code_of(r.session) for r in roots if r.session}) != 1
        ):
            return
        if len({(r.builder, tuple(code_of(a.value) for a in r.selected)) for r in roots}) != 1:
            return  # the shape of what it selects must not depend on the branch taken
        known = [b for b in bindings if b is not None]
        if any(link.method in RESHAPING for b in known if b.session is None for link in b.links):
            return  # `q = q.with_entities(...)` on one branch: rows or scalars, unknown here
        session = roots[0].session
        assert session is not None
        variable = QueryVariable(
            name,
            session,
            roots[0].selected,
            tuple(link for b in known for link in b.links),
            roots[0].built,
            filtered=all(adds_criteria(r.links) for r in roots),
        )
        reads = {access.node for a in assignments for access in a.references}
        refinements = {b.value for b in known if b.session is None}
        reads = {
            r
            for r in reads
            if not (isinstance(r, cst.Name) and uses.chain_tops.get(r) in refinements)
        }
        planned = [self._plan_read(read, variable, uses) for read in reads]
        if not all(isinstance(p, tuple) for p in planned):
            self._left_whole(known, planned)
            return
        for binding in known:
            self._record(*self._binding_plan(binding, variable))
        for entry in planned:
            if isinstance(entry, tuple):
                self._record(*entry)

    def _left_whole(
        self, bindings: Sequence[Binding], planned: Sequence[tuple[Chain, Plan] | Refusal | None]
    ) -> None:
        """A variable left as it is says why on the `query()` calls it was bound to, when
        every read that stopped it gives the same reason (`q.order_by(...)` then
        `q.delete()`); else they stay refused as queries not executed where built."""
        reasons = {p.reason for p in planned if isinstance(p, Refusal)}
        if None in planned or len(reasons) != 1:
            return
        refusal = Refusal(reasons.pop())
        for binding in bindings:
            if binding.chain is not None and binding.chain.starts_with_query:
                self._record(binding.chain, refusal)

    def _binding(self, assignment: BaseAssignment, uses: FunctionUses, name: str) -> Binding | None:
        """`q = db.query(...)...`, `q = builder(db)...` or `q = q.<refinements>`, nothing
        executed, all rewritable."""
        target = assignment.node if isinstance(assignment, Assignment) else None
        statement = uses.assigned.get(target) if isinstance(target, cst.Name) else None
        if statement is None:
            return None
        value = statement.value
        receiver, links = unwind(value)
        chain = parse_chain(value) if isinstance(value, cst.Call) else None
        built = self._builder_chain(value) if isinstance(value, cst.Call) and not chain else None
        builder = ""
        if chain is not None and self.session_kind(chain.session) is not None:
            links = chain.links
            root = cst.ensure_type(chain.root, cst.Call)
            selected: tuple[cst.Arg, ...] = tuple(reshaped(root.args, links))
            session: cst.Name | cst.Attribute | None = chain.session
        elif built is not None:
            chain, builder = built
            links, selected, session = chain.links, (), chain.session
        elif isinstance(receiver, cst.Name) and receiver.value == name and links:
            selected, session = (), None
        else:
            return None
        if any(link.method not in STATEMENT_METHODS for link in links) or self._refuse_links(
            links, False
        ):
            return None
        root_chain = chain if session is not None else None
        return Binding(value, session, selected, links, builder, root_chain)

    def _binding_plan(self, binding: Binding, variable: QueryVariable) -> tuple[Chain, Plan]:
        if binding.chain is not None:
            chain = binding.chain
        else:
            root, links = unwind(binding.value)
            chain = Chain(variable.session, cst.ensure_type(root, cst.Name), links, variable.origin)
        renames = tuple(STATEMENT_METHODS[link.method] for link in chain.links)
        return chain, Plan(renames, (), executed=False)

    def _plan_read(
        self, read: cst.CSTNode, variable: QueryVariable, uses: FunctionUses
    ) -> tuple[Chain, Plan] | Refusal | None:
        """How one read of the variable runs the query, or why it cannot (None: it is
        not a plain read of the name)."""
        if not isinstance(read, cst.Name):
            return None
        top = uses.chain_tops.get(read)
        links = unwind(top)[1] if top is not None else ()
        chain = Chain(variable.session, read, links, variable.origin)
        plan = self._plan(chain, uses.contexts)
        return (chain, plan) if isinstance(plan, Plan) else plan

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
            if bulk and link.method in BULK_REFUSED:
                return Refusal(
                    f"a bulk delete or update after `.{link.method}()` is refused by SQLAlchemy"
                )
            if bulk and link.method not in CRITERIA:
                return Refusal(
                    f"a bulk delete or update after `.{link.method}()`: only criteria are"
                    " rewritten before one"
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
        refusal = self._held_bulk_refusal(chain)
        if refusal is not None:
            return refusal
        one_column = len(selected_arguments(chain)) == 1
        selected = self.read_selection(chain) if one_column else None
        if not isinstance(selected, Selected) or not selected.single_entity:
            return Refusal("a bulk statement needs the one entity it changes")
        if not _bulk_arguments_known(consumer):
            return Refusal(f"`.{consumer.method}()` with arguments the tool does not know")
        renames = tuple(STATEMENT_METHODS[link.method] for link in statement)
        kind: Statement = "delete" if consumer.method == "delete" else "update"
        held = chain.origin is not None and bool(chain.origin.links)
        return forms.bulk(kind, chain.top not in contexts.discarded, renames, held)

    def _held_bulk_refusal(self, chain: Chain) -> Refusal | None:
        """A bulk statement on a variable holding `select(X)...` is `delete(X)` with the
        criteria it gathered, `.where(q.whereclause)`: all legacy took from the query. So
        every method applied to it must be a criterion, and one surely applied (a
        `whereclause` of None would be `WHERE NULL`)."""
        origin = chain.origin
        if origin is None:
            return None
        if origin.kind != "variable":
            return Refusal("a bulk statement on a query built elsewhere is not rewritten yet")
        refusal = self._refuse_links(origin.links, bulk=True)
        if refusal is not None:
            return refusal
        if origin.links and not origin.filtered:
            return Refusal(
                "a bulk delete or update on a variable that has criteria on some paths only"
                " (its `whereclause` may be None): not rewritten"
            )
        return None

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


def mentions_flowing_queries(source: str, index: ProjectIndex) -> bool:
    """Whether `source` may call a query builder or receiver: those calls return or run a
    `select()` now, even in a file that never calls `.query()` itself."""
    names = [*index.query_builders, *index.query_receivers]
    return any(f"{name.rsplit('.', 1)[-1]}(" in source for name in names)


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
