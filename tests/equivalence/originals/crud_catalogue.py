"""A catalogue of sync CRUD functions on the legacy `Query` API: the original side.

Written like application code (one query, or one small sequence, per function) so that
every behaviour of the `Query` -> `select()` rewrite is exercised once the catalogue is
migrated: `first()` on unique and non-unique filters, Row 1-tuples of column queries,
`scalar()` raising on several rows, `count()` of joined rows, entity de-duplication of
joined queries, bulk update/delete with each `synchronize_session`, nested queries,
iteration and indexing, queries built across statements, raw SQL and session writes.

Seed (tests/equivalence/models.py) in short:
users 1 ada London, 2 bob Paris, 3 cyd London (inactive), 4 dee Paris, 5 eve London,
6 fay (no city), 7 gus Berlin (inactive); posts 1-2 by ada, 3-4 by bob, 5 by dee,
6-8 by eve; teams core [ada, bob], ops [bob, cyd], infra [ada, dee, eve], empty [].
New rows are always given explicit ids: PostgreSQL's sequences do not know the seeded ids.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import distinct, func, or_, text
from sqlalchemy.orm import Query, Session, joinedload, selectinload

from tests.equivalence import sync_library
from tests.equivalence.models import Membership, Post, Product, StockLevel, Team, User

# --- 1. first(): primary key, unique columns, composite keys, non-unique filters ---------


def first_user_by_id(db: Session, user_id: int) -> User | None:
    """Primary-key equality: at most one row."""
    return db.query(User).filter(User.id == user_id).first()


def first_user_by_email(db: Session, email: str) -> User | None:
    """`email` is `Column(..., unique=True)`."""
    return db.query(User).filter(User.email == email).first()


def first_product_by_sku(db: Session, sku: str) -> Product | None:
    """`sku` is `mapped_column(..., unique=True)` on a 2.0-style model."""
    return db.query(Product).filter(Product.sku == sku).first()


def first_product_by_reversed_pk(db: Session) -> Product | None:
    """A Yoda condition: `3 == Product.id` is still a primary-key equality."""
    return db.query(Product).filter(3 == Product.id).first()  # noqa: SIM300


def first_membership_by_full_key(db: Session, org_id: int, user_id: int) -> Membership | None:
    """Every column of a composite primary key."""
    return (
        db.query(Membership)
        .filter(Membership.org_id == org_id, Membership.user_id == user_id)
        .first()
    )


def first_stock_level_by_full_key(db: Session, warehouse: str, product_id: int) -> Any:
    """A string + integer composite key, through `filter_by`."""
    return db.query(StockLevel).filter_by(warehouse=warehouse, product_id=product_id).first()


def first_membership_of_org(db: Session, org_id: int) -> Membership | None:
    """Only part of the composite key: non-unique, so the order_by picks the row."""
    return (
        db.query(Membership)
        .filter(Membership.org_id == org_id)
        .order_by(Membership.user_id)
        .first()
    )


def first_user_in_city_non_unique(db: Session, city: str) -> User | None:
    """Several users per city: the lowest id wins."""
    return db.query(User).filter(User.city == city).order_by(User.id).first()


def latest_post_of_author(db: Session, author_id: int) -> Post | None:
    """Non-unique filter, descending order: the highest post id wins."""
    return db.query(Post).filter(Post.author_id == author_id).order_by(Post.id.desc()).first()


def first_user_in_berlin_single_match(db: Session) -> User | None:
    """Non-unique column, no order_by: the seed has exactly one user in Berlin."""
    return db.query(User).filter(User.city == "Berlin").first()


# --- 2. filter(a, b), chained filters, filter_by (also after join), where -----------------


def active_users_in_city(db: Session, city: str) -> list[User]:
    return db.query(User).filter(User.city == city, User.active == 1).order_by(User.id).all()


def post_of_author_titled_chained(db: Session, author_id: int, title: str) -> Post | None:
    """Chained filters; (author, title) happens to be unique in the seed."""
    return db.query(Post).filter(Post.author_id == author_id).filter(Post.title == title).first()


def users_in_city_filter_by(db: Session, city: str) -> list[User]:
    return db.query(User).filter_by(city=city, active=1).order_by(User.id).all()


def authors_of_title_filter_by_after_join(db: Session, title: str) -> list[User]:
    """`filter_by` after `join` applies to the joined entity: `title` is Post.title."""
    return db.query(User).join(User.posts).filter_by(title=title).order_by(User.id).all()


def team_names_of_member_filter_by_after_join(db: Session, email: str) -> Any:
    """`filter_by(email=...)` applies to User, the entity joined last."""
    return db.query(Team.name).join(Team.members).filter_by(email=email).order_by(Team.id).all()


def products_cheaper_than_where(db: Session, cents: int) -> list[Product]:
    return db.query(Product).where(Product.price_cents < cents).order_by(Product.id).all()


def users_not_in_london(db: Session) -> list[User]:
    """`!=` never matches NULL: fay (no city) is not returned."""
    return db.query(User).filter(User.city != "London").order_by(User.id).all()


def users_without_city(db: Session) -> list[User]:
    return db.query(User).filter(User.city.is_(None)).all()


# --- 3. all(), one(), one_or_none(): entities, one column, several entities/columns -------


def all_users_ordered(db: Session) -> list[User]:
    return db.query(User).order_by(User.id).all()


def one_user_by_email(db: Session, email: str) -> User:
    """Raises NoResultFound for an unknown email."""
    return db.query(User).filter(User.email == email).one()


def one_user_in_city(db: Session, city: str) -> User:
    """Raises MultipleResultsFound for a city with several users."""
    return db.query(User).filter(User.city == city).one()


def one_or_none_user_in_city(db: Session, city: str) -> User | None:
    """None for no user, MultipleResultsFound for several."""
    return db.query(User).filter(User.city == city).one_or_none()


def all_emails_in_city(db: Session, city: str) -> Any:
    """A single-column query returns Row 1-tuples, not strings."""
    return db.query(User.email).filter(User.city == city).order_by(User.id).all()


def one_email_of_user(db: Session, user_id: int) -> Any:
    """A Row 1-tuple."""
    return db.query(User.email).filter(User.id == user_id).one()


def one_or_none_role(db: Session, org_id: int, user_id: int) -> Any:
    """A Row 1-tuple, or None."""
    return (
        db.query(Membership.role)
        .filter(Membership.org_id == org_id, Membership.user_id == user_id)
        .one_or_none()
    )


def all_author_post_pairs_in_city(db: Session, city: str) -> Any:
    """Two entities: one (User, Post) row per post, the user repeated."""
    return (
        db.query(User, Post)
        .join(Post, User.posts)
        .filter(User.city == city)
        .order_by(Post.id)
        .all()
    )


def one_author_post_pair(db: Session, post_id: int) -> Any:
    return db.query(User, Post).join(User.posts).filter(Post.id == post_id).one()


def all_active_user_columns(db: Session) -> Any:
    return db.query(User.id, User.email, User.city).filter(User.active == 1).order_by(User.id).all()


def one_or_none_stock_columns(db: Session, warehouse: str, product_id: int) -> Any:
    return (
        db.query(StockLevel.warehouse, StockLevel.quantity)
        .filter(StockLevel.warehouse == warehouse, StockLevel.product_id == product_id)
        .one_or_none()
    )


# --- 4. column first(): a Row --------------------------------------------------------------


def email_row_of_user(db: Session, user_id: int) -> Any:
    """`first()` of a single column is a Row 1-tuple (or None)."""
    return db.query(User.email).filter(User.id == user_id).first()


def name_and_price_of_sku(db: Session, sku: str) -> Any:
    return db.query(Product.name, Product.price_cents).filter(Product.sku == sku).first()


def first_email_in_city_non_unique(db: Session, city: str) -> Any:
    return db.query(User.email).filter(User.city == city).order_by(User.id).first()


# --- 5. scalar() ---------------------------------------------------------------------------


def scalar_email_of_user(db: Session, user_id: int) -> str | None:
    """One row: the value; no row: None."""
    return db.query(User.email).filter(User.id == user_id).scalar()


def scalar_email_several_rows(db: Session, city: str) -> str | None:
    """Several rows: MultipleResultsFound, unlike first()."""
    return db.query(User.email).filter(User.city == city).scalar()


def count_active_users_scalar(db: Session) -> int:
    return db.query(func.count(User.id)).filter(User.active == 1).scalar()


def sum_prices_in_category(db: Session, category: str) -> int | None:
    """SUM over no rows is NULL: None, not 0."""
    return db.query(func.sum(Product.price_cents)).filter(Product.category == category).scalar()


def max_post_id_of_author(db: Session, author_id: int) -> int | None:
    return db.query(func.max(Post.id)).filter(Post.author_id == author_id).scalar()


def scalar_user_by_email(db: Session, email: str) -> User | None:
    """`scalar()` of an entity query is the entity."""
    return db.query(User).filter(User.email == email).scalar()


# --- 6. count() ----------------------------------------------------------------------------


def count_users(db: Session) -> int:
    return db.query(User).count()


def count_users_in_city(db: Session, city: str) -> int:
    return db.query(User).filter(User.city == city).count()


def count_users_joined_to_posts(db: Session) -> int:
    """`count()` counts the joined rows (8 posts), not the 4 distinct users."""
    return db.query(User).join(User.posts).count()


def count_distinct_users_with_posts(db: Session) -> int:
    return db.query(User).join(User.posts).distinct().count()


def count_distinct_cities(db: Session) -> int:
    """`distinct().count()` counts NULL as one more city: 4."""
    return db.query(User.city).distinct().count()


def count_cities_with_func_distinct(db: Session) -> int:
    """COUNT(DISTINCT city) skips NULL: 3."""
    return db.query(func.count(distinct(User.city))).scalar()


def count_author_groups(db: Session) -> int:
    """`count()` of a grouped query counts the groups."""
    return db.query(Post.author_id).group_by(Post.author_id).count()


def count_page_of_users(db: Session, limit: int, offset: int) -> int:
    """`count()` respects limit/offset: it counts the rows of the page."""
    return db.query(User).order_by(User.id).limit(limit).offset(offset).count()


def count_titles_column_query(db: Session, author_id: int) -> int:
    return db.query(Post.title).filter(Post.author_id != author_id).count()


# --- 7. bulk update / delete and synchronize_session -----------------------------------------


def deactivate_city_bulk(db: Session, city: str) -> int:
    """The rowcount counts matched rows, including one already inactive."""
    updated = db.query(User).filter(User.city == city).update({User.active: 0})
    db.commit()
    return updated


def rename_city_bulk_result_unused(db: Session, old: str, new: str) -> list[str]:
    db.query(User).filter(User.city == old).update({"city": new}, synchronize_session=False)
    db.commit()
    return [user.email for user in db.query(User).filter(User.city == new).order_by(User.id)]


def stale_city_after_update_without_sync(db: Session) -> tuple[str | None, str | None]:
    """synchronize_session=False leaves the loaded object stale until commit expires it."""
    user = db.query(User).filter(User.id == 1).one()
    db.query(User).filter(User.id == 1).update({User.city: "Leeds"}, synchronize_session=False)
    stale = user.city
    db.commit()
    return stale, user.city


def city_after_update_with_fetch(db: Session) -> tuple[str | None, str | None]:
    user = db.query(User).filter(User.id == 1).one()
    db.query(User).filter(User.city == "London").update(
        {User.city: "Leeds"}, synchronize_session="fetch"
    )
    seen = user.city
    db.commit()
    return seen, user.city


def city_after_update_default_sync(db: Session) -> tuple[str | None, int]:
    """The default ("auto": evaluate in Python) updates loaded objects too."""
    user = db.query(User).filter(User.id == 2).one()
    updated = db.query(User).filter(User.city == "Paris").update({User.city: "Lyon"})
    seen = user.city
    db.commit()
    return seen, updated


def raise_prices_in_category(db: Session, category: str, delta: int) -> tuple[int, int, int]:
    """An arithmetic update expression, evaluated on the loaded product as well."""
    widget = db.query(Product).filter(Product.sku == "w100").one()
    updated = (
        db.query(Product)
        .filter(Product.category == category)
        .update({Product.price_cents: Product.price_cents + delta})
    )
    seen = widget.price_cents
    db.commit()
    return updated, seen, widget.price_cents


def delete_posts_of_author_bulk(db: Session, author_id: int) -> int:
    deleted = db.query(Post).filter(Post.author_id == author_id).delete()
    db.commit()
    return deleted


def delete_memberships_result_unused(db: Session, org_id: int) -> int:
    db.query(Membership).filter(Membership.org_id == org_id).delete(synchronize_session=False)
    db.commit()
    return db.query(Membership).count()


def loaded_post_after_delete_without_sync(db: Session) -> tuple[bool, str]:
    """synchronize_session=False: the deleted post stays in the session."""
    post = db.query(Post).filter(Post.id == 6).one()
    db.query(Post).filter(Post.author_id == 5).delete(synchronize_session=False)
    still_there = post in db
    title = post.title
    db.commit()
    return still_there, title


def loaded_post_after_delete_with_fetch(db: Session) -> tuple[bool, int]:
    """synchronize_session="fetch": the deleted post leaves the session."""
    post = db.query(Post).filter(Post.id == 6).one()
    deleted = db.query(Post).filter(Post.author_id == 5).delete(synchronize_session="fetch")
    still_there = post in db
    db.commit()
    return still_there, deleted


def delete_held_posts_refined(db: Session, author_id: int, title: str | None = None) -> int:
    """A held query refined on one path, then bulk-deleted from the variable."""
    query = db.query(Post).filter(Post.author_id == author_id)
    if title is not None:
        query = query.filter(Post.title == title)
    deleted = query.delete(synchronize_session=False)
    db.commit()
    return deleted


def deactivate_held_users_refined(db: Session, city: str, only_active: bool) -> tuple[int, int]:
    """filter_by, then a refinement, then a bulk update with the default synchronisation:
    the loaded user follows (or not) exactly as with the legacy query."""
    user = db.query(User).filter(User.id == 1).one()
    query = db.query(User).filter_by(city=city)
    if only_active:
        query = query.filter(User.active == 1)
    updated = query.update({User.active: 0})
    seen = user.active
    db.commit()
    return updated, seen


def rename_held_city_after_counting(db: Session, old: str, new: str) -> tuple[int, int, Any]:
    """The held query counted, then updated with one more criterion where it is run."""
    user = db.query(User).filter(User.id == 1).one()
    query = db.query(User).filter(User.city == old)
    matched = query.count()
    renamed = query.filter(User.active == 1).update({"city": new}, synchronize_session="fetch")
    seen = user.city
    db.commit()
    return matched, renamed, seen


def delete_every_held_membership(db: Session) -> tuple[int, int]:
    """A held query without criteria: the bulk delete takes every row, as legacy did."""
    query = db.query(Membership)
    total = query.count()
    deleted = query.delete()
    db.commit()
    return total, deleted


def delete_held_posts_in_order(db: Session, author_id: int) -> int:
    """Legacy refuses a bulk delete after order_by(): left as it is (and kept sync)."""
    query = db.query(Post).filter(Post.author_id == author_id).order_by(Post.id)
    deleted = query.delete()
    db.commit()
    return deleted


# --- 8. exists() ---------------------------------------------------------------------------


def email_taken(db: Session, email: str) -> bool:
    return db.query(db.query(User).filter(User.email == email).exists()).scalar()


def any_inactive_user_in_city(db: Session, city: str) -> bool:
    inactive = db.query(User).filter(User.city == city, User.active == 0)
    return db.query(inactive.exists()).scalar()


def users_having_posts_via_exists(db: Session) -> list[User]:
    """A correlated EXISTS built from a Query, inside another query's filter."""
    has_posts = db.query(Post).filter(Post.author_id == User.id).exists()
    return db.query(User).filter(has_posts).order_by(User.id).all()


