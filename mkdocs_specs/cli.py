"""The `mkdocs-specs` command: `check` for CI and pre-commit hooks, `new` for authors.

`check` loads `mkdocs.yml` with MkDocs' own loader and runs the build's own events of every
configured plugin up to each page's Markdown (`dry_build`), without rendering anything, so it
reports exactly what `mkdocs build` reports. It also serves generators that load no MkDocs
plugins at all.

Exit codes: 0 clean, 1 findings at or above `fail_on` or, in strict mode, warnings (or `new`
refusing to overwrite a file), 2 a usage or configuration error, always as one line on stderr.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import hashlib
import logging
import os
import posixpath
import shlex
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn, TextIO

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import Files, InclusionLevel, get_files

from .baseline import DEFAULT_BASELINE_FILE, Baseline, BaselineError, BaselineKey
from .catalog import Catalog, Settings
from .checking import PageCache, no_cyclic_gc, usable_cores
from .config import (
    BUILTIN_TEMPLATE,
    FAIL_ON_CHOICES,
    MARKDOWN_SUFFIXES,
    did_you_mean,
    fail_threshold,
)
from .discovery import Classifier
from .draft import (
    DraftValues,
    built_in_template,
    built_in_template_path,
    draft_path,
    draft_text,
    next_number,
    slugify,
)
from .dry_build import DryBuild, DryBuildError
from .generators import (
    OutdirError,
    find_config_file,
    load_site_config,
    portal_folder,
    portal_texts,
)
from .model import Document, Kind, Severity
from .plugin import SpecsPlugin
from .portal import KindSection
from .portal_files import STYLESHEET_NAME, Refused, write_files
from .report import (
    MACHINE_FORMATS,
    CheckResult,
    plural,
    printable,
    reaches,
    text_report,
    tool_version,
)
from .rule_docs import INDEX_URL, rule_page
from .rules import RULES
from .site import PagePaths, project_dir
from .stored import signing_key
from .template import FieldNames

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
FORMATS = ("text", *MACHINE_FORMATS)
SEVERITY_CHOICES = ("error", "warning", "info")
_ANNOTATION_FORMATS = frozenset({"github", "junit", "sarif"})
"""Formats whose every finding becomes an annotation or a result that someone is asked to look
at: a fresh Draft's 155 info findings would drown its errors there (and make a SARIF file
of five specs 143 KB), so they print info only when asked. `json` lists each document's
findings as `specs.json` does, for programs that count them, and keeps them all."""


class UsageError(Exception):
    """A mistake in the command line or the configuration: reported in one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr rather than the whole usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


class _MkDocsLog(logging.Handler):
    """Collects MkDocs' (and plugins') errors for the one-line message and shows warnings."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = printable(" ".join(record.getMessage().split()))
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:
            print(f"mkdocs-specs: warning: {message}", file=self.stream)


@contextmanager
def _quiet_mkdocs() -> Iterator[_MkDocsLog]:
    """MkDocs' INFO chatter silenced for the duration; its warnings kept on stderr. Plugins
    that log outside MkDocs' logger (monorepo) are heard through the root logger."""
    logger, root = logging.getLogger("mkdocs"), logging.getLogger()
    handler = _MkDocsLog(sys.stderr)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    root.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        root.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def load_site(config_file: str | None, strict: bool | None = None) -> MkDocsConfig:
    """The validated config, as `mkdocs build` loads it (before any plugin's events); `strict`
    overrides the file's, as `mkdocs build --strict` does."""
    with _quiet_mkdocs() as log:
        try:
            if config_file is None:
                config_file = _found_config_file()
            return load_site_config(config_file, strict=strict)
        except (MkDocsException, yaml.YAMLError, OSError) as error:
            raise UsageError(_config_problem(error, log.errors, config_file)) from None


def _found_config_file() -> str:
    """The configuration file found here or in a parent folder, named relative to here; one
    found elsewhere than here is said, since every path the command prints depends on it."""
    path = find_config_file(None)
    if os.path.dirname(path) == os.getcwd():
        return os.path.basename(path)
    shown = _shown_path(Path(path))
    print(f"mkdocs-specs: using {printable(shown)}", file=sys.stderr)
    return shown


