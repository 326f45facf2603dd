"""The ``mlplugin`` command line.

Each command parses its options, calls one library function and renders the result.
Exceptions become exit codes in exactly one place, :data:`EXIT_CODES`, shown in
``mlplugin --help`` and documented in ``docs/reference/cli.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, Optional

import click

from scaffold._errors import (
    AnswersFileError,
    CannotEditRegistration,
    CannotEditSetupPy,
    EnvironmentProblem,
    FileProblem,
    GeneratedProjectFailedChecks,
    InvalidOption,
    InvalidPluginName,
    NotAProject,
    OverlayRefused,
    ProjectRefused,
    ScaffoldError,
    TargetExists,
    TemplateError,
    VerifyConfigError,
    VerifyUsageError,
    WriteFailed,
)

#: Exception class -> (exit code, meaning). The first matching row wins.
EXIT_CODES: tuple[tuple[type[BaseException], int, str], ...] = (
    (InvalidPluginName, 2, "the plugin name is invalid (every problem is listed)"),
    (InvalidOption, 2, "an option or answer is invalid (every problem is listed)"),
    (AnswersFileError, 2, "the answers file cannot be read or has unknown answers"),
    (TargetExists, 2, "the output directory exists and --force was not given"),
    (NotAProject, 2, "update, check, add: the directory records no [tool.mlplugin] answers"),
    (CannotEditSetupPy, 2, "add cannot edit setup.py safely (the exact lines to add are shown)"),
    (
        CannotEditRegistration,
        2,
        "add trainer cannot edit the registration function safely (the lines are shown)",
    ),
    (
        ProjectRefused,
        2,
        "update, add or adopt cannot write safely (uncommitted git changes, symlink, read-only)",
    ),
    (
        OverlayRefused,
        2,
        "--force cannot write safely (uncommitted git changes, symlink, read-only)",
    ),
    (VerifyUsageError, 2, "verify cannot use its target or options"),
    (VerifyConfigError, 2, "[tool.mlplugin.verify] is invalid (e.g. an ignore without a reason)"),
    (GeneratedProjectFailedChecks, 1, "the generated project failed its load checks"),
    (EnvironmentProblem, 3, "the environment lacks something (interpreter, build backend)"),
    (WriteFailed, 3, "a file could not be written (full disk, read-only, no permission); undone"),
    (FileProblem, 3, "any other operating-system error (a file or directory that cannot be used)"),
    (TemplateError, 4, "rendering the template failed (a bug in mlplugin)"),
    (ScaffoldError, 4, "any other mlplugin error (a bug in mlplugin)"),
)
EXIT_TABLE = """\b
Exit codes:
  0  success
  1  verify found problems in the plugin (or new's checks failed); check: the
     project is behind the template; update: conflicts were left to resolve
  2  usage error: invalid name, option, answers file, existing directory, or a
     directory that is not an mlplugin project
  3  environment problem: unwritable or full disk, missing interpreter or build backend
  4  internal error in mlplugin (please report it)
  130  interrupted (Ctrl-C or SIGTERM); what was being written is undone
"""


def exit_code_for(error: BaseException) -> int:
    """The exit code for ``error`` according to :data:`EXIT_CODES`."""
    for kind, code, _meaning in EXIT_CODES:
        if isinstance(error, kind):
            return code
    return 4


class _Failure(click.ClickException):
    """A library error on its way to the terminal, carrying its exit code."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        # click types exit_code as a ClassVar; each failure needs its own code
        self.exit_code = exit_code_for(error)  # type: ignore[misc,unused-ignore]

    def show(self, file: Any = None) -> None:  # noqa: ARG002 - always stderr
        click.echo(f"Error: {self.message}", err=True)


class _Group(click.Group):
    """Turns :class:`~scaffold.ScaffoldError` and :class:`OSError` into a clean exit.

    An ``OSError`` that no library function turned into a message of its own still
    becomes one line (what failed, on which path) and exit code 3, not a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScaffoldError as error:
            raise _Failure(error) from error
        except BrokenPipeError:
            raise  # the reader went away (``| head``); click exits quietly
        except OSError as error:
            raise _Failure(_os_error(error)) from error


def _os_error(error: OSError) -> FileProblem:
    where = str(error.filename) if error.filename is not None else "a file or directory"
    return FileProblem(path=where, reason=error.strerror or str(error))


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that every clean-up path runs as for Ctrl-C."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise _Terminated


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version, resolved only when asked for (reading metadata costs start-up time)."""
    if not value or ctx.resilient_parsing:
        return
    from scaffold import __version__

    click.echo(f"mlplugin {__version__}")
    ctx.exit()


@click.group(
    cls=_Group, epilog=EXIT_TABLE, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Create, test and verify Unity ML-Agents training plugins."""


_FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
_PYTHON = click.option(
    "--python",
    "python",
    default=None,
    metavar="PATH",
    help="Inspect this interpreter's environment instead of mlplugin's own.",
)


@cli.command("list", epilog=EXIT_TABLE)
@_FORMAT
@click.option("--no-load", is_flag=True, help="Read metadata only; do not import any plugin.")
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds each entry point may take to load.",
)
@_PYTHON
def list_(format_: str, no_load: bool, timeout_s: float, python: Optional[str]) -> None:
    """List installed ML-Agents plugins and whether each one loads.

    Shows every distribution with an entry point in mlagents.stats_writer or
    mlagents.trainer_type: version, entry point, status and location (editable installs
    are marked). Entry points load in child processes, one after the other, each with a
    timeout; a plugin that hangs or exits its child is reported and a new child loads
    the rest. A stats-writer registration function is called with a default RunOptions
    under a temporary results directory. Exits 0 whatever the statuses are.
    """
    from scaffold._env import inspect_interpreter, list_plugins
    from scaffold._terminal.env_text import plugins_json, plugins_text

    target = inspect_interpreter(python)
    plugins = list_plugins(interpreter=target, load=not no_load, timeout_s=timeout_s)
    render = plugins_json if format_ == "json" else plugins_text
    click.echo(render(plugins, target))


@cli.command(epilog=EXIT_TABLE)
@_FORMAT
@_PYTHON
def doctor(format_: str, python: Optional[str]) -> None:
    """Diagnose why the ML-Agents host might not see your plugin.

    Reads metadata, packaging files and script shebangs (no plugin code runs): stale
    editable installs, duplicate installs, misspelt groups, which interpreter
    mlagents-learn uses, whether the installed mlagents can discover plugins on this
    Python, and name clashes with mlplugin's modules. Exits 0 when there is no error
    or warning, 1 otherwise.
    """
    from scaffold._env import doctor as diagnose
    from scaffold._env import inspect_interpreter
    from scaffold._terminal.env_text import findings_json, findings_text

    target = inspect_interpreter(python)
    findings = diagnose(interpreter=target)
    render = findings_json if format_ == "json" else findings_text
    click.echo(render(findings, target))
    if any(finding.blocks for finding in findings):
        sys.exit(1)


@cli.command(epilog=EXIT_TABLE)
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option(
    "--installed",
    "installed",
    default=None,
    metavar="DIST",
    help="Verify a distribution installed in this environment instead of TARGET.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to FILE instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--static-only",
    "static_only",
    is_flag=True,
    help="Run only the static step: read the packaging files, build and run nothing "
    "(about a second; the pre-commit hook's default).",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds each phase that runs plugin code (import, registration, the "
    "contract scenario) may take.",
)
@click.option(
    "--python",
    "python",
    default=None,
    metavar="PATH",
    help="Interpreter for the throwaway environment (default: this one).",
)
@click.option(
    "--host",
    "host",
    default=None,
    metavar="PYTHON",
    help="Interpreter of an environment with the real mlagents: the throwaway environment "
    "is made from it and layered over its site-packages (torch is not reinstalled), so "
    "the trainer checks that need the host run. Not with --python.",
)
@click.option(
    "--host-version",
    "host_version",
    default=None,
    metavar="X.Y",
    help="Also check that the plugin works with this ML-Agents release (0.24 ... 1.1).",
)
@click.option(
    "--env",
    "env_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="NAME=value settings (a preset's <PACKAGE>_* variables) set for the plugin's "
    "code, so registration checks them as in training.",
)
def verify(
    target: Optional[Path],
    installed: Optional[str],
    format_: str,
    output: Optional[Path],
    strict: bool,
    static_only: bool,
    timeout_s: float,
    python: Optional[str],
    host: Optional[str],
    host_version: Optional[str],
    env_file: Optional[Path],
) -> None:
    """Walk every step the ML-Agents host takes to load the plugin at TARGET.

    TARGET is a project directory (default: the current one) or a *.whl file. The
    steps are static (packaging files, read only), build (isolated wheel), install
    (throwaway virtual environment), load, register and run (the contract scenario);
    the first step with an error stops the chain; --static-only stops after the static
    step. Stats-writer and trainer plugins are told apart by the entry-point groups
    they declare; trainer checks that need the real host run only with --host and are
    otherwise reported as not run. Every finding has a check ID listed in the docs.
    Exits 0 when clean, 1 when
    there are findings that fail the run. Throwaway environments are cached in
    ~/.cache/mlplugin (MLPLUGIN_CACHE_DIR moves it); delete that directory to clear it.
    """
    from scaffold._terminal.verify_text import ProgressPrinter, render_text
    from scaffold._verify import ALL_STEPS
    from scaffold._verify import verify as run_verify
    from scaffold._verify._env_file import read_env_file

    environment = read_env_file(env_file) if env_file is not None else None

    stream = sys.stdout
    tty = stream.isatty() and output is None
    header = f"mlplugin verify {installed or target or '.'}"
    printer = None
    if format_ == "text" and output is None:
        printer = ProgressPrinter(stream, tty=tty, header=header)
    try:
        report = run_verify(
            target,
            installed=installed,
            strict=strict,
            timeout_s=timeout_s,
            python=python,
            progress=printer,
            host_version=host_version,
            host=host,
            steps={"static"} if static_only else ALL_STEPS,
            environment=environment,
        )
    finally:
        if printer is not None:
            printer.close()
    if format_ == "json":
        rendered = report.to_json()
    elif format_ == "junit":
        rendered = report.to_junit()
    else:
        rendered = render_text(report, color=tty, with_steps=printer is None) + "\n"
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False, color=tty)
    if report.exit_code:
        sys.exit(report.exit_code)


# update, check, add and adopt live in their own module; importing it registers them here.
from scaffold import _cli_lifecycle, _cli_new  # noqa: E402, F401


def main(argv: Optional[Sequence[str]] = None) -> NoReturn:
    """Console-script entry point.

    Ctrl-C and SIGTERM both end the command through ``KeyboardInterrupt``, so every
    ``finally`` and undo path runs; the exit code is 130.
    """
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="mlplugin",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