# --- 9. eager loading ------------------------------------------------------------------------


def teams_with_members_joinedload(db: Session) -> list[tuple[str, list[str]]]:
    """joinedload of a collection: one Team per team, however many members."""
    teams = db.query(Team).options(joinedload(Team.members)).order_by(Team.id).all()
    return [(team.name, sorted(member.email for member in team.members)) for team in teams]


def team_with_members_joinedload_first(db: Session, name: str) -> Any:
    team = db.query(Team).options(joinedload(Team.members)).filter(Team.name == name).first()
    if team is None:
        return None
    return team, sorted(member.email for member in team.members)


def user_with_posts_joinedload_one(db: Session, user_id: int) -> Any:
    """`one()` over a joined eager collection: several SQL rows, one User."""
    user = db.query(User).options(joinedload(User.posts)).filter(User.id == user_id).one()
    return user, [post.title for post in user.posts]


def users_with_posts_selectinload(db: Session, city: str) -> list[tuple[str, list[str]]]:
    users = (
        db.query(User)
        .options(selectinload(User.posts))
        .filter(User.city == city)
        .order_by(User.id)
        .all()
    )
    return [(user.email, [post.title for post in user.posts]) for user in users]


def products_with_stock_joinedload(db: Session) -> list[tuple[str, list[tuple[str, int]]]]:
    products = db.query(Product).options(joinedload(Product.stock_levels)).order_by(Product.id)
    return [
        (product.sku, [(level.warehouse, level.quantity) for level in product.stock_levels])
        for product in products.all()
    ]