def _config_problem(error: Exception, logged: list[str], config_file: str | None) -> str:
    name = config_file or "mkdocs.yml"
    if logged:
        return f"{name}: " + "; ".join(logged)
    if isinstance(error, OSError):
        return f"cannot read {error.filename or name}: {error.strerror or error}"
    return " ".join(str(error).split())


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mkdocs-specs",
        description="Validate specs, PRDs and ADRs without building the site, or start a new one.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {tool_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate the documents the way `mkdocs build` does",
        description="Validate the site's specs, PRDs and ADRs without building it. Exit 0 when "
        "clean, 1 when findings reach fail_on (or, in strict mode, are warnings), 2 on a usage "
        "or configuration error.",
    )
    _add_config_file(check)
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (machine formats print to stdout and nothing else); default: text",
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        help="lowest severity that fails (default: the plugin's fail_on option)",
    )
    check.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        help="fail on warnings too, as `mkdocs build --strict` does (default: the strict "
        "setting of mkdocs.yml)",
    )
    check.add_argument(
        "--min-severity",
        choices=SEVERITY_CHOICES,
        help="least severe finding to print (default: warning for github, junit and sarif, "
        "info otherwise); the summary counts all of them and the exit code is unchanged",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the summary line (text format)",
    )
    check.add_argument(
        "--write-baseline",
        nargs="?",
        const="",
        metavar="FILE",
        help="record today's findings as the baseline instead of reporting them "
        f"(default file: the baseline option, else {DEFAULT_BASELINE_FILE} next to mkdocs.yml); "
        "an existing FILE is replaced only if it is a baseline",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the results of the previous run (kept in the user's "
        "cache folder, so only the pages edited since are parsed again)",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report only these files or folders (the whole site is still read, so "
        "references resolve)",
    )
    check.set_defaults(run=_run_check)

    new = commands.add_parser(
        "new",
        help="create a document from its template",
        description="Write a new Draft document from the template of its kind into the first "
        "folder of that kind's globs. Never overwrites: exits 1 if the file exists.",
    )
    new.add_argument("kind", choices=[kind.value for kind in Kind], help="kind of document")
    new.add_argument("title", help="the document's title")
    _add_config_file(new)
    new.add_argument("--author", help="the author (default: git config user.name)")
    new.set_defaults(run=_run_new)

    portal = commands.add_parser(
        "portal",
        help="write the portal pages as Markdown, for generators that load no MkDocs plugin",
        description="Write the dashboard, status, ownership and owner pages as Markdown files "
        "into OUTDIR, a folder of the docs, for a generator such as Zensical to publish. "
        "Rewrites only the files it wrote: exits 1 if another file is in the way.",
    )
    portal.add_argument("outdir", metavar="OUTDIR", help="a folder of the docs, e.g. docs/portal")
    _add_config_file(portal)
    portal.add_argument(
        "--generator",
        choices=("zensical", "mkdocs"),
        default="zensical",
        help="what builds the site: Zensical, or MkDocs or ProperDocs without the specs plugin "
        "(they treat links in HTML differently); default: zensical",
    )
    portal.set_defaults(run=_run_portal)
    _add_rule_command(commands)
    return parser


def _add_config_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        metavar="FILE",
        help="the MkDocs configuration (default: mkdocs.yml, or another file ProperDocs or "
        "Zensical reads, in the current folder or the nearest parent, up to the top of the git "
        "repository)",
    )


EXIT_BROKEN_PIPE = 141
"""What a shell reports for a command stopped by a closed pipe (128 + SIGPIPE), as `git log |
head` is: no traceback, and no exit code that reads as a verdict."""


def run() -> NoReturn:
    """The console script: `main`, then exit without tearing the interpreter down.

    A check of a large site ends with tens of thousands of objects alive; freeing them one by
    one, and the collection Python runs at exit, took a third of a cached check of 10,000
    specs. Everything the command writes is flushed first; the cache files are closed already.

    The cycle collector stays off for the whole process: the check pauses it anyway, and once
    resumed its first pass walked every object the check had made (a quarter of a second at
    10,000 specs) just before the exit that frees them all.
    """
    gc.disable()
    try:
        code = main()
    except BrokenPipeError:  # a reader that went away (`mkdocs-specs rule | head`)
        code = EXIT_BROKEN_PIPE
    # What the interpreter runs at exit is still run: other plugins' temporary folders
    # (gen-files, monorepo) are removed by finalizers registered there, as after `mkdocs build`.
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`| head`): nothing more can be said to it
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (the console script exits with it)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        return args.run(args)
    except UsageError as error:
        print(f"mkdocs-specs: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exit_:  # argparse's --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE


# ---------------------------------------------------------------------------------------------
# check


def _run_check(args: argparse.Namespace) -> int:
    with no_cyclic_gc():
        return _check(args)


def _check(args: argparse.Namespace) -> int:
    if args.write_baseline is not None and args.paths:
        raise UsageError("--write-baseline records the whole site; leave out the PATH arguments")
    if args.quiet and args.format != "text":
        raise UsageError(f"--quiet prints the text summary; --format {args.format} has none")
    selected = [_existing_path(path) for path in args.paths]
    config = load_site(args.config_file, strict=args.strict)
    key = None if args.no_cache else signing_key()
    cache_folder = _cache_folder(config)
    with _quiet_mkdocs() as log:
        dry = DryBuild(config, log.errors, use_baseline=args.write_baseline is None)
        try:
            plugin = dry.configure()
            config = dry.config
            if dry.disabled:
                print(
                    f"mkdocs-specs: warning: {dry.disabled}, so `mkdocs build` checks nothing; "
                    "checking with its options anyway",
                    file=sys.stderr,
                )
            if args.write_baseline is not None:  # before the check: a refusal should not wait
                baseline_file = _baseline_file(args.write_baseline, config, plugin)
            if plugin is not dry.active:  # no `on_config` of its own read its options
                plugin.settings = _settings(plugin, config, args.write_baseline is None)
            plugin.cache = PageCache.load(cache_folder, key) if key else PageCache()
            catalog = dry.check(plugin, workers=usable_cores())
        except DryBuildError as error:
            raise UsageError(str(error)) from None
        finally:
            for warning in dry.close():
                print(f"mkdocs-specs: warning: {printable(warning)}", file=sys.stderr)
        for logged in log.errors:  # logged by other plugins, which went on as in a build
            print(f"mkdocs-specs: error: {logged}", file=sys.stderr)
    files = dry.files
    for warning in catalog.warnings:
        print(f"mkdocs-specs: warning: {printable(warning)}", file=sys.stderr)
    if key is not None:
        plugin.cache.save(cache_folder, key)
    if args.write_baseline is not None:
        return _write_baseline(baseline_file, catalog.documents, config, plugin)

    paths = PagePaths(config)
    if selected:
        real = {file.src_uri: paths.real_path(file) for file in files.documentation_pages()}
        documents = [
            doc for doc in catalog.documents if _is_selected(real.get(doc.src_path), selected)
        ]
    else:
        documents = catalog.documents
    # Only JUnit names a document without findings (a test case each): the other formats
    # print paths of findings, which most of a large site's documents have none of.
    named = documents if args.format == "junit" else [doc for doc in documents if doc.findings]
    result = CheckResult(
        documents,
        paths=_paths_from_here(named, project_dir(config), paths.generated_pages(files)),
        elsewhere=_included_from_here(documents, project_dir(config)),
        urls={file.src_uri: file.url for file in files} if args.format == "json" else {},
        dates=_shown_dates(documents, catalog, plugin) if args.format == "json" else {},
        root_uri=Path.cwd().as_uri() + "/",
        min_severity=Severity(args.min_severity or _default_min_severity(args.format)),
        strict=config.strict,
    )
    if args.format == "text":
        sys.stdout.write(text_report(result, colour=_wants_colour(sys.stdout), quiet=args.quiet))
    else:
        _write_utf8(MACHINE_FORMATS[args.format](result))
    assert plugin.settings is not None
    if plugin.settings.baseline is not None:
        all_findings = (f for doc in catalog.documents for f in doc.findings)
        stale = plugin.settings.baseline.stale(all_findings)
        _tell_stale(stale, _shown_path(Path(project_dir(config))), args.config_file)
    fail_on = args.fail_on or plugin.config.fail_on
    findings = [finding for doc in documents for finding in doc.findings]
    failing = bool(reaches(findings, fail_threshold(fail_on)))
    if config.strict:  # as `mkdocs build --strict`, which fails on every warning the plugin logs
        failing = failing or bool(reaches(findings, Severity.WARNING))
        if catalog.warnings and not failing:
            one = len(catalog.warnings) == 1
            print(
                f"mkdocs-specs: error: strict: the configuration "
                f"{'warning fails' if one else 'warnings fail'} the check, as "
                f"{'it fails' if one else 'they fail'} `mkdocs build --strict`",
                file=sys.stderr,
            )
            failing = True
    return EXIT_FINDINGS if failing else EXIT_OK


_STALE_SHOWN = 3
"""Stale baseline entries named in the note; the rest are counted."""


def _tell_stale(stale: dict[BaselineKey, int], root: str, config_file: str | None) -> None:
    """Say which accepted findings no longer occur, so the baseline can shrink as they are
    fixed: on stderr, where it leaves every format's output as it is, and never failing. Files
    are named as findings name them, relative to here (`root`: the project's folder)."""
    if not stale:
        return
    count = sum(stale.values())
    named = ", ".join(
        printable(f"{posixpath.normpath(f'{root}/{path}')}: {rule}")
        for path, rule, *_ in list(stale)[:_STALE_SHOWN]
    )
    more = f" and {len(stale) - _STALE_SHOWN} more" if len(stale) > _STALE_SHOWN else ""
    command = "mkdocs-specs check --write-baseline"
    if config_file is not None:
        command += f" -f {shlex.quote(config_file)}"
    print(
        f"mkdocs-specs: {plural(count, 'finding')} of the baseline no longer "
        f"{'occurs' if count == 1 else 'occur'} ({named}{more}); run `{printable(command)}` "
        f"to drop {'it' if count == 1 else 'them'}",
        file=sys.stderr,
    )


def _default_min_severity(output_format: str) -> str:
    return "warning" if output_format in _ANNOTATION_FORMATS else "info"


def _settings(plugin: SpecsPlugin, config: MkDocsConfig, use_baseline: bool) -> Settings:
    try:
        return plugin.load_settings(config, use_baseline=use_baseline)
    except MkDocsException as error:
        raise UsageError(str(error)) from None


def _shown_dates(
    documents: Sequence[Document], catalog: Catalog, plugin: SpecsPlugin
) -> dict[str, str | None]:
    """Each document's date as the portal and `specs.json` show it: it depends on the kind's
    templates and, for a kind without one, on what all its documents write."""
    assert plugin.settings is not None
    templates = plugin.settings.templates
    sections = {
        kind: KindSection(kind, catalog.of_kind(kind), templates.get(kind, ())) for kind in Kind
    }
    return {doc.src_path: sections[doc.kind].date(doc) for doc in documents}


def _cache_folder(config: MkDocsConfig) -> str:
    """Where `check` keeps its results between runs: one folder per site in the user's cache
    folder, so nothing is written into the repository (nor read from one). What is read from
    it is trusted only when signed with a key kept elsewhere (`stored.signing_key`)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    site = os.path.abspath(config.config_file_path or "mkdocs.yml")
    name = hashlib.blake2b(site.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return os.path.join(base, "mkdocs-specs", name)


def _existing_path(path: str) -> Path:
    resolved = Path(path).resolve()
    if not resolved.exists():
        raise UsageError(f"{path}: no such file or folder")
    return resolved


def _is_selected(source: str | None, selected: list[Path]) -> bool:
    if source is None:  # a generated page: no PATH names it
        return False
    resolved = Path(source).resolve()  # PATH arguments are resolved too: symlinks compare equal
    return any(resolved == path or path in resolved.parents for path in selected)


def _shown_path(path: Path) -> str:
    """Relative to the current folder, where CI annotations and editors resolve paths."""
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _included_from_here(documents: Sequence[Document], root: str) -> dict[str, str]:
    """The files findings are in besides their documents' own (what a page includes), as
    `_shown_path` gives them."""
    prefix = _shown_path(Path(root))
    return {
        finding.path: posixpath.normpath(f"{prefix}/{finding.path}")
        for doc in documents
        for finding in doc.findings
        if finding.path != doc.display_path and prefix != "."
    }


def _paths_from_here(
    documents: Sequence[Document], root: str, generated: set[str]
) -> dict[str, str]:
    """Each document's path as `_shown_path` gives it. Documents name themselves relative to
    the project's folder, usually where the command runs: one prefix for all, not a `relpath`
    each (a quarter of a second at 10,000 pages). A generated page keeps its own name."""
    prefix = _shown_path(Path(root))
    if prefix == ".":
        return {}
    return {
        d.src_path: posixpath.normpath(f"{prefix}/{d.display_path}")
        for d in documents
        if d.src_path not in generated
    }


def _write_utf8(text: str) -> None:
    """Machine formats are UTF-8 whatever the locale: the JUnit report even declares it."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", "replace"))
    buffer.flush()


