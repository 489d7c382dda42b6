"""Search over what the public can read: published leader stories, their quotes and pathways.

PostgreSQL uses full-text search (English stemming, ranking, highlighted headlines) answered
from the expression GIN indexes of migration 0003; each document expression here must stay
identical to its index there, or PostgreSQL falls back to reading every row. SQLite, for
newcomers' machines, does the same with its FTS5 index (Porter stemming, bm25 ranking,
highlights; `stories/search_index.py`), given the same query: the words PostgreSQL's
web search syntax reads, without its English stop words. A SQLite without FTS5 falls back to
matching every word anywhere with a simpler ranking.

Themes are a kind of result of their own: a theme's page gathers its leaders, quotes and
pathways, and tagging leaders with a theme is no sign that their story talks about it.
"Band 7" (any Agenda for Change band) finds the pathway stages whose band range includes it,
on every database, from the stages' band fields.
"""

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Replace
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from stories import search_index
from stories.models import Band, Leader, Organisation, Pathway, PathwayStage, Quote, Theme

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
LIMIT_PER_KIND = 20
SNIPPET_CHARACTERS = 240

# Private-use characters mark where a match starts and stops: they survive HTML escaping and
# never occur in editors' text, so the marks can become <mark> after everything else is escaped.
_START, _STOP = "\ue000", "\ue001"
# PostgreSQL's headline drops anything shaped like an HTML tag; these stand in for < and > on
# the way through, so "<script>" in a story is shown as the text it is.
_LESS_THAN, _GREATER_THAN = "\ue002", "\ue003"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    snippet: SafeString
    context: str = ""


@dataclass(frozen=True)
class SearchResults:
    query: str
    themes: list[SearchResult] = field(default_factory=list)
    leaders: list[SearchResult] = field(default_factory=list)
    quotes: list[SearchResult] = field(default_factory=list)
    pathways: list[SearchResult] = field(default_factory=list)
    stages: list[SearchResult] = field(default_factory=list)
    theme_count: int = 0
    leader_count: int = 0
    quote_count: int = 0
    pathway_count: int = 0
    stage_count: int = 0

    @property
    def total(self) -> int:
        return (
            self.theme_count
            + self.leader_count
            + self.quote_count
            + self.pathway_count
            + self.stage_count
        )

    @property
    def groups(self) -> list[tuple[str, str, list[SearchResult], int]]:
        """(heading, anchor, results shown, how many matched) for each kind, in page order."""
        return [
            ("Themes", "themes", self.themes, self.theme_count),
            ("Leaders", "leaders", self.leaders, self.leader_count),
            ("Quotes", "quotes", self.quotes, self.quote_count),
            ("Pathways", "pathways", self.pathways, self.pathway_count),
            ("Pathway stages", "stages", self.stages, self.stage_count),
        ]