# --- 10. entity queries joined to collections (de-duplicated) vs column joins (not) ---------


def all_users_joined_to_posts(db: Session) -> list[User]:
    """Legacy Query de-duplicates entities: 4 users, not 8 rows."""
    return db.query(User).join(User.posts).order_by(User.id).all()


def first_user_joined_to_posts_titled(db: Session, title: str) -> User | None:
    return db.query(User).join(User.posts).filter(Post.title == title).order_by(User.id).first()


def one_user_joined_to_posts(db: Session, user_id: int) -> User:
    """Several joined rows of one user: one() returns the user, no MultipleResultsFound."""
    return db.query(User).join(User.posts).filter(User.id == user_id).one()


def scalar_user_joined_to_posts(db: Session, user_id: int) -> User | None:
    return db.query(User).join(User.posts).filter(User.id == user_id).scalar()


def active_users_outerjoined_to_posts(db: Session) -> list[User]:
    return db.query(User).outerjoin(User.posts).filter(User.active == 1).order_by(User.id).all()


def teams_outerjoined_to_members(db: Session) -> list[Team]:
    """The empty team is kept, teams with several members come back once."""
    return db.query(Team).outerjoin(Team.members).order_by(Team.id).all()


def users_in_either_team_by_contains(db: Session, first: str, second: str) -> list[User]:
    """A user in both teams matches two team_members rows; legacy Query returns it once."""
    one = db.query(Team).filter(Team.name == first).one()
    other = db.query(Team).filter(Team.name == second).one()
    either = or_(User.teams.contains(one), User.teams.contains(other))
    return db.query(User).filter(either).order_by(User.id).all()


