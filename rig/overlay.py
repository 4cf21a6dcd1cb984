#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build the kernel tree to test: the base commit plus our series.

Each line of patches/series becomes one commit on top of the tag "base" in
the tree's git repository: the line's patch is applied to existing upstream
files and the line's new paths are added from this repository. The commits
are built in a private index, so the tree's working files are untouched
until the end, when branch "cma" moves to the result with "git reset
--hard". Git rewrites only the files whose content changed, so kbuild
rebuilds only what an edit affects. Commit dates come from the patches,
so an unchanged series gives the same commit ids and rewrites nothing.

Usage: overlay.py PROJECT_DIR TREE_DIR
"""

import os
import subprocess
import sys
import tempfile

# Top-level directories of this repository that mirror the kernel tree.
OVERLAY_ROOTS = ("Documentation", "arch", "drivers", "include", "lib", "net",
                 "samples", "scripts", "tools")


def die(msg):
    print(f"ERROR: overlay: {msg}", file=sys.stderr)
    sys.exit(1)


def git(tree, *args, env=None, inp=None):
    r = subprocess.run(["git", "-C", tree, *args], input=inp, env=env,
                       capture_output=True, text=True)
    if r.returncode:
        die(f"git {' '.join(args[:2])} failed: {r.stderr.strip()}")
    return r.stdout


def read_series(proj):
    series = []
    path = os.path.join(proj, "patches", "series")
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            patch = os.path.join(proj, "patches", line[0])
            if not os.path.isfile(patch):
                die(f"series line {n}: no patch {line[0]}")
            for p in line[1:]:
                if not os.path.exists(os.path.join(proj, p)):
                    die(f"series line {n}: no path {p}")
            series.append((patch, line[1:]))
    return series


def files_under(proj, path):
    full = os.path.join(proj, path)
    if os.path.isfile(full):
        return [path]
    out = []
    for d, dirs, files in os.walk(full):
        dirs[:] = sorted(x for x in dirs if x != "__pycache__")
        for f in sorted(files):
            if f.endswith((".o", ".pyc", "~")) or f.startswith(".#"):
                continue
            out.append(os.path.relpath(os.path.join(d, f), proj))
    return out


def check_coverage(proj, series):
    """Every overlay file is added by exactly one series line."""
    owner = {}
    for patch, paths in series:
        for p in paths:
            for f in files_under(proj, p):
                if f in owner:
                    die(f"{f} is added by both {owner[f]} and "
                        f"{os.path.basename(patch)}")
                owner[f] = os.path.basename(patch)
    for root in OVERLAY_ROOTS:
        for f in files_under(proj, root) if os.path.isdir(
                os.path.join(proj, root)) else []:
            if f not in owner:
                die(f"{f} is in no line of patches/series")


def mailinfo(tree, patch):
    """Split a mail-format patch into (headers, message, diff)."""
    with tempfile.TemporaryDirectory() as tmp:
        msg, diff = os.path.join(tmp, "msg"), os.path.join(tmp, "diff")
        with open(patch) as f:
            info = git(tree, "mailinfo", msg, diff, inp=f.read())
        hdr = {}
        for line in info.splitlines():
            k, _, v = line.partition(": ")
            hdr[k] = v
        for k in ("Author", "Email", "Subject", "Date"):
            if not hdr.get(k):
                die(f"{os.path.basename(patch)} has no {k}")
        with open(msg) as f:
            body = f.read()
        with open(diff) as f:
            return hdr, f"{hdr['Subject']}\n\n{body}", f.read()


def main():
    if len(sys.argv) != 3:
        die("usage: overlay.py PROJECT_DIR TREE_DIR")
    proj, tree = (os.path.abspath(a) for a in sys.argv[1:])
    series = read_series(proj)
    check_coverage(proj, series)

    gitdir = git(tree, "rev-parse", "--absolute-git-dir").strip()
    env = dict(os.environ, GIT_INDEX_FILE=os.path.join(gitdir,
                                                       "overlay-index"))
    parent = git(tree, "rev-parse", "base^{commit}").strip()
    git(tree, "read-tree", parent, env=env)

    for patch, paths in series:
        name = os.path.basename(patch)
        hdr, msg, diff = mailinfo(tree, patch)
        if diff.strip():
            r = subprocess.run(["git", "-C", tree, "apply", "--cached",
                                "--whitespace=error-all"], input=diff,
                               env=env, capture_output=True, text=True)
            if r.returncode:
                die(f"{name} does not apply: {r.stderr.strip()}")
        entries = []
        for p in paths:
            for f in files_under(proj, p):
                full = os.path.join(proj, f)
                sha = git(tree, "hash-object", "-w", "--", full).strip()
                mode = "100755" if os.access(full, os.X_OK) else "100644"
                entries.append(f"{mode} {sha}\t{f}\n")
        if entries:
            git(tree, "update-index", "--add", "--index-info",
                env=env, inp="".join(entries))
        tree_id = git(tree, "write-tree", env=env).strip()
        cenv = dict(env, GIT_AUTHOR_NAME=hdr["Author"],
                    GIT_AUTHOR_EMAIL=hdr["Email"],
                    GIT_AUTHOR_DATE=hdr["Date"],
                    GIT_COMMITTER_NAME=hdr["Author"],
                    GIT_COMMITTER_EMAIL=hdr["Email"],
                    GIT_COMMITTER_DATE=hdr["Date"])
        parent = git(tree, "commit-tree", tree_id, "-p", parent, env=cenv,
                     inp=msg).strip()

    head = subprocess.run(["git", "-C", tree, "rev-parse", "-q", "--verify",
                           "HEAD"], capture_output=True, text=True)
    dirty = git(tree, "status", "--porcelain", "--untracked-files=normal")
    if head.stdout.strip() == parent and not dirty:
        print(f"==> tree unchanged at {parent[:12]}", file=sys.stderr)
        return
    git(tree, "checkout", "-q", "-B", "cma", parent)
    git(tree, "reset", "-q", "--hard", parent)
    git(tree, "clean", "-q", "-fdx")
    print(f"==> tree at {parent[:12]}: base + {len(series)} commits",
          file=sys.stderr)


if __name__ == "__main__":
    main()
