"""`under`: "this node and everything below it" on a materialised path ("/12/40/"), as one indexed prefix match.

On PostgreSQL the prefix is written into the SQL as a literal instead of being sent as a parameter. A prepared
statement whose prefix is a parameter may be given a *generic* plan, made without the value, that cannot bound
the index scan by the prefix (25 ms instead of 3 ms for the inbox at a million cases; docs/decisions/0012 and
0015). With the prefix in the statement, every plan is made for it, and the rest of the application can let
PostgreSQL keep its generic plans for statements whose plan does not depend on the values.

A path is digits between slashes, made by the application (organisations.models.OrgNode.path), never typed by
anyone; anything else is refused rather than quoted. SQLite has no plan cache: there it is `startswith`.
"""

import re
from typing import Any

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith

PATH = re.compile(r"(?:/\d+)+/")


@CharField.register_lookup
class Under(Lookup[str]):
    lookup_name = "under"

    def __init__(self, lhs: Any, rhs: Any) -> None:
        super().__init__(lhs, rhs)
        if not isinstance(self.rhs, str) or not PATH.fullmatch(self.rhs):
            raise ValueError(f"not a materialised path: {self.rhs!r}")

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs_sql, params = self.process_lhs(compiler, connection)
        lhs_sql = (
            connection.ops.lookup_cast("startswith", self.lhs.output_field.get_internal_type()) % lhs_sql
        )
        # The literal is digits and slashes only; "%%" is the LIKE wildcard once the driver has read the SQL.
        return f"{lhs_sql} LIKE '{self.rhs}%%'", tuple(params)
