"""Publishing without Actions: the built public/ → a commit on the ``gh-pages`` branch.

ghp-import writes the output folder as the whole tree of one new commit on the branch
(through ``git fast-import``, never touching the working tree or the current branch) and
optionally pushes it. The site is always rebuilt first, so what is published is exactly
what ``build`` makes from the committed content.
"""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass

import ghp_import

from builder.config import SiteConfig
from builder.errors import BuilderError, Diagnostic


@dataclass(frozen=True, slots=True)
class DeployOptions:
    """Where and how to publish."""

    branch: str = "gh-pages"
    remote: str = "origin"
    push: bool = True
    message: str = "Publish the site"


def deploy(config: SiteConfig, options: DeployOptions) -> None:
    """Commit ``config.output_dir`` to ``options.branch`` of the site's repository."""
    output = config.output_dir.resolve()
    if not (output / "index.html").is_file():
        raise BuilderError(Diagnostic(config.paths.output, "nothing to deploy: build first"))
    try:
        with contextlib.chdir(config.root):
            ghp_import.ghp_import(
                str(output), mesg=options.message, branch=options.branch,
                remote=options.remote, push=options.push, nojekyll=True,
            )
    except ghp_import.GhpError as exc:
        raise BuilderError(Diagnostic(str(config.root), f"deploy failed: {exc.message}")) from None
    except subprocess.CalledProcessError as exc:
        raise BuilderError(Diagnostic(
            str(config.root), f"deploy failed: git {' '.join(map(str, exc.cmd[1:]))} "
            f"exited with {exc.returncode}")) from None
