"""The leaders list's cards, drawn in Python.

A page of 20 cards through the template engine (a loop, a dozen nodes a card) cost more than
the page's database work; written here it is a tenth of that. The markup is the NHS.UK card of
templates/stories/includes/leader_card.html, plus the leader's themes as tags: change both
together.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from stories.selectors import LeaderCard

register = template.Library()

CARD = """
      <li>
<div class="nhsuk-card nhsuk-card--clickable">
  <div class="nhsuk-card__content">
    <h2 class="nhsuk-card__heading nhsuk-heading-m">
      <a class="nhsuk-card__link" href="{url}">{name}</a>
    </h2>
    <p class="nhsuk-body-s pathways-meta">{title}{organisation}</p>
    <p class="nhsuk-card__description">{summary}</p>
    <ul class="pathways-tags" aria-label="Themes">
      {themes}
    </ul>
  </div>
</div>
      </li>"""

THEME = '<li><strong class="nhsuk-tag nhsuk-tag--white">{}</strong></li>'


@register.simple_tag
def leader_cards(cards: Iterable[LeaderCard]) -> SafeString:
    """`{% leader_cards cards %}`: one `<li>` card per leader, for a `<ul>` around them.

    Every value is escaped here as the template engine would (`html.escape`, which Django's
    autoescaping uses); `format_html` would do the same at five times the cost.
    """
    return mark_safe(
        "".join(
            CARD.format(
                url=escape(card.url),
                name=escape(card.name),
                title=escape(card.title),
                organisation=f", {escape(card.organisation)}" if card.organisation else "",
                summary=escape(card.summary),
                themes="".join(THEME.format(escape(theme.name)) for theme in card.themes),
            )
            for card in cards
        )
    )