def authors_by_criteria_on_posts(db: Session) -> list[User]:
    """`posts` enters the FROM list through the criteria alone: one row per post."""
    return db.query(User).filter(User.id == Post.author_id).order_by(User.id).all()


def emails_joined_to_posts_columns(db: Session) -> Any:
    """Column queries are not de-duplicated: one email per post."""
    return db.query(User.email).join(User.posts).order_by(User.id, Post.id).all()


def team_member_email_pairs(db: Session) -> Any:
    return db.query(Team.name, User.email).join(Team.members).order_by(Team.id, User.id).all()


# --- 11. with_entities, order_by/limit/offset, distinct, group_by/having --------------------


def id_email_pairs_with_entities(db: Session, city: str) -> Any:
    return (
        db.query(User)
        .filter(User.city == city)
        .with_entities(User.id, User.email)
        .order_by(User.id)
        .all()
    )


def page_of_posts(db: Session, limit: int, offset: int) -> list[Post]:
    return db.query(Post).order_by(Post.id).limit(limit).offset(offset).all()


def distinct_post_titles(db: Session) -> Any:
    return db.query(Post.title).distinct().order_by(Post.title).all()


def prolific_authors_group_by_having(db: Session, min_posts: int) -> Any:
    return (
        db.query(Post.author_id, func.count(Post.id))
        .group_by(Post.author_id)
        .having(func.count(Post.id) >= min_posts)
        .order_by(Post.author_id)
        .all()
    )


def post_counts_per_city(db: Session) -> Any:
    return (
        db.query(User.city, func.count(Post.id))
        .join(User.posts)
        .group_by(User.city)
        .order_by(User.city)
        .all()
    )


# --- 12. subquery(), cte(), nested queries in in_() ---------------------------------------


def users_with_more_than_one_post_subquery(db: Session) -> list[User]:
    counts = (
        db.query(Post.author_id.label("author_id"), func.count(Post.id).label("n"))
        .group_by(Post.author_id)
        .subquery()
    )
    return (
        db.query(User)
        .join(counts, counts.c.author_id == User.id)
        .filter(counts.c.n > 1)
        .order_by(User.id)
        .all()
    )