def _wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _baseline_file(
    target: str, config: MkDocsConfig, plugin: SpecsPlugin
) -> tuple[Path, Baseline | None]:
    """The file `--write-baseline` writes, once it is sure to overwrite nothing of the user's,
    and the baseline it holds, whose order the new one keeps.

    FILE is optional, so in `check --write-baseline docs/a.md` the page meant for reporting is
    taken for the file to write. A Markdown file, a folder, anything in the docs folder and an
    existing file that is not a baseline are refused, symlinks followed; a symlink to a baseline
    has the baseline it points to rewritten.
    """
    configured = plugin.config.baseline
    path = Path(target or Path(project_dir(config), configured or DEFAULT_BASELINE_FILE))
    resolved = path.resolve()
    try:
        info = resolved.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    is_folder = info is not None and stat.S_ISDIR(info.st_mode)
    if target and (path.suffix.lower() in MARKDOWN_SUFFIXES or is_folder):
        raise UsageError(
            f"{path} looks like a PATH to report, not a baseline file: report on it with "
            f"`mkdocs-specs check {path}`, or record the whole site with "
            "`mkdocs-specs check --write-baseline` (or `--write-baseline=FILE`)"
        )
    if is_folder:
        raise UsageError(f"{path} is a folder, not a baseline file")
    if resolved.suffix.lower() in MARKDOWN_SUFFIXES:
        raise UsageError(f"{path} leads to the Markdown file {resolved}; not overwriting it")
    docs = Path(config.docs_dir).resolve()
    if resolved == docs or docs in resolved.parents:
        raise UsageError(
            f"{path} is in the docs folder, which MkDocs publishes; "
            "write the baseline next to mkdocs.yml"
        )
    if info is None:
        return path, None  # a dangling symlink is replaced, not followed to wherever it points
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path} is not a regular file; not writing to it")
    try:
        previous = Baseline.load(str(resolved))
    except BaselineError:
        raise UsageError(
            f"{path} exists and is not a baseline; not overwriting it "
            "(move it away, or name another file with --write-baseline=FILE)"
        ) from None
    return resolved, previous


