"""The HTML pieces of the page templates (kam.site.pieces): every value from the book is text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from kam.site import pieces

HOSTILE = '<script>alert(1)</script> & "q" \u202egnp.exe =1+2\nline'


def test_a_table_escapes_every_cell_and_header_and_keeps_markup_given_as_markup():
    html = pieces.table([HOSTILE, "n"], [[HOSTILE, 3], [Markup("<b>ok</b>"), None]], cls='x" onclick="y', num=(1,))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html and "&#34;q&#34;" in html
    assert 'class="kam-table x&#34; onclick=&#34;y"' in html  # the class cannot open an attribute
    assert '<td class="kam-long"><b>ok</b></td>' in html and '<td class="kam-num">3</td>' in html
    assert html.count("<tr>") == 3 and html.startswith('<div class="kam-table ') and html.endswith("</div>")


def test_pairs_notes_and_health():
    assert "&lt;script&gt;" in pieces.pairs([(HOSTILE, HOSTILE)]) and "<script>" not in pieces.pairs([("a", HOSTILE)])
    assert pieces.notes([]) == "" and pieces.notes(None) == ""
    notes = pieces.notes([(HOSTILE, HOSTILE)])
    assert notes.startswith('<dl class="kam-notes-list">\n<dt><bdi>&lt;script') and notes.endswith("</dl>\n")
    assert pieces.health(None) == ""
    assert [pieces.health(s) for s in (80, 79.5, 59)] == [
        '<span class="kam-health kam-health--good">80</span>',
        '<span class="kam-health kam-health--warn">79.5</span>',
        '<span class="kam-health kam-health--bad">59</span>',
    ]


def test_a_cells_dates_and_numbers_stay_whole_and_its_text_escaped():
    """Browsers break after a hyphen (2026-11-|20): short runs with a digit are kept on one line; the rest
    of the cell, hostile text included, is escaped, and a long unbroken run is left free to wrap."""
    from markupsafe import Markup

    from kam.site.markup import nobr

    assert nobr("due 2026-11-20, INV-2026-0011") == (
        'due <span class="kam-nobr">2026-11-20,</span> <span class="kam-nobr">INV-2026-0011</span>'
    )
    assert nobr("<b>2026-11-20</b>") == "&lt;b&gt;2026-11-20&lt;/b&gt;"  # an escaped run is never wrapped
    assert nobr("-12.5") == "-12.5" and nobr("proposal") == "proposal" and nobr(12) == "12"
    long = "2026-" * 10
    assert nobr(long) == long  # 50 characters: free to wrap
    link = Markup('<a href="/x-2026-1/">x</a>')
    assert nobr(link) == link


@given(st.one_of(st.text(alphabet=st.sampled_from(list("ab12-/\u2013 <>&\"'\u202e\n")), max_size=30), st.integers()))
def test_a_cells_text_joined_by_python_is_the_templates_markup_as_a_str(value):
    from markupsafe import escape

    from kam.site.markup import nobr, nobr_text

    text = nobr_text(value)
    assert type(text) is str and text == nobr(value) and isinstance(nobr(value), Markup)
    assert text.replace('<span class="kam-nobr">', "").replace("</span>", "") == escape(value)  # only spans added
    assert nobr_text(Markup("<b>2026-01-01</b>")) == "<b>2026-01-01</b>"  # markup kept as it is


def test_a_column_of_sentences_is_marked_wider_for_a_phone():
    """A text column with a cell 28 Latin letters wide or more (14 Chinese characters) keeps a wider column on a
    phone (kam.css: .kam-long); the width counts the text a reader sees: not a link's tags, not an escaped
    angle bracket's entity, a wide character twice."""
    from kam.site.markup import LONG_TEXT, is_long, long_columns

    assert LONG_TEXT == 28
    cells = ("a" * 27, "a" * 28, "汉" * 13, "汉" * 14, "汉a" * 9, "汉a" * 10, None, 12345)
    assert [is_long(x) for x in cells] == [False, True, False, True, False, True, False, False]
    link = Markup('<a href="/accounts/a-very-long-address-indeed-1234567890/">短名</a>')
    assert not is_long(link) and is_long(("逾期" * 7, "kam-mark")) and not is_long(("逾期" * 6 + "x", "kam-mark"))
    assert is_long("<b>" * 10)  # text, counted as shown: "<b><b>..."
    assert is_long("\u202e" + "x" * 40) and is_long("长" * 100_000) and not is_long("\u202e" * 3)
    rows = [["短", "汉" * 14, 1234567890123456789012345678901, link], ["x", "y", 2, None]]
    assert long_columns(rows, 4, skip={2}) == {1}
    html = pieces.table(["a", "b", "c", "d"], rows, num=(2,))
    assert html.count('<td class="kam-long">') == 2 and html.count('<td class="kam-num">') == 2
    assert "<td>短</td>" in html and "<th>b</th>" in html  # a header is never marked


