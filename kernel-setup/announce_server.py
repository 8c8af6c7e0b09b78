"""Prints the URL of the Jupyter server that start.sh started, with its token, once the server answers.

Jupyter logs its URL among many start-up lines; this prints it last, in one line, with how to stop the server.
The server (JupyterLab's jupyter_server, or classic Notebook) writes its URL and token to a state file named after
its process id in Jupyter's runtime directory; start.sh execs the server, so that id is start.sh's own.

usage: announce_server.py PID NAME
"""
import json
import os
import sys
import time
import urllib.request

from jupyter_core.paths import jupyter_runtime_dir


def server_info(pid):
    for prefix in ("jpserver", "nbserver"):
        try:
            with open(os.path.join(jupyter_runtime_dir(), f"{prefix}-{pid}.json"), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):  # not written yet, or caught half-written
            pass
    return None


def answers(info):
    try:
        with urllib.request.urlopen(f"{info['url']}api/status?token={info['token']}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def main():
    pid, name = int(sys.argv[1]), sys.argv[2]
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 1  # the server stopped before it was ready; its own messages say why
        info = server_info(pid)
        if info and answers(info):
            break
        time.sleep(0.2)
    page = "lab" if name == "JupyterLab" else "tree"
    print(f"\n== {name} is ready. Open {info['url']}{page}?token={info['token']}", flush=True)
    print(f"   Stop it with Ctrl-C twice in this terminal, or `kill {pid}` from another one.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
