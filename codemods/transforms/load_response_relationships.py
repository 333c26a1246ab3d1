"""Path operations load what their response model reads before FastAPI serialises it.

    @router.get("/{id}", response_model=CampaignDetail)      # contacts: list[ContactOut]
    async def read_campaign(id: int, db: AsyncSession = Depends(get_async_db)):
        return await crud.campaign.get(db, id)
            ->  return await load_for_response(db, CampaignDetail, await crud.campaign.get(db, id))

FastAPI reads the returned object's fields after the function returns. Sync, a relationship
among them lazy-loads then; under asyncio the same read, outside the session's greenlet,
raises MissingGreenlet. `load_for_response` (written once, beside the async session
provider) validates the value against the response model inside `db.run_sync()`: the very
reads FastAPI will make, in the same session and transaction, a moment earlier, so every
relationship and nested relationship is loaded by then. The value returned is the same
object; an invalid response is left for FastAPI to report as before.

Only path operations whose response model (`response_model=`, or the return annotation)
reads a relationship: a field named like one, or a nested schema (`schemas_index.py`),
and that have a session to load through.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.base import Transform

LOADER = "load_for_response"
# The name a gained session parameter takes: the first no name in the function uses.
SESSION_PARAMETER_NAMES = ("db", "session", "db_session")
# The loader, with the validation the project's Pydantic (2, or 1 with `orm_mode`) runs.
LOADER_CODE = '''
async def load_for_response(db: AsyncSession, response_model, value):
    """Reads what FastAPI reads to serialise `value` as `response_model` (every field,
    nested models too) through the session, before it does: under asyncio a relationship
    read after the path operation returns, outside the session's greenlet, raises
    MissingGreenlet instead of loading."""

    def read(_session):
        try:
            {validate}
        except ValidationError:
            pass  # FastAPI reports the invalid response itself, as before

    await db.run_sync(read)
    return value
'''
ADAPTER_CODE = """
@functools.cache
def _response_adapter(response_model):
    return TypeAdapter(response_model)

