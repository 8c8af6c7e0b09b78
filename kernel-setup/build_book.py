"""Builds the course as an offline static site: every notebook executed, one HTML page per chapter with its outputs,
an index with the chapter table, previous/next links, and the equations (MathJax) and charts (Plotly) served from the
site's own folder, so it opens from disk with no network.

usage: build_book.py OUTPUT_DIR [--executed DIR]
  --executed DIR  take the executed notebooks from DIR (as test/notebooks.test.ts leaves them) instead of running them
exit status: 0 built, 1 a notebook failed (the others are still built), 2 bad usage or a missing file.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import time

import mistune
import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from execute_notebook import LOCAL_MATHJAX, MATHJAX_CONFIG, PLOTLY, export_html  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(REPO, "notebooks")

# The README's notebook table is the one list of chapters and their questions: | `NN-name.ipynb` | question |
README_ROW = re.compile(r"^\| `(\d\d-[\w-]+)\.ipynb` \| (.+) \|$", re.MULTILINE)

STYLE = """<style>
.genlab-book-nav { font: 15px sans-serif; display: flex; justify-content: space-between; gap: 1em;
  max-width: 1000px; margin: 12px auto; padding: 8px 12px; background: #f4f6f8; border-radius: 6px; }
.genlab-book-nav a { text-decoration: none; }
</style>"""


def chapters():
    """(name, question) for every notebook, in order; the question from the README's table."""
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        questions = dict(README_ROW.findall(f.read()))
    names = sorted(n[:-len(".ipynb")] for n in os.listdir(NOTEBOOKS) if n.endswith(".ipynb"))
    missing = [n for n in names if n not in questions]
    if missing:
        raise SystemExit(f"README.md's notebook table has no row for {', '.join(missing)}: add one, then build again.")
    return [(n, questions[n]) for n in names]


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "(untitled)"


def nav(previous, following):
    link = lambda target, text: f'<a href="{target[0]}.html">{text}</a>' if target else "<span></span>"
    return (f'<nav class="genlab-book-nav">{link(previous, "← " + html.escape(previous[1]) if previous else "")}'
            f'<a href="index.html">Contents</a>{link(following, html.escape(following[1]) + " →" if following else "")}</nav>')


def copy_assets(out):
    """One copy of Plotly and of MathJax (Debian's libjs-mathjax, hard-linked where the file system allows)."""
    shutil.copyfile(PLOTLY, os.path.join(out, "plotly.min.js"))
    mathjax = os.path.dirname(LOCAL_MATHJAX)
    if not os.path.isdir(mathjax):
        raise SystemExit(f"{mathjax} is missing: install Debian's libjs-mathjax (kernel-setup/start.sh does).")
    target = os.path.join(out, "mathjax")
    shutil.rmtree(target, ignore_errors=True)

    def link_or_copy(source, destination):
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)
    shutil.copytree(mathjax, target, copy_function=link_or_copy)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output_dir")
    parser.add_argument("--executed", help="folder of executed notebooks to use instead of running them")
    args = parser.parse_args()
    out = args.output_dir
    os.makedirs(out, exist_ok=True)
    listed = chapters()
    failed = []
    executed_dir = args.executed or os.path.join(out, "executed")
    if not args.executed:
        for name, _ in listed:
            started = time.monotonic()
            run = subprocess.run([sys.executable, "-Xfrozen_modules=off", os.path.join(REPO, "kernel-setup", "execute_notebook.py"),
                                  os.path.join(NOTEBOOKS, name + ".ipynb"), executed_dir])
            print(f"{'ok' if run.returncode == 0 else 'FAILED'} {name} ({time.monotonic() - started:.0f} s)", flush=True)
            if run.returncode != 0:
                failed.append(name)
    missing = [n for n, _ in listed if not os.path.isfile(os.path.join(executed_dir, n + ".ipynb"))]
    if missing:
        print(f"no executed notebook for {', '.join(missing)} in {executed_dir}", file=sys.stderr)
        return 2

    copy_assets(out)
    pages = [(name, title_of(nbformat.read(os.path.join(executed_dir, name + ".ipynb"), as_version=4))) for name, _ in listed]
    for i, (name, _) in enumerate(pages):
        nb = nbformat.read(os.path.join(executed_dir, name + ".ipynb"), as_version=4)
        page = export_html(nb, mathjax_url=f"mathjax/MathJax.js?config={MATHJAX_CONFIG}", plotly_src="plotly.min.js")
        bar = nav(pages[i - 1] if i > 0 else None, pages[i + 1] if i + 1 < len(pages) else None)
        page = page.replace("</head>", f"{STYLE}\n</head>", 1)
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, page, count=1).replace("</body>", bar + "</body>", 1)
        with open(os.path.join(out, name + ".html"), "w", encoding="utf-8") as f:
            f.write(page)

    rows = "\n".join(f'<tr><td><a href="{name}.html">{html.escape(title)}</a></td><td>{mistune.html(question.replace(chr(92) + "|", "|"))}</td></tr>'
                     for (name, title), (_, question) in zip(pages, listed))
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as f:
        f.write(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>genlab: generative models, derived and trained</title>
<style>body {{ font: 16px/1.5 sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; }}
td {{ vertical-align: top; padding: 6px 10px; border-bottom: 1px solid #ddd; }} td p {{ margin: 0; }}</style></head>
<body><h1>genlab: generative models, derived and trained</h1>
<p>Every chapter below was executed to build this book{' in fast mode (a few steps: outputs test the code, not the models)' if os.environ.get('GENLAB_FAST') else ''}.</p>
<table>{rows}</table></body></html>
""")
    print(f"book: {len(pages)} chapters in {os.path.join(out, 'index.html')}")
    if failed:
        print(f"FAILED: {', '.join(failed)} (their pages show what ran)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