def _write_baseline(
    target: tuple[Path, Baseline | None],
    documents: Sequence[Document],
    config: MkDocsConfig,
    plugin: SpecsPlugin,
) -> int:
    """Write the baseline to a new file renamed over `path`: an interrupted run leaves the old
    baseline whole, and a symlink at `path` is replaced rather than followed."""
    path, previous = target
    configured = plugin.config.baseline
    root = project_dir(config)
    baseline = Baseline.record((f for doc in documents for f in doc.findings), previous)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(temporary, flags, 0o666)  # the umask applies, as to any new file
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(baseline.dumps())
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    print(
        f"recorded {baseline.total} finding(s) in {len({key[0] for key in baseline.counts})} "
        f"file(s) to {printable(_shown_path(path.resolve()))}",
        file=sys.stderr,
    )
    if not configured or Path(root, configured).resolve() != path.resolve():
        option = os.path.relpath(path.resolve(), root).replace(os.sep, "/")
        print(
            f"mkdocs-specs: to use it, set `baseline: {printable(option)}` in the specs plugin's "
            "options",
            file=sys.stderr,
        )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# new


def _run_new(args: argparse.Namespace) -> int:
    kind = Kind(args.kind)
    title = " ".join(args.title.split())
    slug = slugify(title)
    if not slug:
        raise UsageError(f"cannot make a file name from the title {args.title!r}")
    config = load_site(args.config_file)
    plugin, files = _plain_site(config)
    options = plugin.config
    globs = {Kind.SPEC: options.specs, Kind.PRD: options.prds, Kind.ADR: options.adrs}[kind]
    configured = {
        Kind.SPEC: options.template,
        Kind.PRD: options.prd_template,
        Kind.ADR: options.adr_template,
    }[kind]
    name = slug
    if kind is not Kind.SPEC:
        classifier = Classifier({kind: globs})
        numbered = [  # excluded and draft pages hold their numbers too
            Path(file.src_uri).name
            for file in files.documentation_pages(inclusion=InclusionLevel.all)
            if classifier.kind_of(file.src_uri) is kind
        ]
        name = f"{next_number(numbered)}-{slug}"
    relative = draft_path(globs, kind, name)
    if relative is None:
        raise UsageError(f"no {kind.value} glob ({', '.join(globs) or 'none'}) can name a new page")
    if configured and configured[0] != built_in_template_path(kind):
        template_name = os.path.basename(configured[0])
        origin = _shown_path(Path(configured[0]))
        try:
            template_text = Path(configured[0]).read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the template {origin}: {error}") from None
    else:
        template_name, template_text = built_in_template(kind)
        origin = f"the built-in {kind.value} template"
    author = args.author or _git_user_name(project_dir(config))
    values = DraftValues(title=title, date=dt.date.today(), author=author)
    text = draft_text(template_text, template_name, kind, values, FieldNames.of(options.fields))

    target = Path(config.docs_dir, relative)
    shown = printable(_shown_path(target.resolve()))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"mkdocs-specs: error: {shown} already exists; not overwriting it", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as error:
        raise UsageError(f"cannot write {shown}: {error.strerror or error}") from None
    print(f"created {shown} from {printable(origin)}")
    if not configured and kind is not Kind.SPEC:  # a spec is checked against the built-in one
        option = f"{kind.value}_template"
        site_file = printable(os.path.basename(config.config_file_path or "mkdocs.yml"))
        print(
            f"mkdocs-specs: {shown} is not checked against a template until {site_file} sets "
            f"{option} in the specs plugin's options (`{option}: {BUILTIN_TEMPLATE}` checks it "
            "against the one it was written from)",
            file=sys.stderr,
        )
    if author is None:
        print(
            "mkdocs-specs: no --author and no `git config user.name`: "
            "the author is left as the template's placeholder",
            file=sys.stderr,
        )
    return EXIT_OK