"""
VALIDATE_V2 = "_response_adapter(response_model).validate_python(value, from_attributes=True)"
VALIDATE_V1 = "parse_obj_as(response_model, value)"


@dataclass(frozen=True)
class Loading:
    """How a path operation loads its response: through `session`, as `model`, with the
    loader of module `home`; `gained_from` is the async provider of a session parameter
    it gains (the async plan's `gained_sessions`), None when it has its own."""

    session: str
    model: cst.BaseExpression
    home: str
    gained_from: str | None = None


class LoadResponseRelationships(Transform):
    DESCRIPTION = "path operations load the relationships their response model reads"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        loaders = index.response_loaders
        if not loaders:
            return False
        homes = set(loaders.values())
        providers = {  # the loader's home holds the async provider, or its sync twin
            name.rsplit(".", 1)[-1]
            for pair in index.session_twins.items()
            for name in pair
            if name.rsplit(".", 1)[0] in homes
        }
        return "response_model" in source or "->" in source or any(p in source for p in providers)

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        """Files of the path operations that load, and the loader's home modules."""
        loaders = index.response_loaders
        homes = {home.replace(".", "/") for home in loaders.values()}
        holders = {f.relpath for name in loaders if (f := index.function(name)) is not None}
        suffixes = tuple(end for h in homes for end in (f"{h}.py", f"{h}/__init__.py"))
        return relpath in holders or relpath.endswith(suffixes)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        # Per enclosing function: how it loads, when it does.
        self._loading: list[Loading | None] = []

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.context.full_module_name not in set(self.index.response_loaders.values()):
            return updated_node
        if any(
            isinstance(s, cst.FunctionDef) and s.name.value == LOADER for s in updated_node.body
        ):
            return updated_node
        pydantic_1 = self.index.schemas.orm_mode
        if pydantic_1:
            self.add_needed_import("pydantic", "parse_obj_as")
        else:
            self.add_needed_import("functools")
            self.add_needed_import("pydantic", "TypeAdapter")
        self.add_needed_import("pydantic", "ValidationError")
        self.add_needed_import("sqlalchemy.ext.asyncio", "AsyncSession")
        loader = LOADER_CODE.format(validate=VALIDATE_V1 if pydantic_1 else VALIDATE_V2)
        code = loader if pydantic_1 else ADAPTER_CODE + loader
        first, *rest = cst.parse_module(code, config=updated_node.config_for_parsing).body
        helper = [first.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]), *rest]
        self.rewrites += 1
        return updated_node.with_changes(body=[*updated_node.body, *helper])

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._loading.append(self._loads(node))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        loading = self._loading.pop()
        if loading is None or loading.gained_from is None:
            return updated_node
        return self._with_session_parameter(updated_node, loading.session, loading.gained_from)

    def _with_session_parameter(
        self, node: cst.FunctionDef, session: str, provider: str
    ) -> cst.FunctionDef:
        """`def f(order = Depends(get_order))` -> `... , db: AsyncSession = Depends(get_async_db))`:
        last, with its default, so it is valid after any parameter (keyword-only after `*`)."""
        home, _, name = provider.rpartition(".")
        self.add_needed_import(home, name)
        self.add_needed_import("fastapi", "Depends")
        self.add_needed_import("sqlalchemy.ext.asyncio", "AsyncSession")
        parameter = cst.Param(
            cst.Name(session),
            cst.Annotation(cst.Name("AsyncSession")),
            default=cst.Call(cst.Name("Depends"), [cst.Arg(cst.Name(name))]),
        )
        params = node.params
        if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.kwonly_params:
            params = params.with_changes(kwonly_params=[*params.kwonly_params, parameter])
        else:
            params = params.with_changes(params=[*params.params, parameter])
        return node.with_changes(params=params)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._loading.append(None)

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        self._loading.pop()
        return updated_node

    def _loads(self, node: cst.FunctionDef) -> Loading | None:
        names = sorted(self.qualified_names(node.name) & self.index.response_loaders.keys())
        facts = self.index.function(names[0]) if names else None
        model = _response_model(node)
        if facts is None or model is None:
            return None
        home = self.index.response_loaders[facts.name]
        gained_from = self.index.async_plan.gained_sessions.get(facts.name)
        if gained_from is not None:
            return Loading(_free_name(node), model, home, gained_from)
        if not facts.session_parameters:
            return None
        return Loading(facts.session_parameters[0], model, home)

    def leave_Return(self, original_node: cst.Return, updated_node: cst.Return) -> cst.Return:
        loading = self._loading[-1] if self._loading else None
        value = updated_node.value
        if loading is None or value is None or _constant(value):
            return updated_node
        if loading.home != self.context.full_module_name:
            self.add_needed_import(loading.home, LOADER)
        self.rewrites += 1
        arguments = [cst.Arg(cst.Name(loading.session)), cst.Arg(loading.model), cst.Arg(value)]
        return updated_node.with_changes(value=cst.Await(cst.Call(cst.Name(LOADER), arguments)))


def _response_model(node: cst.FunctionDef) -> cst.BaseExpression | None:
    for decorator in node.decorators:
        call = decorator.decorator
        if isinstance(call, cst.Call):
            for argument in call.args:
                if argument.keyword is not None and argument.keyword.value == "response_model":
                    return argument.value
    return node.returns.annotation if node.returns is not None else None


def _free_name(node: cst.FunctionDef) -> str:
    """A name for the session parameter that no name in `node` already uses."""
    taken = {cst.ensure_type(name, cst.Name).value for name in m.findall(node, m.Name())}
    candidates = [*SESSION_PARAMETER_NAMES, *(f"db{n}" for n in range(2, len(taken) + 3))]
    return next(name for name in candidates if name not in taken)


def _constant(value: cst.BaseExpression) -> bool:
    return (isinstance(value, cst.Name) and value.value in ("None", "True", "False")) or isinstance(
        value, cst.BaseNumber | cst.BaseString
    )