def emails_with_post_counts_subquery(db: Session) -> Any:
    counts = (
        db.query(Post.author_id.label("author_id"), func.count(Post.id).label("n"))
        .group_by(Post.author_id)
        .subquery()
    )
    return (
        db.query(User.email, counts.c.n)
        .join(counts, counts.c.author_id == User.id)
        .order_by(User.id)
        .all()
    )


def users_with_posts_titled_cte(db: Session, title: str) -> list[User]:
    authors = db.query(Post.author_id).filter(Post.title == title).distinct().cte("authors")
    return db.query(User).join(authors, authors.c.author_id == User.id).order_by(User.id).all()


def users_who_wrote_title_in(db: Session, title: str) -> list[User]:
    wrote = db.query(Post.author_id).filter(Post.title == title)
    return db.query(User).filter(User.id.in_(wrote)).order_by(User.id).all()


def users_without_posts_not_in(db: Session) -> list[User]:
    return db.query(User).filter(User.id.not_in(db.query(Post.author_id))).order_by(User.id).all()


def products_stocked_in_warehouse(db: Session, warehouse: str) -> Any:
    stocked = db.query(StockLevel.product_id).filter(
        StockLevel.warehouse == warehouse, StockLevel.quantity > 0
    )
    return db.query(Product.sku).filter(Product.id.in_(stocked)).order_by(Product.id).all()


# --- 13. iteration, list(), comprehensions, indexing, slicing, queries as conditions -------


def emails_by_iterating_query(db: Session, city: str) -> list[str]:
    emails = []
    for user in db.query(User).filter(User.city == city).order_by(User.id):
        emails.append(user.email)
    return emails


def id_email_tuples_by_unpacking(db: Session) -> list[tuple[int, str]]:
    pairs = []
    for user_id, email in db.query(User.id, User.email).filter(User.active == 0).order_by(User.id):
        pairs.append((user_id, email))
    return pairs


def list_of_teams_query(db: Session) -> list[Team]:
    return list(db.query(Team).order_by(Team.id))


def titles_by_comprehension(db: Session, author_id: int) -> list[str]:
    return [
        post.title for post in db.query(Post).filter(Post.author_id == author_id).order_by(Post.id)
    ]


def first_user_by_index(db: Session) -> User:
    return db.query(User).order_by(User.id)[0]


def user_by_index_no_match(db: Session) -> User:
    """`[0]` on an empty query raises IndexError, unlike first()."""
    return db.query(User).filter(User.city == "Rome").order_by(User.id)[0]


def second_and_third_users_slice(db: Session) -> list[User]:
    return db.query(User).order_by(User.id)[1:3]


def email_status(db: Session, email: str) -> str:
    if db.query(User).filter(User.email == email).first():
        return "taken"
    return "free"


# --- 14. queries built across statements, helpers, query builders ---------------------------


def search_users(db: Session, city: str | None = None, active: int | None = None) -> list[User]:
    query = db.query(User)
    if city:
        query = query.filter(User.city == city)
    if active is not None:
        query = query.filter(User.active == active)
    return query.order_by(User.id).all()


def active_users_page(db: Session, offset: int, limit: int) -> dict[str, Any]:
    """The same query counted and paged; items are Rows of columns."""
    query = db.query(User.id, User.email).filter(User.active == 1).order_by(User.id)
    return {"total": query.count(), "items": query.offset(offset).limit(limit).all()}


def paginate(query: Query[Any], page: int, size: int) -> tuple[int, list[Any]]:
    total = query.count()
    items = query.offset((page - 1) * size).limit(size).all()
    return total, items


def posts_page(db: Session, page: int, size: int) -> tuple[int, list[Any]]:
    return paginate(db.query(Post).order_by(Post.id), page, size)


def active_users_query(db: Session) -> Query[User]:
    """Returns the query unexecuted: its callers refine and run it."""
    return db.query(User).filter(User.active == 1)


def active_users_in_city_from_builder(db: Session, city: str) -> list[User]:
    return active_users_query(db).filter(User.city == city).order_by(User.id).all()


def count_active_users_from_builder(db: Session) -> int:
    return active_users_query(db).count()


def paged_rows(query: Query[Any], offset: int, limit: int) -> list[Any]:
    """A receiver only ever handed column queries: it returns Rows."""
    return query.offset(offset).limit(limit).all()


def user_emails_page(db: Session, offset: int, limit: int) -> list[Any]:
    return paged_rows(db.query(User.id, User.email).order_by(User.id), offset, limit)


def first_of(query: Query[Any]) -> Any:
    """A receiver handed joined and plain entity queries: it takes the first row."""
    return query.first()


def first_user_in_team(db: Session, team: str) -> User | None:
    members = db.query(User).join(User.teams).filter(Team.name == team).order_by(User.id)
    return first_of(members)


def first_london_user(db: Session) -> User | None:
    return first_of(db.query(User).filter(User.city == "London").order_by(User.id.desc()))


def users_in_city_query(db: Session, city: str | None) -> Query[User]:
    """A builder that refines a local before returning it."""
    query = db.query(User)
    if city is not None:
        query = query.filter(User.city == city)
    return query.order_by(User.id)


def users_in_city_page(
    db: Session, city: str | None, page: int, size: int
) -> tuple[int, list[Any]]:
    query = users_in_city_query(db, city)
    return paginate(query, page, size)


def count_on_own_session(db: Session, query: Query[Any]) -> int:
    """A receiver with a session of its own: the query runs on it."""
    return query.count()


