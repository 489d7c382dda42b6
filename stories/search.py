"""Search over what the public can read: published leader stories, their quotes and pathways.

PostgreSQL uses full-text search (English stemming, ranking, highlighted headlines) answered
from the expression GIN indexes of migration 0003; each document expression here must stay
identical to its index there, or PostgreSQL falls back to reading every row. SQLite, for
newcomers' machines, matches every word anywhere with a simpler ranking.
"""

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

from stories.models import Leader, Organisation, Pathway, Quote

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
    leaders: list[SearchResult] = field(default_factory=list)
    quotes: list[SearchResult] = field(default_factory=list)
    pathways: list[SearchResult] = field(default_factory=list)
    leader_count: int = 0
    quote_count: int = 0
    pathway_count: int = 0

    @property
    def total(self) -> int:
        return self.leader_count + self.quote_count + self.pathway_count

    @property
    def groups(self) -> list[tuple[str, str, list[SearchResult], int]]:
        """(heading, anchor, results shown, how many matched) for each kind, in page order."""
        return [
            ("Leaders", "leaders", self.leaders, self.leader_count),
            ("Quotes", "quotes", self.quotes, self.quote_count),
            ("Pathways", "pathways", self.pathways, self.pathway_count),
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


def search(query: str, *, limit_per_kind: int = LIMIT_PER_KIND) -> SearchResults:
    query = clean_query(query)
    if not is_searchable(query):
        return SearchResults(query=query)
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit_per_kind)
    return _search_words(query, limit_per_kind)


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

    return SearchResults(
        query=query,
        leaders=[
            SearchResult(
                kind="leader",
                title=row["name"],
                url=_leader_url(row["slug"]),
                snippet=_marked_headline(row["snippet"]),
                context=_leader_context(row["title"], row["organisation__name"]),
            )
            for row in leader_rows
        ],
        quotes=[
            SearchResult(
                kind="quote",
                title=f"Quote by {row['leader__name']}",
                url=_quote_url(row["leader__slug"], row["id"]),
                snippet=_marked_headline(row["snippet"]),
                context=row["leader__title"],
            )
            for row in quote_rows
        ],
        pathways=[
            SearchResult(
                kind="pathway",
                title=row["title"],
                url=_pathway_url(row["slug"]),
                snippet=_marked_headline(row["snippet"]),
            )
            for row in pathway_rows
        ],
        leader_count=_counted(leader_rows),
        quote_count=_counted(quote_rows),
        pathway_count=_counted(pathway_rows),
    )


# Other databases (SQLite) ----------------------------------------------------------------------


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

    leader_fields = {"name": 3, "title": 3, "organisation__name": 2, "summary": 2, "bio": 1}
    leaders = list(
        Leader.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(leader_fields)))
        .annotate(rank=_word_rank(wanted, leader_fields), total=Window(Count("id")))
        .order_by("-rank", "name", "id")
        .values("name", "slug", "title", "organisation__name", "summary", "bio", "total")[:limit]
    )

    quote_fields = {"leader__name": 2, "text": 1}
    quotes = list(
        Quote.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(quote_fields)))
        .annotate(rank=_word_rank(wanted, quote_fields), total=Window(Count("id")))
        .order_by("-rank", "leader__name", "id")
        .values("id", "text", "leader__name", "leader__slug", "leader__title", "total")[:limit]
    )

    pathway_fields = {"title": 2, "summary": 1}
    pathways = list(
        Pathway.objects.published()
        .filter(_every_word_somewhere(wanted, unwanted, list(pathway_fields)))
        .annotate(rank=_word_rank(wanted, pathway_fields), total=Window(Count("id")))
        .order_by("-rank", "title", "id")
        .values("title", "slug", "summary", "total")[:limit]
    )

    return SearchResults(
        query=query,
        leaders=[
            SearchResult(
                kind="leader",
                title=row["name"],
                url=_leader_url(row["slug"]),
                snippet=_window_snippet(f"{row['summary']} {row['bio']}", wanted),
                context=_leader_context(row["title"], row["organisation__name"]),
            )
            for row in leaders
        ],
        quotes=[
            SearchResult(
                kind="quote",
                title=f"Quote by {row['leader__name']}",
                url=_quote_url(row["leader__slug"], row["id"]),
                snippet=_window_snippet(row["text"], wanted),
                context=row["leader__title"],
            )
            for row in quotes
        ],
        pathways=[
            SearchResult(
                kind="pathway",
                title=row["title"],
                url=_pathway_url(row["slug"]),
                snippet=_window_snippet(row["summary"], wanted),
            )
            for row in pathways
        ],
        leader_count=_counted(leaders),
        quote_count=_counted(quotes),
        pathway_count=_counted(pathways),
    )
