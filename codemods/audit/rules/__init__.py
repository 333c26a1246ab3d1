"""The audit rules, one per file, in the order their findings are produced."""

from __future__ import annotations

from codemods.audit.rules.base import Rule
from codemods.audit.rules.dynamic_relationship import DynamicRelationship
from codemods.audit.rules.expire_on_commit import ExpireOnCommit
from codemods.audit.rules.lazy_relationship_read import LazyRelationshipRead
from codemods.audit.rules.legacy_query import LegacyQuery
from codemods.audit.rules.missing_await import MissingAwait
from codemods.audit.rules.sync_helper_call import SyncHelperCall
from codemods.audit.rules.sync_path_operation import SyncPathOperation
from codemods.audit.rules.sync_session_dependency import SyncSessionDependency
from codemods.audit.rules.sync_session_factory import SyncSessionFactory

RULES: tuple[type[Rule], ...] = (
    LegacyQuery,
    SyncSessionDependency,
    SyncSessionFactory,
    MissingAwait,
    SyncPathOperation,
    SyncHelperCall,
    DynamicRelationship,
    LazyRelationshipRead,
    ExpireOnCommit,
)

__all__ = ["RULES", "Rule"]