def london_users_counted_on_own_session(db: Session) -> int:
    return count_on_own_session(db, db.query(User).filter(User.city == "London"))


class UserRepository:
    """Keeps its session on `self`, like the repositories and services of real apps."""

    def __init__(self, db: Session) -> None:
        self.db = db

    def in_city(self, city: str) -> list[User]:
        return self.db.query(User).filter(User.city == city).order_by(User.id).all()

    def first_author_of(self, title: str) -> User | None:
        authors = self.db.query(User).join(User.posts).filter(Post.title == title)
        return authors.order_by(User.id).first()


def users_in_city_via_repository(db: Session, city: str) -> list[User]:
    return UserRepository(db).in_city(city)


def first_author_via_repository(db: Session, title: str) -> User | None:
    return UserRepository(db).first_author_of(title)


def post_summary_of_author(db: Session, author_id: int) -> tuple[int, list[str]]:
    posts = db.query(Post).filter(Post.author_id == author_id)
    return posts.count(), [post.title for post in posts.order_by(Post.id).all()]


# --- 15. raw SQL -------------------------------------------------------------------------


def count_users_raw_sql(db: Session) -> int:
    return db.execute(text("select count(*) from users")).scalar()


def emails_in_city_raw_sql(db: Session, city: str) -> Any:
    statement = text("select email from users where city = :city order by id")
    return db.execute(statement, {"city": city}).all()


def raw_sql_update_then_query(db: Session, user_id: int, city: str) -> str | None:
    db.execute(text("update users set city = :city where id = :id"), {"city": city, "id": user_id})
    db.commit()
    return db.query(User.city).filter(User.id == user_id).scalar()


# --- 16. writes: add, add_all, flush, delete, merge, refresh, rollback, commit -------------


def add_user_and_commit(db: Session) -> User:
    db.add(User(id=8, email="hal@example.com", city="Oslo", active=1))
    db.commit()
    return db.query(User).filter(User.id == 8).one()


def add_user_duplicate_email(db: Session) -> User:
    """The unique email is violated at commit: IntegrityError, nothing written."""
    db.add(User(id=8, email="ada@example.com", city="Oslo", active=1))
    db.commit()
    return db.query(User).filter(User.id == 8).one()


def add_all_posts_and_count(db: Session) -> tuple[int, list[str]]:
    db.add_all([Post(id=20, author_id=6, title="first"), Post(id=21, author_id=6, title="second")])
    db.commit()
    titles = [
        row.title for row in db.query(Post.title).filter(Post.author_id == 6).order_by(Post.id)
    ]
    return db.query(Post).count(), titles


def flush_then_query_sees_row(db: Session) -> tuple[Product | None, int]:
    db.add(Product(id=5, sku="n500", name="nozzle", category="tools", price_cents=90))
    db.flush()
    found = db.query(Product).filter(Product.sku == "n500").first()
    tools = db.query(Product).filter(Product.category == "tools").count()
    db.commit()
    return found, tools


def autoflush_query_sees_pending_user(db: Session) -> int:
    """No explicit flush: the query autoflushes the pending user first."""
    db.add(User(id=9, email="ivy@example.com", city="London", active=1))
    londoners = db.query(User).filter(User.city == "London").count()
    db.commit()
    return londoners


def flush_then_rollback_discards(db: Session) -> tuple[int, int]:
    db.add(Post(id=22, author_id=7, title="gone"))
    db.flush()
    before = db.query(Post).filter(Post.author_id == 7).count()
    db.rollback()
    return before, db.query(Post).filter(Post.author_id == 7).count()


def delete_user_without_references(db: Session, user_id: int) -> int:
    user = db.query(User).filter(User.id == user_id).one()
    db.delete(user)
    db.commit()
    return db.query(User).count()


def delete_user_with_posts_fails(db: Session) -> int:
    """Deleting an author nulls the posts' NOT NULL author_id: IntegrityError on both DBs."""
    user = db.query(User).filter(User.id == 1).one()
    db.delete(user)
    db.commit()
    return db.query(User).count()


def delete_team_removes_memberships(db: Session, team_id: int) -> tuple[int, int]:
    team = db.query(Team).filter(Team.id == team_id).one()
    db.delete(team)
    db.commit()
    remaining = db.query(User.id).join(User.teams).count()
    return db.query(Team).count(), remaining


def merge_existing_user(db: Session) -> User:
    db.merge(User(id=2, email="bob@example.com", city="Rome", active=0))
    db.commit()
    return db.query(User).filter(User.email == "bob@example.com").one()


def merge_new_membership(db: Session) -> tuple[Membership, int]:
    merged = db.merge(Membership(org_id=3, user_id=1, role="member"))
    db.commit()
    return merged, db.query(Membership).filter(Membership.org_id == 3).count()


def refresh_after_bulk_update(db: Session) -> tuple[int, int]:
    product = db.query(Product).filter(Product.id == 1).one()
    db.query(Product).filter(Product.id == 1).update(
        {Product.price_cents: 300}, synchronize_session=False
    )
    stale = product.price_cents
    db.refresh(product)
    db.commit()
    return stale, product.price_cents


def rollback_discards_changes(db: Session) -> tuple[str | None, str | None]:
    user = db.query(User).filter(User.id == 4).one()
    user.city = "Madrid"
    db.flush()
    seen = db.query(User.city).filter(User.id == 4).scalar()
    db.rollback()
    return seen, user.city