def test_a_guides_short_codes_stay_whole_on_a_phone():
    """A field, an id, a date or a path in a guide's code is marked to stay whole (kam.css: .kam-word, on a phone
    only); in a longer code only its short words with a hyphen or a slash; a pattern, a block of code, hostile
    text and a code with markup inside are left as they are."""
    from kam.site.markup import whole_codes

    assert whole_codes("<td><code>stage</code> <code>2026-line-upgrade</code></td>") == (
        '<td><code class="kam-word">stage</code> <code class="kam-word">2026-line-upgrade</code></td>'
    )
    assert whole_codes("<code>kam publish-check --pages FILE</code>") == (
        '<code>kam <span class="kam-word">publish-check</span> <span class="kam-word">--pages</span> FILE</code>'
    )
    pattern = "<code>^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$</code>"
    block = "<pre><code>kam build --site-dir site</code></pre>"
    hostile = "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"
    for kept in (pattern, block, hostile, "<code>x</code>", '<code class="x">a-b</code>', "<code>a <b>b-c</b></code>"):
        assert whole_codes(kept) == kept
    assert whole_codes("<code>&lt;b&gt;</code>") == '<code class="kam-word">&lt;b&gt;</code>'  # escaped, as it was
    assert whole_codes("<code>" + "a-" * 5000 + "</code>") == "<code>" + "a-" * 5000 + "</code>"  # too long to look at


class _Html:
    """Something that says it is HTML already (markupsafe's protocol)."""

    def __html__(self):
        return "<i>own</i>"


def _values():
    return [HOSTILE, Markup("<b>ok</b>"), 12.5, 3, None, _Html(), "x" * 100_000 + "<", "\u202e\u2066&\u0000"]


def test_page_templates_write_what_markupsafe_escape_writes():
    """kam's page templates escape their output with markup.escaped (PageTemplate), not markupsafe's escape:
    every kind of value gives the same text, hostile text included."""
    from jinja2 import Environment

    from kam.site import markup, pages

    mine = pages.env().from_string("<p>{{ v }}|{{ w.x }}</p>")
    assert mine.root_render_func.__globals__["escape"] is markup.escaped  # in effect
    plain = Environment(autoescape=True).from_string("<p>{{ v }}|{{ w.x }}</p>")
    for v in _values():
        assert mine.render(v=v, w={"x": v}) == plain.render(v=v, w={"x": v})
    assert "&lt;script&gt;" in mine.render(v=HOSTILE, w={"x": ""})


def test_names_are_escaped_and_isolated_each():
    from markupsafe import escape

    from kam.site.markup import names

    values = _values()
    made = names(values, "、")
    assert isinstance(made, Markup)
    assert made == "、".join(f"<bdi>{escape(v)}</bdi>" for v in values)
    assert "<script>" not in made and "<b>ok</b>" in made and "<i>own</i>" in made
    assert names([], ", ") == ""
