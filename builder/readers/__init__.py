"""Readers: one per input kind, each turning a file's text into the same RawReport lines.

    .txt            text copied from a web page, chrome and all   → readers.txt
    .md .markdown   YAML front matter + markdown (raw HTML off)   → readers.markdown
    .html .htm      a saved web page; its main text is extracted  → readers.html
"""

from builder.readers.html import read_html
from builder.readers.markdown import read_markdown
from builder.readers.txt import read_txt

READERS = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}

__all__ = ["READERS", "read_html", "read_markdown", "read_txt"]