def clean_query(raw: str) -> str:
    """The query as searched: control characters dropped (PostgreSQL refuses NUL), spaces
    collapsed, and cut to a length no real search needs."""
    printable = "".join(
        " " if unicodedata.category(char).startswith("C") else char
        for char in unicodedata.normalize("NFC", raw)
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def _terms(query: str) -> tuple[list[str], list[str]]:
    """Words to find and words to leave out (`-word`, as in web search engines). A word is a run
    of letters and digits: `non-technical` is the two words `non` and `technical`."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for token in query.split():
        words = _WORD.findall(token)
        (unwanted if token.startswith("-") else wanted).extend(words)
    return wanted, unwanted


def _websearch_text(query: str) -> str:
    """The query as PostgreSQL's web search syntax gets it: words, `-word` and `or` only.

    Quotes and joined words (`"digital leadership"`, `non-technical`, `O'Brien`) would become
    phrase searches, which the indexes cannot answer alone: PostgreSQL would re-read every
    candidate's text to check word positions, seconds on common words. As separate words they
    are answered from the index, and every one of them must still be present."""
    terms = []
    for token in query.split():
        words = _WORD.findall(token)
        if token.startswith("-"):
            terms.extend(f"-{word}" for word in words)
        else:
            terms.extend(words)
    return " ".join(terms)


def is_searchable(query: str) -> bool:
    """Whether the query has at least one word to look for (punctuation or `-word` alone
    would match nothing, or everything)."""
    return bool(_terms(query)[0])


# Agenda for Change bands in order, for "band 7" to find the stages whose range includes it.
_BAND_ORDER = [band.value for band in Band if band != Band.NOT_ON_AFC]
_BAND_REFERENCE = re.compile(r"(?<![\w-])band\s+([2-9][a-d]?)(?!\w)", re.IGNORECASE)

# PostgreSQL's English stop words (tsearch_data/english.stop): it leaves them out of queries,
# and so does the SQLite search, or "the risks" would only find stories with "the" in them.
_STOP_WORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
ENGLISH_STOP_WORDS = frozenset(_STOP_WORDS.split())


def bands_named(query: str) -> tuple[list[str], str]:
    """The bands a query names ("band 7"; "band 8" is 8a to 8d) and the rest of the query."""
    bands: list[str] = []
    for match in _BAND_REFERENCE.finditer(query):
        named = match.group(1).lower()
        bands.extend(code for code in _BAND_ORDER if code == named or code[:-1] == named)
    return bands, " ".join(_BAND_REFERENCE.sub(" ", query).split())


def _stage_covers(bands: list[str]) -> Q:
    """Stages whose band range (from, to, or one of them alone) includes any of the bands."""
    covers = Q(pk__in=[])
    for band in bands:
        position = _BAND_ORDER.index(band)
        at_or_below, at_or_above = _BAND_ORDER[: position + 1], _BAND_ORDER[position:]
        covers |= (Q(band_from__in=at_or_below) | Q(band_from="", band_to__in=at_or_below)) & (
            Q(band_to__in=at_or_above) | Q(band_to="", band_from__in=at_or_above)
        )
    return covers


def fts5_query(query: str) -> str:
    """The query for SQLite's FTS5 as PostgreSQL's `websearch_to_tsquery` reads the same
    words: all words, `or` between two words, `-word` left out, stop words ignored; each word
    quoted, so nothing in it is FTS5 syntax. Empty when only stop words are left.

    PostgreSQL makes `a b or c -d` into (a and b) or (c and not d); FTS5 has the same
    operators, though NOT only follows a word, so an alternative of exclusions alone (which
    would match nearly everything) is dropped."""
    alternatives: list[list[tuple[str, bool]]] = [[]]
    or_pending = False
    for token in _websearch_text(query).split():
        excluded = token.startswith("-")
        word = token.removeprefix("-").lower()
        if word == "or" and not excluded:
            or_pending = True
            continue
        if word in ENGLISH_STOP_WORDS:
            continue
        if or_pending and alternatives[-1]:
            alternatives.append([])
        or_pending = False
        alternatives[-1].append((word, excluded))

    expressions = []
    for alternative in alternatives:
        wanted = [f'"{word}"' for word, excluded in alternative if not excluded]
        if not wanted:
            continue
        expression = "(" + " AND ".join(wanted) + ")"
        for word, excluded in alternative:
            if excluded:
                expression = f'({expression} NOT "{word}")'
        expressions.append(expression)
    return " OR ".join(expressions)


def search(query: str, *, limit_per_kind: int = LIMIT_PER_KIND) -> SearchResults:
    query = clean_query(query)
    if not is_searchable(query):
        return SearchResults(query=query)
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit_per_kind)
    if search_index.sqlite_has_fts5():
        return _search_fts5(query, limit_per_kind)
    _warn_once_without_fts5()
    return _search_words(query, limit_per_kind)


@functools.cache
def _warn_once_without_fts5() -> None:
    search_index.warn_without_fts5()


def _leader_url(slug: str) -> str:
    return reverse("stories:leader", kwargs={"slug": slug})


def _quote_url(leader_slug: str, quote_id: int) -> str:
    return f"{_leader_url(leader_slug)}#quote-{quote_id}"


def _pathway_url(slug: str) -> str:
    return reverse("stories:pathway", kwargs={"slug": slug})


def _leader_context(title: str, organisation: str | None) -> str:
    return f"{title}, {organisation}" if organisation else title


def _counted(rows: list[dict]) -> int:
    return rows[0]["total"] if rows else 0


def _stage_context(row: dict) -> str:
    bands = PathwayStage(band_from=row["band_from"], band_to=row["band_to"]).bands
    return f"{row['pathway__title']} pathway" + (f", {bands}" if bands else "")


def _results(query: str, rows: dict[str, list[dict]]) -> SearchResults:
    """Results from each kind's rows, whose `snippet` is already safe HTML."""
    return SearchResults(
        query=query,
        themes=[
            SearchResult(
                kind="theme",
                title=row["name"],
                url=reverse("stories:theme", kwargs={"slug": row["slug"]}),
                snippet=row["snippet"],
            )
            for row in rows["themes"]
        ],
        leaders=[
            SearchResult(
                kind="leader",
                title=row["name"],
                url=_leader_url(row["slug"]),
                snippet=row["snippet"],
                context=_leader_context(row["title"], row["organisation__name"]),
            )
            for row in rows["leaders"]
        ],
        quotes=[
            SearchResult(
                kind="quote",
                title=f"Quote by {row['leader__name']}",
                url=_quote_url(row["leader__slug"], row["id"]),
                snippet=row["snippet"],
                context=row["leader__title"],
            )
            for row in rows["quotes"]
        ],
        pathways=[
            SearchResult(
                kind="pathway",
                title=row["title"],
                url=_pathway_url(row["slug"]),
                snippet=row["snippet"],
            )
            for row in rows["pathways"]
        ],
        stages=[
            SearchResult(
                kind="stage",
                title=row["title"],
                url=f"{_pathway_url(row['pathway__slug'])}#stage-{row['order']}",
                snippet=row["snippet"],
                context=_stage_context(row),
            )
            for row in rows["stages"]
        ],
        theme_count=_counted(rows["themes"]),
        leader_count=_counted(rows["leaders"]),
        quote_count=_counted(rows["quotes"]),
        pathway_count=_counted(rows["pathways"]),
        stage_count=_counted(rows["stages"]),
    )


_KINDS = ("themes", "leaders", "quotes", "pathways", "stages")
_STAGE_FIELDS = ("title", "order", "pathway__title", "pathway__slug", "band_from", "band_to")


def _visible_stages() -> QuerySet:
    return PathwayStage.objects.filter(pathway__in=Pathway.objects.published().values("id"))


def _stages_in_bands(bands: list[str], limit: int) -> list[dict]:
    """A query that names a band and nothing else: every stage in that band, in pathway order.
    The same on every database: bands are codes, not text."""
    rows = list(
        _visible_stages()
        .filter(_stage_covers(bands))
        .annotate(total=Window(Count("id")))
        .order_by("pathway__title", "order", "id")
        .values(*_STAGE_FIELDS, "typical_roles", "total")[:limit]
    )
    for row in rows:
        row["snippet"] = escape(row["typical_roles"])
    return rows


# PostgreSQL ------------------------------------------------------------------------------------

ENGLISH = "english"


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`. Inside an OR, PostgreSQL answers this from the column's
    index (the subquery runs once), where `IN (subquery)` would make it read every row."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, subquery: QuerySet) -> None:
        super().__init__(F(column), ArraySubquery(subquery))

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        array_sql, array_params = compiler.compile(self.source_expressions[1])
        return f"{column_sql} = ANY({array_sql})", (*column_params, *array_params)


def _count_of(queryset: QuerySet) -> Subquery:
    """How many rows match, as one value the outer query can return on every row."""
    return Subquery(
        queryset.order_by().annotate(matches=Func(F("id"), function="COUNT")).values("matches"),
        output_field=IntegerField(),
    )


def _headline(expression, tsquery: SearchQuery, **options) -> SearchHeadline:
    text = Replace(
        Replace(expression, Value("<"), Value(_LESS_THAN)), Value(">"), Value(_GREATER_THAN)
    )
    return SearchHeadline(
        text, tsquery, config=ENGLISH, start_sel=_START, stop_sel=_STOP, **options
    )


def _marked_headline(headline: str) -> SafeString:
    """Escape everything the database returned, then turn only whole start/stop pairs into
    <mark>, so content can never open a tag of its own."""
    marked = _MARKED.sub(r"<mark>\1</mark>", escape(headline))
    marked = marked.replace(_START, "").replace(_STOP, "")
    return mark_safe(marked.replace(_LESS_THAN, "&lt;").replace(_GREATER_THAN, "&gt;"))


def _document(*fields: str) -> SearchVector:
    """A document as matched: the same expression as its index in migration 0003."""
    return SearchVector(*fields, config=ENGLISH)


def _weighted(*fields_and_weights: tuple[tuple[str, ...], str]) -> SearchVector:
    vectors = [
        SearchVector(*fields, config=ENGLISH, weight=weight)
        for fields, weight in fields_and_weights
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def _matching(document: SearchVector, tsquery: SearchQuery) -> SearchVectorExact:
    """`document @@ query`, the condition the GIN indexes answer."""
    return SearchVectorExact(document, tsquery)


def _search_postgresql(query: str, limit: int) -> SearchResults:
    tsquery = SearchQuery(_websearch_text(query), search_type="websearch", config=ENGLISH)
    snippet_options = {"max_words": 35, "min_words": 15, "max_fragments": 2}
    # Ranking reads each candidate's text again (an expression index holds no ranking data).
    # So a word that most stories contain is ranked over a bounded set: the first `limit`
    # matches in the name, title or summary (these outrank the rest) and the first `limit`
    # matches anywhere. The totals still count every match.
    candidates = limit
    # Subqueries need no order: they feed ANY(ARRAY(...)) and counts.
    published_leaders = Leader.objects.published().order_by()

    organisations = Organisation.objects.order_by().filter(_matching(_document("name"), tsquery))
    leader_matches = published_leaders.filter(
        _matching(_document("name", "title", "summary", "bio"), tsquery)
        | _AnyOf("organisation_id", organisations.values("id"))
    )
    leaders_by_heading = published_leaders.filter(
        _matching(_document("name", "title", "summary"), tsquery)
    )
    leader_rows = list(
        Leader.objects.filter(
            _AnyOf("id", leaders_by_heading.values("id")[:candidates])
            | _AnyOf("id", leader_matches.values("id")[:candidates])
        )
        .annotate(
            rank=SearchRank(
                _weighted(
                    (("name", "title"), "A"),
                    (("summary", "organisation__name"), "B"),
                    (("bio",), "D"),
                ),
                tsquery,
            ),
            total=_count_of(leader_matches),
            snippet=_headline(
                Concat("summary", Value(" "), "bio", output_field=TextField()),
                tsquery,
                fragment_delimiter=" … ",
                **snippet_options,
            ),
        )
        .order_by("-rank", "name", "id")
        .values("name", "slug", "title", "organisation__name", "snippet", "total")[:limit]
    )

    quoted_leaders = published_leaders.filter(_matching(_document("name"), tsquery))
    published_quotes = Quote.objects.published().order_by()
    quotes_by_leader = _AnyOf("leader_id", quoted_leaders.values("id"))
    quotes_by_text = _matching(_document("text"), tsquery)
    quote_rows = list(
        Quote.objects.filter(
            _AnyOf("id", published_quotes.filter(quotes_by_leader).values("id")[:candidates])
            | _AnyOf("id", published_quotes.filter(quotes_by_text).values("id")[:candidates])
        )
        .annotate(
            rank=SearchRank(_weighted((("leader__name",), "A"), (("text",), "B")), tsquery),
            total=_count_of(published_quotes.filter(quotes_by_leader | quotes_by_text)),
            snippet=_headline("text", tsquery, max_words=50, min_words=20),
        )
        .order_by("-rank", "leader__name", "id")
        .values("id", "leader__name", "leader__slug", "leader__title", "snippet", "total")[:limit]
    )

    pathway_rows = list(
        Pathway.objects.published()
        .filter(_matching(_document("title", "summary"), tsquery))
        .annotate(
            rank=SearchRank(_weighted((("title",), "A"), (("summary",), "B")), tsquery),
            total=Window(Count("id")),
            snippet=_headline("summary", tsquery, fragment_delimiter=" … ", **snippet_options),
        )
        .order_by("-rank", "title", "id")
        .values("title", "slug", "snippet", "total")[:limit]
    )

    # Themes and stages are curated, a few dozen rows: read without an index of their own.
    theme_rows = list(
        Theme.objects.filter(_matching(_document("name", "description"), tsquery))
        .annotate(
            rank=SearchRank(_weighted((("name",), "A"), (("description",), "B")), tsquery),
            total=Window(Count("id")),
            snippet=_headline("description", tsquery, **snippet_options),
        )
        .order_by("-rank", "name", "id")
        .values("name", "slug", "snippet", "total")[:limit]
    )

    bands, words = bands_named(query)
    if is_searchable(words):
        stage_query = SearchQuery(_websearch_text(words), search_type="websearch", config=ENGLISH)
        stage_rows = list(
            _visible_stages()
            .filter(
                _matching(_document("title", "typical_roles", "description"), stage_query),
                *([_stage_covers(bands)] if bands else []),
            )
            .annotate(
                rank=SearchRank(
                    _weighted(
                        (("title",), "A"), (("typical_roles",), "B"), (("description",), "D")
                    ),
                    stage_query,
                ),
                total=Window(Count("id")),
                snippet=_headline(
                    Concat("typical_roles", Value(". "), "description", output_field=TextField()),
                    stage_query,
                    fragment_delimiter=" … ",
                    **snippet_options,
                ),
            )
            .order_by("-rank", "pathway__title", "order", "id")
            .values(*_STAGE_FIELDS, "snippet", "total")[:limit]
        )
    else:
        stage_rows = _stages_in_bands(bands, limit)

    for row in [*theme_rows, *leader_rows, *quote_rows, *pathway_rows]:
        row["snippet"] = _marked_headline(row["snippet"])
    if is_searchable(words):
        for row in stage_rows:
            row["snippet"] = _marked_headline(row["snippet"])
    return _results(
        query,
        {
            "themes": theme_rows,
            "leaders": leader_rows,
            "quotes": quote_rows,
            "pathways": pathway_rows,
            "stages": stage_rows,
        },
    )


# SQLite with FTS5 ---------------------------------------------------------------------------


def _fts5_snippet(column: int, tokens: int) -> str:
    """SQL for a stretch of `tokens` words of one column around the matches, marked."""
    return f"snippet({{index}}, {column}, '{_START}', '{_STOP}', ' … ', {tokens})"


def _fts5_rows(
    index: search_index.Index,
    *,
    match: str,
    visible: QuerySet,
    columns: str,
    joins: str,
    weights: tuple[float, ...],
    order: str,
    limit: int,
) -> list[dict]:
    """The best `limit` rows of one FTS5 index that match and that the public may see, each
    with how many matched in all. Who may see what comes from the published querysets (the
    index holds drafts too), as their SQL, so the rule stays in one place."""
    visible_sql, visible_params = visible.order_by().values("id").query.sql_with_params()
    # `+rowid`: read the matches, then keep the visible ones. Without the `+`, SQLite would
    # run the full-text query once for every visible row.
    matching = "{index} MATCH %s AND +{index}.rowid IN (" + visible_sql + ")"
    bm25 = ", ".join(str(float(weight)) for weight in weights)
    # FTS5's functions (bm25, snippet) cannot be used beside a window function, so the total
    # is a subquery, run once.
    sql = (
        f"SELECT {columns}, (SELECT COUNT(*) FROM {{index}} WHERE {matching}) AS total "
        f"FROM {{index}} {joins} WHERE {matching} "
        f"ORDER BY bm25({{index}}, {bm25}), {order} LIMIT %s"
    ).replace("{index}", index.name)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *visible_params, match, *visible_params, limit])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _joined_snippets(*snippets: str) -> SafeString:
    """The snippets that hold a match, joined; the first one when none does."""
    marked = [snippet for snippet in snippets if snippet and _START in snippet]
    return _marked_headline(" … ".join(marked) if marked else snippets[0])


def _search_fts5(query: str, limit: int) -> SearchResults:
    match = fts5_query(query)
    bands, words = bands_named(query)
    stage_match = fts5_query(words) if is_searchable(words) else ""
    rows: dict[str, list[dict]] = {kind: [] for kind in _KINDS}

    if match:
        rows["themes"] = _fts5_rows(
            search_index.THEMES,
            match=match,
            visible=Theme.objects.all(),
            columns=f"theme.name, theme.slug, {_fts5_snippet(1, 35)} AS snippet",
            joins="JOIN stories_theme AS theme ON theme.id = {index}.rowid",
            weights=(10, 4),
            order="theme.name, theme.id",
            limit=limit,
        )
        rows["leaders"] = _fts5_rows(
            search_index.LEADERS,
            match=match,
            visible=Leader.objects.published(),
            columns=(
                "leader.name, leader.slug, leader.title, "
                'organisation.name AS "organisation__name", '
                f"{_fts5_snippet(3, 35)} AS summary, {_fts5_snippet(4, 35)} AS bio"
            ),
            joins=(
                "JOIN stories_leader AS leader ON leader.id = {index}.rowid "
                "LEFT JOIN stories_organisation AS organisation "
                "ON organisation.id = leader.organisation_id"
            ),
            # name, title, organisation, summary, bio: as PostgreSQL's weights A, A, B, B, D.
            weights=(10, 10, 4, 4, 1),
            order="leader.name, leader.id",
            limit=limit,
        )
        rows["quotes"] = _fts5_rows(
            search_index.QUOTES,
            match=match,
            visible=Quote.objects.published(),
            columns=(
                'quote.id, leader.name AS "leader__name", leader.slug AS "leader__slug", '
                f'leader.title AS "leader__title", {_fts5_snippet(1, 50)} AS snippet'
            ),
            joins=(
                "JOIN stories_quote AS quote ON quote.id = {index}.rowid "
                "JOIN stories_leader AS leader ON leader.id = quote.leader_id"
            ),
            weights=(10, 4),
            order="leader.name, quote.id",
            limit=limit,
        )
        rows["pathways"] = _fts5_rows(
            search_index.PATHWAYS,
            match=match,
            visible=Pathway.objects.published(),
            columns=f"pathway.title, pathway.slug, {_fts5_snippet(1, 35)} AS snippet",
            joins="JOIN stories_pathway AS pathway ON pathway.id = {index}.rowid",
            weights=(10, 4),
            order="pathway.title, pathway.id",
            limit=limit,
        )
    for row in rows["leaders"]:
        row["snippet"] = _joined_snippets(row.pop("summary"), row.pop("bio"))
    for row in [*rows["themes"], *rows["quotes"], *rows["pathways"]]:
        row["snippet"] = _marked_headline(row["snippet"])

    if stage_match:
        rows["stages"] = _fts5_rows(
            search_index.STAGES,
            match=stage_match,
            visible=_visible_stages().filter(_stage_covers(bands)) if bands else _visible_stages(),
            columns=(
                'stage.title, stage."order", pathway.title AS "pathway__title", '
                'pathway.slug AS "pathway__slug", stage.band_from, stage.band_to, '
                f"{_fts5_snippet(1, 35)} AS roles, {_fts5_snippet(2, 35)} AS description"
            ),
            joins=(
                "JOIN stories_pathwaystage AS stage ON stage.id = {index}.rowid "
                "JOIN stories_pathway AS pathway ON pathway.id = stage.pathway_id"
            ),
            weights=(10, 4, 1),
            order='pathway.title, stage."order", stage.id',
            limit=limit,
        )
        for row in rows["stages"]:
            row["snippet"] = _joined_snippets(row.pop("roles"), row.pop("description"))
    elif bands:
        rows["stages"] = _stages_in_bands(bands, limit)
    return _results(query, rows)


# SQLite without FTS5 -------------------------------------------------------------------------


def _every_word_somewhere(wanted: list[str], unwanted: list[str], fields: list[str]) -> Q:
    def anywhere(word: str) -> Q:
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__icontains": word})
        return found

    condition = Q()
    for word in wanted:
        condition &= anywhere(word)
    for word in unwanted:
        condition &= ~anywhere(word)
    return condition


def _word_rank(wanted: list[str], weighted_fields: dict[str, int]) -> Func:
    """Per word, the weight of the best field it appears in: a word in a name or title counts
    more than the same word in the body."""
    ranks = [
        Case(
            *[
                When(**{f"{name}__icontains": word}, then=Value(weight))
                for name, weight in sorted(weighted_fields.items(), key=lambda item: -item[1])
            ],
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in wanted
    ]
    total = ranks[0]
    for rank in ranks[1:]:
        total = total + rank
    return total


def _window_snippet(text: str, wanted: list[str]) -> SafeString:
    """A stretch of text around the first match, every match in it marked, the rest escaped."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(wanted, key=len)[::-1]), re.I)
    first = pattern.search(text)
    start = 0
    if first and first.start() > SNIPPET_CHARACTERS // 3:
        start = first.start() - SNIPPET_CHARACTERS // 3
        # Begin at a word, not halfway through one.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + SNIPPET_CHARACTERS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (first.end() if first else start) else end
    window = text[start:end]

    pieces = []
    position = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    snippet = "".join(pieces).strip()
    return mark_safe(("… " if start > 0 else "") + snippet + (" …" if end < len(text) else ""))


def _search_words(query: str, limit: int) -> SearchResults:
    wanted, unwanted = _terms(query)

    theme_fields = {"name": 2, "description": 1}
    themes = list(
        Theme.objects.filter(_every_word_somewhere(wanted, unwanted, list(theme_fields)))
        .annotate(rank=_word_rank(wanted, theme_fields), total=Window(Count("id")))
        .order_by("-rank", "name", "id")
        .values("name", "slug", "description", "total")[:limit]
    )
    for row in themes:
        row["snippet"] = _window_snippet(row["description"], wanted)

    leader_fields = {"name": 3, "title": 3, "organisation__name": 2, "summary": 2, "bio": 1}
    leaders = list(
        Leader.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(leader_fields)))
        .annotate(rank=_word_rank(wanted, leader_fields), total=Window(Count("id")))
        .order_by("-rank", "name", "id")
        .values("name", "slug", "title", "organisation__name", "summary", "bio", "total")[:limit]
    )
    for row in leaders:
        row["snippet"] = _window_snippet(f"{row['summary']} {row['bio']}", wanted)

    quote_fields = {"leader__name": 2, "text": 1}
    quotes = list(
        Quote.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(quote_fields)))
        .annotate(rank=_word_rank(wanted, quote_fields), total=Window(Count("id")))
        .order_by("-rank", "leader__name", "id")
        .values("id", "text", "leader__name", "leader__slug", "leader__title", "total")[:limit]
    )
    for row in quotes:
        row["snippet"] = _window_snippet(row["text"], wanted)

    pathway_fields = {"title": 2, "summary": 1}
    pathways = list(
        Pathway.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(pathway_fields)))
        .annotate(rank=_word_rank(wanted, pathway_fields), total=Window(Count("id")))
        .order_by("-rank", "title", "id")
        .values("title", "slug", "summary", "total")[:limit]
    )
    for row in pathways:
        row["snippet"] = _window_snippet(row["summary"], wanted)

    bands, words = bands_named(query)
    if is_searchable(words):
        stage_wanted, stage_unwanted = _terms(words)
        stage_fields = {"title": 3, "typical_roles": 2, "description": 1}
        stages = list(
            _visible_stages()
            .filter(
                _every_word_somewhere(stage_wanted, stage_unwanted, list(stage_fields)),
                *([_stage_covers(bands)] if bands else []),
            )
            .annotate(rank=_word_rank(stage_wanted, stage_fields), total=Window(Count("id")))
            .order_by("-rank", "pathway__title", "order", "id")
            .values(*_STAGE_FIELDS, "typical_roles", "description", "total")[:limit]
        )
        for row in stages:
            row["snippet"] = _window_snippet(
                f"{row['typical_roles']}. {row['description']}", stage_wanted
            )
    else:
        stages = _stages_in_bands(bands, limit)

    return _results(
        query,
        {
            "themes": themes,
            "leaders": leaders,
            "quotes": quotes,
            "pathways": pathways,
            "stages": stages,
        },
    )
