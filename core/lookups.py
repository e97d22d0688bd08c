"""Array lookups for SQL whose text must not depend on how many values it compares with: `= ANY(array)`.

Custom lookups in the documented way (`Lookup.as_sql` over `process_lhs` and `process_rhs`). The values are
one parameter, a list, or an expression standing for one (the compiled list pages of the marketplace API pass
a parameter filled in on each run). Used by visibility rules that take the viewer's organization ids, and by
the querysets the matching statement embeds, whose text is prepared once per session.
"""

from __future__ import annotations

from django.db.models import F, Lookup


class AnyOf(Lookup):
    """`column = ANY(array)`: one parameter however many values, so the statement's text does not depend on
    their number (`IN (%s, %s, …)` would), an empty array simply matches nothing (where `__in=[]` makes the
    ORM refuse to compile the query at all), and PostgreSQL plans it like a literal IN list."""

    lookup_name = "any"
    prepare_rhs = False  # the right-hand side is an array, not one value of the column's type

    def __init__(self, lhs, rhs):
        super().__init__(F(lhs) if isinstance(lhs, str) else lhs, rhs)

    def process_rhs(self, compiler, connection):
        if hasattr(self.rhs, "as_sql"):  # an expression holding the array
            return super().process_rhs(compiler, connection)
        return "%s", [list(self.rhs)]

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        # The cast types an empty array; a foreign key's db_type is the type of the key it points to.
        element_type = self.lhs.output_field.db_type(connection)
        return f"{lhs_sql} = ANY({rhs_sql}::{element_type}[])", [*lhs_params, *rhs_params]


class AnyOfUnindexed(AnyOf):
    """`ARRAY[column] <@ array`: AnyOf's test (for a column that is never NULL) in a form no index serves.

    For one arm of an OR whose other arm holds most of the table anyway, such as "the viewer's own listings OR
    the published ones": with both arms indexable PostgreSQL may OR a bitmap of each, which means reading every
    published row out of some index before the selective conditions (the words, the CPV subtree) narrow anything
    (measured: 15-27 ms of a 30 ms listing search on 100,000 listings). Unindexable, the arm is tested on the rows
    the selective indexes found."""

    lookup_name = "any_unindexed"

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        element_type = self.lhs.output_field.db_type(connection)
        return f"ARRAY[{lhs_sql}] <@ {rhs_sql}::{element_type}[]", [*lhs_params, *rhs_params]
