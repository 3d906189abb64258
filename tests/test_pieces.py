"""The HTML pieces of the page templates (kam.site.pieces): every value from the book is text."""

from __future__ import annotations

from markupsafe import Markup

from kam.site import pieces

HOSTILE = '<script>alert(1)</script> & "q" \u202egnp.exe =1+2\nline'


def test_a_table_escapes_every_cell_and_header_and_keeps_markup_given_as_markup():
    html = pieces.table([HOSTILE, "n"], [[HOSTILE, 3], [Markup("<b>ok</b>"), None]], cls='x" onclick="y', num=(1,))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html and "&#34;q&#34;" in html
    assert 'class="kam-table x&#34; onclick=&#34;y"' in html  # the class cannot open an attribute
    assert "<td><b>ok</b></td>" in html and '<td class="kam-num">3</td>' in html
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