def update_price_and_commit(db: Session, sku: str, price_cents: int) -> Product:
    product = db.query(Product).filter_by(sku=sku).one()
    product.price_cents = price_cents
    db.commit()
    return product


def restock_or_create_level(db: Session, warehouse: str, product_id: int, quantity: int) -> Any:
    """Find by full composite key; update if present, add otherwise."""
    level = (
        db.query(StockLevel)
        .filter(StockLevel.warehouse == warehouse, StockLevel.product_id == product_id)
        .first()
    )
    if level is None:
        level = StockLevel(warehouse=warehouse, product_id=product_id, quantity=0)
        db.add(level)
    level.quantity += quantity
    db.commit()
    return db.query(StockLevel.quantity).filter_by(warehouse=warehouse, product_id=product_id).one()


# --- 17. helpers that stay sync: a library written for Session, bridged with run_sync -----


def count_city_with_library(db: Session, city: str) -> int:
    return sync_library.count_users_in_city(db, city)


def rename_city_with_library_and_commit(db: Session, old: str, new: str) -> tuple[int, int]:
    renamed = sync_library.rename_city(old, db, new=new)
    db.commit()
    return renamed, db.query(User).filter(User.city == new).count()


def post_titles_with_library(db: Session, user_id: int) -> list[str]:
    user = db.query(User).get(user_id)
    return sync_library.post_titles_of(user, session=db)


