"""Executes one notebook with the tslab kernel and fails loudly on any error.

Why Python: Jupyter's own client (nbclient) sees each cell's reply status, and tslab reports a failed cell only
through that status plus text on stderr (no ename, no traceback), which `jupyter nbconvert --execute` turns into
an empty "<Error>:". This script names the failing cell, prints what it wrote to stderr, and always saves the
executed notebook (up to the failure) and its HTML export, so nothing that ran is lost.

usage: execute_notebook.py NOTEBOOK OUTPUT_DIR [--timeout SECONDS]
exit status: 0 clean, 1 a cell failed or wrote error text to stderr, 2 bad usage or missing file.
"""
import argparse
import os
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter

# The HTML export takes MathJax from Debian's libjs-mathjax (start.sh installs it) when present, so its
# equations render offline; elsewhere nbconvert's default (a CDN) applies.
LOCAL_MATHJAX = "/usr/share/javascript/mathjax/MathJax.js"
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"

# Chart outputs load Plotly from the Jupyter server (src/plots/plotly-loader.ts); an export has none, so it carries
# one copy of the bundle in its head, and every chart in it finds window.Plotly. The function parameter hides an AMD
# `define` (the export's RequireJS, when it loads) that would otherwise keep the bundle from setting window.Plotly.
PLOTLY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "plotly.js-dist-min",
                      "plotly.min.js")


def with_plotly(html, plotly_src=None):
    """Gives an export with charts Plotly: inline (one self-contained file), or from `plotly_src` (the book's one copy)."""
    if 'class="genlab-chart"' not in html:
        return html
    if plotly_src:
        script = (f'<script>window.genlabDefine = window.define; window.define = undefined;</script>\n'
                  f'<script src="{plotly_src}"></script>\n<script>window.define = window.genlabDefine;</script>')
    else:
        with open(PLOTLY, encoding="utf-8") as f:
            bundle = f.read().replace("</script", "<\\/script")
        script = f"<script>(function (define) {{\n{bundle}\n}}).call(window);</script>"
    return html.replace("</head>", f"{script}\n</head>", 1)


def export_html(nb, mathjax_url=None, plotly_src=None):
    """The HTML of an executed notebook: MathJax from `mathjax_url` (default Debian's, when installed), Plotly as above."""
    exporter = HTMLExporter()
    if mathjax_url:
        exporter.mathjax_url = mathjax_url
    elif os.path.isfile(LOCAL_MATHJAX):
        exporter.mathjax_url = f"file://{LOCAL_MATHJAX}?config={MATHJAX_CONFIG}"
    html, _ = exporter.from_notebook_node(nb)
    # nbconvert's template loads RequireJS from a CDN, for widgets these notebooks do not have: offline it only fails.
    html = re.sub(r'<script src="[^"]*require(?:\.min)?\.js"></script>\s*', "", html)
    return with_plotly(html, plotly_src)


# Error text tslab and Node print on stderr: a compile diagnostic "12:5 - ...", an "XxxError: ..." line,
# or a stack frame. Plain warnings (console.warn) match none of these.
ERROR_TEXT = re.compile(r"^(\d+:\d+ - |\w*Error\b.*:|\s+at .+:\d+:\d+\)?$|Uncaught\b)", re.MULTILINE)


def stderr_errors(cell):
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return text if ERROR_TEXT.search(text) else ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("output_dir")
    parser.add_argument("--timeout", type=int, default=None, help="seconds per cell (default: no limit)")
    args = parser.parse_args()
    if not os.path.isfile(args.notebook):
        print(f"no such notebook: {args.notebook}", file=sys.stderr)
        return 2

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(nb, kernel_name="tslab", timeout=args.timeout,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}})
    problems = []
    try:
        client.execute()
    except CellTimeoutError as error:
        problems.append(f"a cell ran longer than {args.timeout} s: {str(error).splitlines()[0]}")
    except CellExecutionError:
        pass  # the failing cell is found below from its stderr text and the cells left unexecuted
    finally:
        os.makedirs(args.output_dir, exist_ok=True)
        name = os.path.splitext(os.path.basename(args.notebook))[0]
        nbformat.write(nb, os.path.join(args.output_dir, name + ".ipynb"))
        html = export_html(nb)
        with open(os.path.join(args.output_dir, name + ".html"), "w", encoding="utf-8") as f:
            f.write(html)

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code_cells, start=1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        text = stderr_errors(cell) or "".join(f"{e.get('ename')}: {e.get('evalue')}\n" for e in errors)
        if text:
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"
            problems.append(f"code cell {index} ({first_line[:70]}) failed:\n{text.rstrip()}")
    if not problems and any(c.get("execution_count") is None and c.source.strip() for c in code_cells):
        problems.append("execution stopped early: a cell reported an error without printing it")

    if problems:
        print(f"FAILED {args.notebook}", file=sys.stderr)
        for p in problems:
            print("  " + p.replace("\n", "\n    "), file=sys.stderr)
        return 1
    print(f"ok {args.notebook} -> {args.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
