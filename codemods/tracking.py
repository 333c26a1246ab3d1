"""The hook the tracking mixins (sessions, awaits, query plans) set themselves up in.

Transforms and audit rules call `setup_tracking()` once they hold their settings and
index; each mixin extends it cooperatively (`super().setup_tracking()`), so a class
gets every piece of state its mixins need without an `__init__` of its own.
"""

from __future__ import annotations

import libcst as cst


class Tracking(cst.MetadataDependent):
    def setup_tracking(self) -> None:
        """Extended by each mixin; the end of the chain does nothing."""
