#!/usr/bin/python3
"""Writes html-reference.json: what html5lib (a browser-conformant HTML parser) makes of the href
attribute values and documents in CASES, for decode-entities.test.ts and parse-links.test.ts.

    /usr/bin/python3 test/crawl/html-reference.py > test/crawl/html-reference.json

(Debian: apt-get install python3-html5lib, which installs into the system Python.)
"""
import json
import sys

import html5lib

# Raw attribute values: each is parsed as <a href="VALUE"> and read back.
ATTRIBUTE_VALUES = [
    "/search?a=1&amp;b=2",
    "/a?b=1&AMP;c=2",
    "/a?b=1&Amp;c=2",
    "/caf&eacute;",
    "/caf&eacute",
    "/caf&eacutex",
    "/&copy;2024",
    "/?a=1&copy=2",
    "/?a=1&copy2",
    "/?a=1&copy-2",
    "/?x=&notit;",
    "/?x=&notin;",
    "/?x=&not;",
    "/?x=&not",
    "/&#x80;&#x81;&#x8D;&#x9F;",
    "/&#128;&#150;&#159;",
    "/&#0;&#xD800;&#x110000;&#xFFFE;",
    "/&#65&#x42",
    "/&lt&gt&quot",
    "/&bogus;&amp",
    "/&sol;path&#47;to",
    "/&NewLine;x&Tab;y",
    "/&nbsp;x",
    "/&zwnj;&hellip;&rarr;",
    "/&ImaginaryI;&ii;",
    "/&#x2F;&#X2f;",
    "/q?a=&lang;b&rang;",
]

# Whole documents: the hrefs of a and area elements, in order.
DOCUMENTS = [
    '<!-- <a href="/hidden-1"> --!> <a href="/after-bang">x</a>',
    '<!-- a --!><a href="/after-bang-2">x</a>',
    '<!-- a --!- <a href="/hidden-2"> --> <a href="/after-dash">x</a>',
    '<!--> <a href="/after-empty">x</a>',
    '<!---> <a href="/after-empty-dash">x</a>',
    '<!-- <!-- nested --> <a href="/after-nested">x</a>',
    '<!----!> <a href="/after-short-bang">x</a>',
    '<!-- --- > <a href="/hidden-3"> ---> <a href="/after-three">x</a>',
    '<a href="/one">1</a><!-- unterminated <a href="/hidden-4">',
    '<p title="&copy;"><a href="/&copy;&AMP;&#x80;">x</a>',
]


def href_of_attribute(value):
    document = html5lib.parse('<a href="%s">x</a>' % value.replace('"', "&quot;"), namespaceHTMLElements=False)
    return document.find(".//a").get("href")


def hrefs_of_document(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        element.get("href")
        for element in document.iter()
        if element.tag in ("a", "area") and element.get("href") is not None
    ]


json.dump(
    {
        "html5lib": html5lib.__version__,
        "attributes": [{"raw": value, "decoded": href_of_attribute(value)} for value in ATTRIBUTE_VALUES],
        "documents": [{"html": html, "hrefs": hrefs_of_document(html)} for html in DOCUMENTS],
    },
    sys.stdout,
    indent=2,
    ensure_ascii=False,
)
print()