CASES: list[tuple[str, tuple[Any, ...]]] = [
    # 1. first()
    ("first_user_by_id", (1,)),
    ("first_user_by_id", (99,)),
    ("first_user_by_email", ("bob@example.com",)),
    ("first_user_by_email", ("nobody@example.com",)),
    ("first_product_by_sku", ("z300",)),
    ("first_product_by_reversed_pk", ()),
    ("first_membership_by_full_key", (1, 2)),
    ("first_membership_by_full_key", (2, 1)),
    ("first_stock_level_by_full_key", ("south", 1)),
    ("first_membership_of_org", (2,)),
    ("first_user_in_city_non_unique", ("London",)),
    ("first_user_in_city_non_unique", ("Paris",)),
    ("first_user_in_city_non_unique", ("Rome",)),
    ("latest_post_of_author", (5,)),
    ("first_user_in_berlin_single_match", ()),
    # 2. filters
    ("active_users_in_city", ("London",)),
    ("post_of_author_titled_chained", (5, "again")),
    ("post_of_author_titled_chained", (3, "again")),
    ("users_in_city_filter_by", ("Paris",)),
    ("authors_of_title_filter_by_after_join", ("again",)),
    ("authors_of_title_filter_by_after_join", ("hello",)),
    ("team_names_of_member_filter_by_after_join", ("ada@example.com",)),
    ("products_cheaper_than_where", (900,)),
    ("users_not_in_london", ()),
    ("users_without_city", ()),
    # 3. all / one / one_or_none
    ("all_users_ordered", ()),
    ("one_user_by_email", ("eve@example.com",)),
    ("one_user_by_email", ("nobody@example.com",)),
    ("one_user_in_city", ("Berlin",)),
    ("one_user_in_city", ("London",)),
    ("one_or_none_user_in_city", ("Berlin",)),
    ("one_or_none_user_in_city", ("Rome",)),
    ("one_or_none_user_in_city", ("Paris",)),
    ("all_emails_in_city", ("London",)),
    ("one_email_of_user", (2,)),
    ("one_or_none_role", (1, 1)),
    ("one_or_none_role", (3, 1)),
    ("all_author_post_pairs_in_city", ("London",)),
    ("one_author_post_pair", (4,)),
    ("all_active_user_columns", ()),
    ("one_or_none_stock_columns", ("north", 3)),
    ("one_or_none_stock_columns", ("north", 4)),
    # 4. column first()
    ("email_row_of_user", (1,)),
    ("email_row_of_user", (99,)),
    ("name_and_price_of_sku", ("g200",)),
    ("first_email_in_city_non_unique", ("London",)),
    # 5. scalar()
    ("scalar_email_of_user", (2,)),
    ("scalar_email_of_user", (99,)),
    ("scalar_email_several_rows", ("London",)),
    ("count_active_users_scalar", ()),
    ("sum_prices_in_category", ("tools",)),
    ("sum_prices_in_category", ("garden",)),
    ("max_post_id_of_author", (5,)),
    ("max_post_id_of_author", (6,)),
    ("scalar_user_by_email", ("dee@example.com",)),
    # 6. count()
    ("count_users", ()),
    ("count_users_in_city", ("London",)),
    ("count_users_joined_to_posts", ()),
    ("count_distinct_users_with_posts", ()),
    ("count_distinct_cities", ()),
    ("count_cities_with_func_distinct", ()),
    ("count_author_groups", ()),
    ("count_page_of_users", (3, 5)),
    ("count_page_of_users", (3, 0)),
    ("count_titles_column_query", (3,)),
    # 7. bulk update / delete
    ("deactivate_city_bulk", ("London",)),
    ("rename_city_bulk_result_unused", ("Paris", "Lyon")),
    ("stale_city_after_update_without_sync", ()),
    ("city_after_update_with_fetch", ()),
    ("city_after_update_default_sync", ()),
    ("raise_prices_in_category", ("tools", 100)),
    ("delete_posts_of_author_bulk", (5,)),
    ("delete_posts_of_author_bulk", (6,)),
    ("delete_memberships_result_unused", (2,)),
    ("loaded_post_after_delete_without_sync", ()),
    ("loaded_post_after_delete_with_fetch", ()),
    ("delete_held_posts_refined", (5,)),
    ("delete_held_posts_refined", (5, "again")),
    ("delete_held_posts_refined", (5, "nothing")),
    ("delete_held_posts_refined", (6,)),
    ("deactivate_held_users_refined", ("London", True)),
    ("deactivate_held_users_refined", ("London", False)),
    ("deactivate_held_users_refined", ("Paris", True)),
    ("rename_held_city_after_counting", ("London", "Leeds")),
    ("rename_held_city_after_counting", ("Berlin", "Bonn")),
    ("delete_every_held_membership", ()),
    ("delete_held_posts_in_order", (5,)),
    # 8. exists()
    ("email_taken", ("cyd@example.com",)),
    ("email_taken", ("nobody@example.com",)),
    ("any_inactive_user_in_city", ("London",)),
    ("any_inactive_user_in_city", ("Paris",)),
    ("users_having_posts_via_exists", ()),
    # 9. eager loading
    ("teams_with_members_joinedload", ()),
    ("team_with_members_joinedload_first", ("infra",)),
    ("team_with_members_joinedload_first", ("nobody",)),
    ("user_with_posts_joinedload_one", (5,)),
    ("users_with_posts_selectinload", ("London",)),
    ("products_with_stock_joinedload", ()),
    # 10. joined entities vs joined columns
    ("all_users_joined_to_posts", ()),
    ("first_user_joined_to_posts_titled", ("again",)),
    ("one_user_joined_to_posts", (5,)),
    ("one_user_joined_to_posts", (3,)),
    ("scalar_user_joined_to_posts", (1,)),
    ("active_users_outerjoined_to_posts", ()),
    ("teams_outerjoined_to_members", ()),
    ("users_in_either_team_by_contains", ("core", "infra")),
    ("users_in_either_team_by_contains", ("ops", "empty")),
    ("authors_by_criteria_on_posts", ()),
    ("emails_joined_to_posts_columns", ()),
    ("team_member_email_pairs", ()),
    # 11. with_entities, paging, distinct, group_by/having
    ("id_email_pairs_with_entities", ("London",)),
    ("page_of_posts", (3, 2)),
    ("page_of_posts", (5, 6)),
    ("distinct_post_titles", ()),
    ("prolific_authors_group_by_having", (2,)),
    ("post_counts_per_city", ()),
    # 12. subquery / cte / in_
    ("users_with_more_than_one_post_subquery", ()),
    ("emails_with_post_counts_subquery", ()),
    ("users_with_posts_titled_cte", ("hello",)),
    ("users_who_wrote_title_in", ("again",)),
    ("users_without_posts_not_in", ()),
    ("products_stocked_in_warehouse", ("south",)),
    # 13. iteration and indexing
    ("emails_by_iterating_query", ("London",)),
    ("id_email_tuples_by_unpacking", ()),
    ("list_of_teams_query", ()),
    ("titles_by_comprehension", (5,)),
    ("first_user_by_index", ()),
    ("user_by_index_no_match", ()),
    ("second_and_third_users_slice", ()),
    ("email_status", ("ada@example.com",)),
    ("email_status", ("nobody@example.com",)),
    # 14. queries across statements
    ("search_users", ()),
    ("search_users", ("London",)),
    ("search_users", ("London", 1)),
    ("search_users", (None, 0)),
    ("active_users_page", (1, 2)),
    ("posts_page", (2, 3)),
    ("posts_page", (3, 3)),
    ("active_users_in_city_from_builder", ("London",)),
    ("count_active_users_from_builder", ()),
    ("post_summary_of_author", (2,)),
    ("user_emails_page", (1, 2)),
    ("first_user_in_team", ("infra",)),
    ("first_user_in_team", ("empty",)),
    ("first_london_user", ()),
    ("users_in_city_page", ("London", 1, 2)),
    ("users_in_city_page", (None, 2, 3)),
    ("london_users_counted_on_own_session", ()),
    ("users_in_city_via_repository", ("Paris",)),
    ("first_author_via_repository", ("again",)),
    ("first_author_via_repository", ("nothing",)),
    # 15. raw SQL
    ("count_users_raw_sql", ()),
    ("emails_in_city_raw_sql", ("Paris",)),
    ("raw_sql_update_then_query", (3, "York")),
    # 16. writes
    ("add_user_and_commit", ()),
    ("add_user_duplicate_email", ()),
    ("add_all_posts_and_count", ()),
    ("flush_then_query_sees_row", ()),
    ("autoflush_query_sees_pending_user", ()),
    ("flush_then_rollback_discards", ()),
    ("delete_user_without_references", (6,)),
    ("delete_user_with_posts_fails", ()),
    ("delete_team_removes_memberships", (3,)),
    ("merge_existing_user", ()),
    ("merge_new_membership", ()),
    ("refresh_after_bulk_update", ()),
    ("rollback_discards_changes", ()),
    ("update_price_and_commit", ("d400", 175)),
    ("restock_or_create_level", ("north", 1, 5)),
    ("restock_or_create_level", ("south", 3, 2)),
    # 17. helpers that stay sync
    ("count_city_with_library", ("London",)),
    ("rename_city_with_library_and_commit", ("Paris", "Lyon")),
    ("post_titles_with_library", (5,)),
    ("post_titles_with_library", (2,)),
]