def _plain_site(config: MkDocsConfig) -> tuple[SpecsPlugin, Files]:
    """The `specs` plugin listed in `mkdocs.yml` (else one with the defaults) and the docs
    folder's pages: where a new document goes needs no other plugin's events."""
    plugin = next((p for p in config.plugins.values() if isinstance(p, SpecsPlugin)), None)
    if plugin is None:
        plugin = SpecsPlugin()
        plugin.load_config({}, config.config_file_path)
    try:
        return plugin, get_files(config)
    except OSError as error:
        raise UsageError(f"cannot read {error.filename}: {error.strerror or error}") from None


def _git_user_name(cwd: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


# ---------------------------------------------------------------------------------------------
# portal


def _run_portal(args: argparse.Namespace) -> int:
    config = load_site(args.config_file)
    plugin, files = _plain_site(config)
    try:
        plugin.settings = plugin.load_settings(config)
        outdir, index_dir = portal_folder(args.outdir, config, plugin.settings)
    except (MkDocsException, OutdirError) as error:
        raise UsageError(str(error)) from None
    with no_cyclic_gc():
        texts, warnings = portal_texts(
            config, plugin, files, index_dir, zensical=args.generator == "zensical"
        )
    for warning in warnings:
        print(f"mkdocs-specs: warning: {printable(warning)}", file=sys.stderr)
    shown = printable(_shown_path(outdir))
    try:
        outcome = write_files(outdir, texts)
    except Refused as refused:
        for path, reason in refused.problems:
            print(f"mkdocs-specs: error: {printable(_shown_path(path))} {reason}", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as error:
        raise UsageError(f"cannot write {shown}: {error.strerror or error}") from None
    print(
        f"wrote {len(outcome.written)} file(s) to {shown}, {len(outcome.unchanged)} unchanged"
        + (f", removed {len(outcome.removed)}" if outcome.removed else "")
    )
    css = f"{index_dir}/{STYLESHEET_NAME}"
    if css not in config.extra_css:
        name = printable(os.path.basename(config.config_file_path or "mkdocs.yml"))
        print(
            f"mkdocs-specs: add {css!r} to extra_css in {name} to style the portal's badges "
            "and charts",
            file=sys.stderr,
        )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# rule


def _add_rule_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    rule = commands.add_parser(
        "rule",
        help="show what a rule checks, why, and a failing and a fixed example",
        description="Print a rule's page (Markdown) as the documentation site shows it, or "
        "without ID list the rules with their default severities. Needs no mkdocs.yml.",
    )
    rule.add_argument("rule_id", nargs="?", metavar="ID", help="a rule id, e.g. missing-section")
    rule.set_defaults(run=_rule_command)


def _rule_command(args: argparse.Namespace) -> int:
    if args.rule_id is None:
        width = max(map(len, RULES))
        for rule in RULES.values():
            print(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.summary}")
        return EXIT_OK
    found = RULES.get(args.rule_id)
    if found is None:
        known = did_you_mean(args.rule_id, RULES, "rules")
        raise UsageError(f"unknown rule id '{args.rule_id}'{known}")
    print(rule_page(found, index=INDEX_URL), end="")
    return EXIT_OK
