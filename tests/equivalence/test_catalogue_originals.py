"""The original CRUD catalogue behaves as promised, and the same on SQLite and PostgreSQL.

Every `crud_catalogue.CASES` entry runs with `run_sync` on a SQLite file and is checked
against `EXPECTED` (its result in a compact form, or the exception it raises) and
`TABLE_CHANGES` (how its rows differ from the seed; none for reads): the traps the
rewrite must preserve are pinned down here, not only agreed on. When
SQLA_ASYNC_TEST_PG_DSN is set, every entry also runs on a fresh PostgreSQL database and
its Outcome (result, error, tables) must equal the SQLite one, so the promises hold there
too and the catalogue is a sound baseline for the migrated twin on both databases.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import LegacyAPIWarning
from sqlalchemy.orm import Query

from tests.equivalence.harness import Outcome, run_sync
from tests.equivalence.originals import crud_catalogue
from tests.equivalence.originals.crud_catalogue import CASES

Case = tuple[str, tuple[Any, ...]]
Tables = dict[str, list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Raises:
    """The case raises this exception type (the harness records its name)."""

    error: str


def row(*values: Any) -> tuple[str, tuple[Any, ...]]:
    """A Row as `normalize` renders it (after `summarize` of its values)."""
    return ("Row", values)


def summarize(value: Any) -> Any:
    """A normalized result with each ORM object reduced to `"Class#identity"`."""
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict):
        return f"{value[0]}#{','.join(map(str, value[1]))}"
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "Row":
        return row(*(summarize(item) for item in value[1]))
    if isinstance(value, list):
        return [summarize(item) for item in value]
    if isinstance(value, dict):
        return {key: summarize(item) for key, item in value.items()}
    return value


LONDON = ["ada@example.com", "cyd@example.com", "eve@example.com"]
ALL_USERS = [f"User#{user_id}" for user_id in range(1, 8)]

EXPECTED: dict[Case, Any] = {
    # 1. first(): unique filters give the row; non-unique ones the lowest id (order_by)
    ("first_user_by_id", (1,)): "User#1",
    ("first_user_by_id", (99,)): None,
    ("first_user_by_email", ("bob@example.com",)): "User#2",
    ("first_user_by_email", ("nobody@example.com",)): None,
    ("first_product_by_sku", ("z300",)): "Product#3",
    ("first_product_by_reversed_pk", ()): "Product#3",
    ("first_membership_by_full_key", (1, 2)): "Membership#1,2",
    ("first_membership_by_full_key", (2, 1)): None,
    ("first_stock_level_by_full_key", ("south", 1)): "StockLevel#south,1",
    ("first_membership_of_org", (2,)): "Membership#2,2",
    ("first_user_in_city_non_unique", ("London",)): "User#1",
    ("first_user_in_city_non_unique", ("Paris",)): "User#2",
    ("first_user_in_city_non_unique", ("Rome",)): None,
    ("latest_post_of_author", (5,)): "Post#8",
    ("first_user_in_berlin_single_match", ()): "User#7",
    # 2. filters; filter_by after join() filters the joined entity
    ("active_users_in_city", ("London",)): ["User#1", "User#5"],
    ("post_of_author_titled_chained", (5, "again")): "Post#8",
    ("post_of_author_titled_chained", (3, "again")): None,
    ("users_in_city_filter_by", ("Paris",)): ["User#2", "User#4"],
    ("authors_of_title_filter_by_after_join", ("again",)): ["User#1", "User#2", "User#5"],
    ("authors_of_title_filter_by_after_join", ("hello",)): ["User#1", "User#4"],
    ("team_names_of_member_filter_by_after_join", ("ada@example.com",)): [
        row("core"),
        row("infra"),
    ],
    ("products_cheaper_than_where", (900,)): ["Product#1", "Product#3", "Product#4"],
    ("users_not_in_london", ()): ["User#2", "User#4", "User#7"],
    ("users_without_city", ()): ["User#6"],
    # 3. all / one / one_or_none; single columns come back as Row 1-tuples
    ("all_users_ordered", ()): ALL_USERS,
    ("one_user_by_email", ("eve@example.com",)): "User#5",
    ("one_user_by_email", ("nobody@example.com",)): Raises("NoResultFound"),
    ("one_user_in_city", ("Berlin",)): "User#7",
    ("one_user_in_city", ("London",)): Raises("MultipleResultsFound"),
    ("one_or_none_user_in_city", ("Berlin",)): "User#7",
    ("one_or_none_user_in_city", ("Rome",)): None,
    ("one_or_none_user_in_city", ("Paris",)): Raises("MultipleResultsFound"),
    ("all_emails_in_city", ("London",)): [row(email) for email in LONDON],
    ("one_email_of_user", (2,)): row("bob@example.com"),
    ("one_or_none_role", (1, 1)): row("owner"),
    ("one_or_none_role", (3, 1)): None,
    ("all_author_post_pairs_in_city", ("London",)): [
        row("User#1", "Post#1"),
        row("User#1", "Post#2"),
        row("User#5", "Post#6"),
        row("User#5", "Post#7"),
        row("User#5", "Post#8"),
    ],
    ("one_author_post_pair", (4,)): row("User#2", "Post#4"),
    ("all_active_user_columns", ()): [
        row(1, "ada@example.com", "London"),
        row(2, "bob@example.com", "Paris"),
        row(4, "dee@example.com", "Paris"),
        row(5, "eve@example.com", "London"),
        row(6, "fay@example.com", None),
    ],
    ("one_or_none_stock_columns", ("north", 3)): row("north", 5),
    ("one_or_none_stock_columns", ("north", 4)): None,
    # 4. column first(): a Row
    ("email_row_of_user", (1,)): row("ada@example.com"),
    ("email_row_of_user", (99,)): None,
    ("name_and_price_of_sku", ("g200",)): row("gadget", 1200),
    ("first_email_in_city_non_unique", ("London",)): row("ada@example.com"),
    # 5. scalar(): a plain value, None, or MultipleResultsFound
    ("scalar_email_of_user", (2,)): "bob@example.com",
    ("scalar_email_of_user", (99,)): None,
    ("scalar_email_several_rows", ("London",)): Raises("MultipleResultsFound"),
    ("count_active_users_scalar", ()): 5,
    ("sum_prices_in_category", ("tools",)): 1450,
    ("sum_prices_in_category", ("garden",)): None,
    ("max_post_id_of_author", (5,)): 8,
    ("max_post_id_of_author", (6,)): None,
    ("scalar_user_by_email", ("dee@example.com",)): "User#4",
    # 6. count(): joined rows, NULL as a distinct value, groups, the page only
    ("count_users", ()): 7,
    ("count_users_in_city", ("London",)): 3,
    ("count_users_joined_to_posts", ()): 8,
    ("count_distinct_users_with_posts", ()): 4,
    ("count_distinct_cities", ()): 4,
    ("count_cities_with_func_distinct", ()): 3,
    ("count_author_groups", ()): 4,
    ("count_page_of_users", (3, 5)): 2,
    ("count_page_of_users", (3, 0)): 3,
    ("count_titles_column_query", (3,)): 8,
    # 7. bulk update / delete: rowcounts and synchronize_session semantics
    ("deactivate_city_bulk", ("London",)): 3,
    ("rename_city_bulk_result_unused", ("Paris", "Lyon")): ["bob@example.com", "dee@example.com"],
    ("stale_city_after_update_without_sync", ()): ["London", "Leeds"],
    ("city_after_update_with_fetch", ()): ["Leeds", "Leeds"],
    ("city_after_update_default_sync", ()): ["Lyon", 2],
    ("raise_prices_in_category", ("tools", 100)): [2, 350, 350],
    ("delete_posts_of_author_bulk", (5,)): 3,
    ("delete_posts_of_author_bulk", (6,)): 0,
    ("delete_memberships_result_unused", (2,)): 3,
    ("loaded_post_after_delete_without_sync", ()): [True, "notes"],
    ("loaded_post_after_delete_with_fetch", ()): [False, 3],
    # a held query, refined, then run as a bulk statement from the variable
    ("delete_held_posts_refined", (5,)): 3,
    ("delete_held_posts_refined", (5, "again")): 1,
    ("delete_held_posts_refined", (5, "nothing")): 0,
    ("delete_held_posts_refined", (6,)): 0,
    ("deactivate_held_users_refined", ("London", True)): [2, 0],
    ("deactivate_held_users_refined", ("London", False)): [3, 0],
    ("deactivate_held_users_refined", ("Paris", True)): [2, 1],
    ("rename_held_city_after_counting", ("London", "Leeds")): [3, 2, "Leeds"],
    ("rename_held_city_after_counting", ("Berlin", "Bonn")): [1, 0, "London"],
    ("delete_every_held_membership", ()): [5, 5],
    ("delete_held_posts_in_order", (5,)): Raises("InvalidRequestError"),
    # 8. exists()
    ("email_taken", ("cyd@example.com",)): True,
    ("email_taken", ("nobody@example.com",)): False,
    ("any_inactive_user_in_city", ("London",)): True,
    ("any_inactive_user_in_city", ("Paris",)): False,
    ("users_having_posts_via_exists", ()): ["User#1", "User#2", "User#4", "User#5"],
    # 9. eager loading: one parent per parent, with its whole collection
    ("teams_with_members_joinedload", ()): [
        ["core", ["ada@example.com", "bob@example.com"]],
        ["ops", ["bob@example.com", "cyd@example.com"]],
        ["infra", ["ada@example.com", "dee@example.com", "eve@example.com"]],
        ["empty", []],
    ],
    ("team_with_members_joinedload_first", ("infra",)): [
        "Team#3",
        ["ada@example.com", "dee@example.com", "eve@example.com"],
    ],
    ("team_with_members_joinedload_first", ("nobody",)): None,
    ("user_with_posts_joinedload_one", (5,)): ["User#5", ["notes", "draft", "again"]],
    ("users_with_posts_selectinload", ("London",)): [
        ["ada@example.com", ["hello", "again"]],
        ["cyd@example.com", []],
        ["eve@example.com", ["notes", "draft", "again"]],
    ],
    ("products_with_stock_joinedload", ()): [
        ["w100", [["north", 7], ["south", 3]]],
        ["g200", []],
        ["z300", [["north", 5]]],
        ["d400", [["south", 0]]],
    ],
    # 10. entity queries over joins are de-duplicated; column queries are not
    ("all_users_joined_to_posts", ()): ["User#1", "User#2", "User#4", "User#5"],
    ("first_user_joined_to_posts_titled", ("again",)): "User#1",
    ("one_user_joined_to_posts", (5,)): "User#5",
    ("one_user_joined_to_posts", (3,)): Raises("NoResultFound"),
    ("scalar_user_joined_to_posts", (1,)): "User#1",
    ("active_users_outerjoined_to_posts", ()): ["User#1", "User#2", "User#4", "User#5", "User#6"],
    ("teams_outerjoined_to_members", ()): ["Team#1", "Team#2", "Team#3", "Team#4"],
    ("users_in_either_team_by_contains", ("core", "infra")): [
        "User#1",
        "User#2",
        "User#4",
        "User#5",
    ],
    ("users_in_either_team_by_contains", ("ops", "empty")): ["User#2", "User#3"],
    ("authors_by_criteria_on_posts", ()): ["User#1", "User#2", "User#4", "User#5"],
    ("emails_joined_to_posts_columns", ()): [
        row(f"{name}@example.com")
        for name in ["ada", "ada", "bob", "bob", "dee", "eve", "eve", "eve"]
    ],
    ("team_member_email_pairs", ()): [
        row("core", "ada@example.com"),
        row("core", "bob@example.com"),
        row("ops", "bob@example.com"),
        row("ops", "cyd@example.com"),
        row("infra", "ada@example.com"),
        row("infra", "dee@example.com"),
        row("infra", "eve@example.com"),
    ],
    # 11. with_entities, paging, distinct, group_by/having
    ("id_email_pairs_with_entities", ("London",)): [
        row(1, "ada@example.com"),
        row(3, "cyd@example.com"),
        row(5, "eve@example.com"),
    ],
    ("page_of_posts", (3, 2)): ["Post#3", "Post#4", "Post#5"],
    ("page_of_posts", (5, 6)): ["Post#7", "Post#8"],
    ("distinct_post_titles", ()): [
        row(title) for title in ["again", "bonjour", "draft", "hello", "notes"]
    ],
    ("prolific_authors_group_by_having", (2,)): [row(1, 2), row(2, 2), row(5, 3)],
    ("post_counts_per_city", ()): [row("London", 5), row("Paris", 3)],
    # 12. subquery / cte / in_
    ("users_with_more_than_one_post_subquery", ()): ["User#1", "User#2", "User#5"],
    ("emails_with_post_counts_subquery", ()): [
        row("ada@example.com", 2),
        row("bob@example.com", 2),
        row("dee@example.com", 1),
        row("eve@example.com", 3),
    ],
    ("users_with_posts_titled_cte", ("hello",)): ["User#1", "User#4"],
    ("users_who_wrote_title_in", ("again",)): ["User#1", "User#2", "User#5"],
    ("users_without_posts_not_in", ()): ["User#3", "User#6", "User#7"],
    ("products_stocked_in_warehouse", ("south",)): [row("w100")],
    # 13. iteration, indexing, slicing, a query as a condition
    ("emails_by_iterating_query", ("London",)): LONDON,
    ("id_email_tuples_by_unpacking", ()): [[3, "cyd@example.com"], [7, "gus@example.com"]],
    ("list_of_teams_query", ()): ["Team#1", "Team#2", "Team#3", "Team#4"],
    ("titles_by_comprehension", (5,)): ["notes", "draft", "again"],
    ("first_user_by_index", ()): "User#1",
    ("user_by_index_no_match", ()): Raises("IndexError"),
    ("second_and_third_users_slice", ()): ["User#2", "User#3"],
    ("email_status", ("ada@example.com",)): "taken",
    ("email_status", ("nobody@example.com",)): "free",
    # 14. queries built across statements
    ("search_users", ()): ALL_USERS,
    ("search_users", ("London",)): ["User#1", "User#3", "User#5"],
    ("search_users", ("London", 1)): ["User#1", "User#5"],
    ("search_users", (None, 0)): ["User#3", "User#7"],
    ("active_users_page", (1, 2)): {
        "total": 5,
        "items": [row(2, "bob@example.com"), row(4, "dee@example.com")],
    },
    ("posts_page", (2, 3)): [8, ["Post#4", "Post#5", "Post#6"]],
    ("posts_page", (3, 3)): [8, ["Post#7", "Post#8"]],
    ("active_users_in_city_from_builder", ("London",)): ["User#1", "User#5"],
    ("count_active_users_from_builder", ()): 5,
    ("post_summary_of_author", (2,)): [2, ["bonjour", "again"]],
    ("user_emails_page", (1, 2)): [row(2, "bob@example.com"), row(3, "cyd@example.com")],
    ("first_user_in_team", ("infra",)): "User#1",
    ("first_user_in_team", ("empty",)): None,
    ("first_london_user", ()): "User#5",
    ("users_in_city_page", ("London", 1, 2)): [3, ["User#1", "User#3"]],
    ("users_in_city_page", (None, 2, 3)): [7, ["User#4", "User#5", "User#6"]],
    ("london_users_counted_on_own_session", ()): 3,
    ("users_in_city_via_repository", ("Paris",)): ["User#2", "User#4"],
    ("first_author_via_repository", ("again",)): "User#1",
    ("first_author_via_repository", ("nothing",)): None,
    # 15. raw SQL
    ("count_users_raw_sql", ()): 7,
    ("emails_in_city_raw_sql", ("Paris",)): [row("bob@example.com"), row("dee@example.com")],
    ("raw_sql_update_then_query", (3, "York")): "York",
    # 16. writes
    ("add_user_and_commit", ()): "User#8",
    ("add_user_duplicate_email", ()): Raises("IntegrityError"),
    ("add_all_posts_and_count", ()): [10, ["first", "second"]],
    ("flush_then_query_sees_row", ()): ["Product#5", 3],
    ("autoflush_query_sees_pending_user", ()): 4,
    ("flush_then_rollback_discards", ()): [1, 0],
    ("delete_user_without_references", (6,)): 6,
    ("delete_user_with_posts_fails", ()): Raises("IntegrityError"),
    ("delete_team_removes_memberships", (3,)): [3, 4],
    ("merge_existing_user", ()): "User#2",
    ("merge_new_membership", ()): ["Membership#3,1", 2],
    ("refresh_after_bulk_update", ()): [250, 300],
    ("rollback_discards_changes", ()): ["Madrid", "Paris"],
    ("update_price_and_commit", ("d400", 175)): "Product#4",
    ("restock_or_create_level", ("north", 1, 5)): row(12),
    ("restock_or_create_level", ("south", 3, 2)): row(2),
    ("count_city_with_library", ("London",)): 3,
    ("rename_city_with_library_and_commit", ("Paris", "Lyon")): [2, 2],
    ("post_titles_with_library", (5,)): ["notes", "draft", "again"],
    ("post_titles_with_library", (2,)): ["bonjour", "again"],
}

ADA = (1, "ada@example.com", "London", 1)
BOB = (2, "bob@example.com", "Paris", 1)
CYD = (3, "cyd@example.com", "London", 0)
DEE = (4, "dee@example.com", "Paris", 1)
EVE = (5, "eve@example.com", "London", 1)
EVE_POSTS = [(6, 5, "notes"), (7, 5, "draft"), (8, 5, "again")]
WIDGET = (1, "w100", "widget", "tools", 250)

# table -> (seed rows gone, rows not in the seed), sorted; every other case changes nothing.
TABLE_CHANGES: dict[Case, dict[str, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]] = {
    ("deactivate_city_bulk", ("London",)): {
        "users": (
            [ADA, EVE],
            [(1, "ada@example.com", "London", 0), (5, "eve@example.com", "London", 0)],
        )
    },
    ("rename_city_bulk_result_unused", ("Paris", "Lyon")): {
        "users": (
            [BOB, DEE],
            [(2, "bob@example.com", "Lyon", 1), (4, "dee@example.com", "Lyon", 1)],
        )
    },
    ("stale_city_after_update_without_sync", ()): {
        "users": ([ADA], [(1, "ada@example.com", "Leeds", 1)])
    },
    ("city_after_update_with_fetch", ()): {
        "users": (
            [ADA, CYD, EVE],
            [
                (1, "ada@example.com", "Leeds", 1),
                (3, "cyd@example.com", "Leeds", 0),
                (5, "eve@example.com", "Leeds", 1),
            ],
        )
    },
    ("city_after_update_default_sync", ()): {
        "users": (
            [BOB, DEE],
            [(2, "bob@example.com", "Lyon", 1), (4, "dee@example.com", "Lyon", 1)],
        )
    },
    ("raise_prices_in_category", ("tools", 100)): {
        "products": (
            [WIDGET, (2, "g200", "gadget", "tools", 1200)],
            [(1, "w100", "widget", "tools", 350), (2, "g200", "gadget", "tools", 1300)],
        )
    },
    ("delete_posts_of_author_bulk", (5,)): {"posts": (EVE_POSTS, [])},
    ("delete_memberships_result_unused", (2,)): {
        "memberships": ([(2, 2, "owner"), (2, 4, "member")], [])
    },
    ("loaded_post_after_delete_without_sync", ()): {"posts": (EVE_POSTS, [])},
    ("loaded_post_after_delete_with_fetch", ()): {"posts": (EVE_POSTS, [])},
    ("delete_held_posts_refined", (5,)): {"posts": (EVE_POSTS, [])},
    ("delete_held_posts_refined", (5, "again")): {"posts": ([(8, 5, "again")], [])},
    ("deactivate_held_users_refined", ("London", True)): {
        "users": (
            [ADA, EVE],
            [(1, "ada@example.com", "London", 0), (5, "eve@example.com", "London", 0)],
        )
    },
    ("deactivate_held_users_refined", ("London", False)): {
        "users": (
            [ADA, EVE],
            [(1, "ada@example.com", "London", 0), (5, "eve@example.com", "London", 0)],
        )
    },
    ("deactivate_held_users_refined", ("Paris", True)): {
        "users": (
            [BOB, DEE],
            [(2, "bob@example.com", "Paris", 0), (4, "dee@example.com", "Paris", 0)],
        )
    },
    ("rename_held_city_after_counting", ("London", "Leeds")): {
        "users": (
            [ADA, EVE],
            [(1, "ada@example.com", "Leeds", 1), (5, "eve@example.com", "Leeds", 1)],
        )
    },
    ("delete_every_held_membership", ()): {
        "memberships": (
            [
                (1, 1, "owner"),
                (1, 2, "member"),
                (2, 2, "owner"),
                (2, 4, "member"),
                (3, 5, "owner"),
            ],
            [],
        )
    },
    ("raw_sql_update_then_query", (3, "York")): {
        "users": ([CYD], [(3, "cyd@example.com", "York", 0)])
    },
    ("add_user_and_commit", ()): {"users": ([], [(8, "hal@example.com", "Oslo", 1)])},
    ("add_all_posts_and_count", ()): {"posts": ([], [(20, 6, "first"), (21, 6, "second")])},
    ("flush_then_query_sees_row", ()): {"products": ([], [(5, "n500", "nozzle", "tools", 90)])},
    ("autoflush_query_sees_pending_user", ()): {
        "users": ([], [(9, "ivy@example.com", "London", 1)])
    },
    ("delete_user_without_references", (6,)): {"users": ([(6, "fay@example.com", None, 1)], [])},
    ("delete_team_removes_memberships", (3,)): {
        "teams": ([(3, "infra")], []),
        "team_members": ([(3, 1), (3, 4), (3, 5)], []),
    },
    ("merge_existing_user", ()): {"users": ([BOB], [(2, "bob@example.com", "Rome", 0)])},
    ("merge_new_membership", ()): {"memberships": ([], [(3, 1, "member")])},
    ("refresh_after_bulk_update", ()): {
        "products": ([WIDGET], [(1, "w100", "widget", "tools", 300)])
    },
    ("update_price_and_commit", ("d400", 175)): {
        "products": ([(4, "d400", "doohickey", None, 150)], [(4, "d400", "doohickey", None, 175)])
    },
    ("restock_or_create_level", ("north", 1, 5)): {
        "stock_levels": ([("north", 1, 7)], [("north", 1, 12)])
    },
    ("restock_or_create_level", ("south", 3, 2)): {"stock_levels": ([], [("south", 3, 2)])},
    ("rename_city_with_library_and_commit", ("Paris", "Lyon")): {
        "users": (
            [BOB, DEE],
            [(2, "bob@example.com", "Lyon", 1), (4, "dee@example.com", "Lyon", 1)],
        )
    },
}


def _case_functions() -> list[str]:
    """Catalogue functions taking the session first, minus builders returning a Query
    and helpers handed one (the cases call them through their callers)."""
    names = []
    for name, function in vars(crud_catalogue).items():
        if not inspect.isfunction(function) or function.__module__ != crud_catalogue.__name__:
            continue
        parameters = list(inspect.signature(function).parameters)
        returns_query = function.__annotations__["return"].startswith("Query")
        if parameters[:1] == ["db"] and not returns_query and "query" not in parameters:
            names.append(name)
    return names


def _run_original(url: str, case: Case) -> Outcome:
    name, args = case
    with warnings.catch_warnings():
        # The catalogue is legacy code on purpose.
        warnings.simplefilter("ignore", LegacyAPIWarning)
        return run_sync(url, getattr(crud_catalogue, name), args)


def _changes(seed: Tables, after: Tables) -> dict[str, tuple[list[Any], list[Any]]]:
    changes = {}
    for table, rows in seed.items():
        before, now = set(rows), set(after[table])
        if before != now:
            changes[table] = (sorted(before - now), sorted(now - before))
    return changes


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    path = tmp_path_factory.mktemp("catalogue") / "seed.db"
    return run_sync(f"sqlite:///{path}", lambda db: None, ()).tables


def test_catalogue_covers_every_function_with_expectations() -> None:
    functions = _case_functions()
    called = {name for name, _ in CASES}
    assert len(functions) >= 60
    assert len(CASES) >= 70
    assert len(set(CASES)) == len(CASES), "duplicate case"
    assert sorted(set(functions) - called) == []
    assert sorted(called - set(functions)) == []
    assert sorted(set(EXPECTED) ^ set(CASES)) == []
    assert sorted(set(TABLE_CHANGES) - set(CASES)) == []


def _case_id(case: Case) -> str:
    name, args = case
    return "-".join([name, *map(str, args)])


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_original_keeps_its_promise(case: Case, tmp_path: Path, seed_tables: Tables) -> None:
    outcome = _run_original(f"sqlite:///{tmp_path / 'catalogue.db'}", case)
    expected = EXPECTED[case]
    if isinstance(expected, Raises):
        assert (outcome.error, outcome.result) == (expected.error, None)
    else:
        assert outcome.error is None
        assert summarize(outcome.result) == expected
    assert _changes(seed_tables, outcome.tables) == TABLE_CHANGES.get(case, {})


# One PostgreSQL database per chunk of cases: creating a database costs ~0.3 s, a run on
# it (reset, seed, call, snapshot) under 0.1 s.
CHUNK = 10
CHUNKS = [CASES[start : start + CHUNK] for start in range(0, len(CASES), CHUNK)]


@pytest.mark.parametrize(
    "cases", CHUNKS, ids=[f"{_case_id(chunk[0])}..{_case_id(chunk[-1])}" for chunk in CHUNKS]
)
def test_postgresql_agrees_with_sqlite(cases: list[Case], tmp_path: Path, pg_database: str) -> None:
    """Same result, same exception type, same rows left in every table, case by case."""
    postgresql_url = f"postgresql+psycopg2://{pg_database.split('://', 1)[1]}"
    differences = []
    for case in cases:
        sqlite = _run_original(f"sqlite:///{tmp_path / 'catalogue.db'}", case)
        postgresql = _run_original(postgresql_url, case)
        if postgresql != sqlite:
            differences.append((_case_id(case), sqlite, postgresql))
    assert differences == []


def test_query_builder_returns_an_unexecuted_query(tmp_path: Path) -> None:
    """`active_users_query` hands its callers a Query, which they refine and run."""

    def caller(db: Any) -> Any:
        query = crud_catalogue.active_users_query(db)
        assert isinstance(query, Query)
        return query.order_by(crud_catalogue.User.id).all()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LegacyAPIWarning)
        outcome = run_sync(f"sqlite:///{tmp_path / 'builder.db'}", caller, ())
    assert outcome.error is None
    assert summarize(outcome.result) == ["User#1", "User#2", "User#4", "User#5", "User#6"]
