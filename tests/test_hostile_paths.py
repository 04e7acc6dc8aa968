"""Paths a user or a repository gives are checked before anything is written or read: the
plugin's folders and files stay inside the site and replace none of its files, the files it
reads are regular files of bounded size, and `--write-baseline` overwrites nothing but a
baseline. Each mistake is one line (a configuration error, or exit 2 from the command
line)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_guarded, run_mkdocs, write_site
from factory import spec

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPEC = "specs/api-rate-limiting.md"
PAGES = {SPEC: spec(title="API Rate Limiting"), "index.md": "# Home\n\nWelcome.\n"}
PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` but the built site, with a hash of its bytes."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative == "site" or relative.startswith("site/") or not path.is_file():
            continue
        files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def options(**specs_options: object) -> dict:
    return {"plugins": [{"specs": specs_options}]}


def one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    return text


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def assert_config_error(root: Path, cli, *words: str) -> None:
    """`mkdocs build` stops with a configuration error and `check` exits 2, both saying each of
    `words` in one line; nothing outside the site changed and nothing was built."""
    before = snapshot(root)
    built = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert built.exit_code == 1
    assert "Aborted with a configuration error" in built.output + built.log
    errors = [line for line in built.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, built.log
    assert all(part in errors[0] for part in words), errors[0]
    assert not (root / "site").exists()
    checked = cli("check")
    assert checked.code == 2
    assert all(part in one_line(checked.err) for part in words), checked.err
    assert snapshot(root) == before


# ---------------------------------------------------------------------------------------------
# index_dir


@pytest.mark.parametrize(
    ("index_dir", "words"),
    [
        ("../outside", "leaves the site folder"),
        ("hub/../../outside", "leaves the site folder"),
        ("/tmp/outside", "is absolute"),
        ("C:/outside", "is absolute"),
        ("hub\\specs", "separate folders with '/'"),
        ("hub\nspecs", "has a control character"),
        ("", "expected a folder name"),
        ("./", "expected a folder name"),
    ],
    ids=["dot-dot", "dot-dot inside", "absolute", "drive", "backslash", "newline", "empty", "dot"],
)
def test_index_dir_must_be_a_folder_inside_the_site(tmp_path, cli, index_dir, words):
    write_site(tmp_path, PAGES, options(index_dir=index_dir))
    assert_config_error(tmp_path, cli, "option 'index_dir'", words)
    assert not (tmp_path / "outside").exists()


def test_index_dir_is_normalised(build):
    result = build(PAGES, options(index_dir="./hub//specs/"))
    assert result.exit_code == 0, result.log
    assert (result.site / "hub/specs/index.html").is_file()
    assert (result.site / "hub/specs/owners/jane-doe/index.html").is_file()


# ---------------------------------------------------------------------------------------------
# export


@pytest.mark.parametrize(
    ("export", "words"),
    [
        ("../docs/specs/injected.md", "leaves the site folder"),
        ("../out.json", "leaves the site folder"),
        ("{tmp}/out.json", "is absolute"),
        ("data\\specs.json", "separate folders with '/'"),
        (".", "is a folder"),
        ("data/", "is a folder"),
        ("catalog.md", "is a Markdown file"),
        ("", "expected a file path inside the site folder"),
    ],
    ids=["into docs", "dot-dot", "absolute", "backslash", "dot", "folder", "markdown", "empty"],
)
def test_export_must_be_a_file_inside_the_site(tmp_path, cli, export, words):
    write_site(tmp_path, PAGES, options(export=export.format(tmp=tmp_path)))
    assert_config_error(tmp_path, cli, "option 'export'", words)
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "docs/specs/injected.md").exists()


@pytest.mark.parametrize(
    ("export", "words"),
    [
        ("index.html", "would replace the site's 'index.html' (built from 'index.md')"),
        ("Index.HTML", "would replace the site's 'index.html'"),
        ("404.html", "would replace the site's '404.html'"),
        ("sitemap.xml", "would replace the site's 'sitemap.xml'"),
        ("search/search_index.json", "would replace the site's 'search/search_index.json'"),
        ("portal/index.html", "would replace the site's 'portal/index.html'"),
        ("css/base.css", "would replace the site's 'css/base.css'"),
        ("assets/mkdocs-specs.css", "would replace the site's 'assets/mkdocs-specs.css'"),
        ("assets", "is a folder of the site"),
        ("index.html/specs.json", "needs a folder where the site has the file 'index.html'"),
    ],
)
def test_export_never_replaces_a_file_mkdocs_builds(build, tmp_path, export, words):
    config = {"plugins": ["search", {"specs": {"export": export}}]}
    result = build(PAGES, config)
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert f"the specs plugin's export {export!r} {words}" in errors[0]
    assert "set `export` to another file" in errors[0]
    assert "Traceback" not in result.output
    assert not [path for path in result.site.rglob("*") if path.is_file()]  # stopped before


def test_the_export_still_goes_where_it_is_asked(build):
    result = build(PAGES, options(export="./data//catalog.json"))
    assert result.exit_code == 0, result.log
    documents = json.loads((result.site / "data/catalog.json").read_text("utf-8"))["documents"]
    assert [d["src_path"] for d in documents] == [SPEC]
    assert "Welcome" in result.html("index.html")


# ---------------------------------------------------------------------------------------------
# baseline and template files


def special_file(root: Path, kind: str) -> str:
    """The path, relative to `root`, of a file that must not be read."""
    if kind == "device":
        return "/dev/zero"
    if kind == "fifo":
        os.mkfifo(root / "pipe.json")
        return "pipe.json"
    (root / "folder.json").mkdir()
    return "folder.json"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("device", "is not a regular file"),
        ("fifo", "is not a regular file"),
        ("folder", "is a folder, not a file"),
    ],
)
@pytest.mark.parametrize("option", ["baseline", "template", "adr_template"])
def test_a_file_to_read_must_be_a_regular_file(tmp_path, option, kind, words):
    if kind == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    write_site(tmp_path, PAGES)
    name = special_file(tmp_path, kind)
    write_site(tmp_path, {}, options(**{option: name}))
    checked = run_guarded(tmp_path, "-m", "mkdocs_specs", "check")
    assert checked.returncode == 2
    assert f"option '{option}': the {option.split('_')[-1]} file '{name}' {words}" in one_line(
        checked.stderr
    )
    built = run_guarded(tmp_path, "-m", "mkdocs", "build")
    assert built.returncode == 1
    assert f"the {option.split('_')[-1]} file '{name}' {words}" in built.stderr
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("option", "size", "words"),
    [("baseline", 16, "is larger than 16 MiB"), ("template", 1, "is larger than 1 MiB")],
)
def test_a_file_to_read_has_a_bounded_size(tmp_path, cli, option, size, words):
    big = tmp_path / "big.md.json"
    with big.open("wb") as handle:
        handle.write(b"# Title\n\n## Section\n\n")
        handle.truncate(size * 1024 * 1024 + 1)  # sparse: nothing of it is on disk
    write_site(tmp_path, PAGES, options(**{option: big.name}))
    assert_config_error(tmp_path, cli, f"the {option} file 'big.md.json' {words}")


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("passwd", "does not look like a Markdown template (no heading)"),
        ("code-only.md", "does not look like a Markdown template (no heading)"),
        ("docs", "is a folder, not a file"),
        ("", None),
    ],
    ids=["passwd", "headings only in code", "folder", "empty"],
)
def test_a_template_must_look_like_markdown(tmp_path, cli, template, words):
    (tmp_path / "passwd").write_text(PASSWD, "utf-8")
    (tmp_path / "code-only.md").write_text("Text.\n\n```\n# not a heading\n```\n", "utf-8")
    write_site(tmp_path, PAGES, options(template=template))
    if words is None:
        assert_config_error(tmp_path, cli, "expected the path of a Markdown file")
    else:
        assert_config_error(tmp_path, cli, f"the template file '{template}' {words}")


def test_etc_passwd_is_no_template(tmp_path, cli):
    if not os.path.isfile("/etc/passwd"):
        pytest.skip("no /etc/passwd here")
    write_site(tmp_path, PAGES, options(template="/etc/passwd"))
    assert_config_error(tmp_path, cli, "does not look like a Markdown template (no heading)")


def real_templates() -> list[Path]:
    corpora = SHARED / "corpora"
    found = {
        *(ROOT / "mkdocs_specs/resources").glob("*.md"),
        *(SHARED / "seeds").glob("*.md"),
        *corpora.glob("**/*template*.md"),
        *corpora.glob("**/*template*/*.md"),
        *corpora.glob("*/docs/spec-templates/*.md"),
    }
    return sorted(found)


@pytest.mark.parametrize("template", real_templates(), ids=lambda path: path.name)
def test_every_real_template_still_loads(tmp_path, cli, template):
    write_site(tmp_path, PAGES, options(template=str(template), adr_template=str(template)))
    run = cli("check")
    assert run.code in (0, 1), run.err
    assert "template" not in run.err


def test_setext_headings_and_front_matter_make_a_template(tmp_path, cli):
    (tmp_path / "t.md").write_text(
        "---\ntitle: x\n---\nSpec {Name}\n==========\n\nSummary\n-------\n", "utf-8"
    )
    write_site(tmp_path, PAGES, options(template="t.md"))
    assert cli("check").code in (0, 1)


def test_an_empty_baseline_path_is_a_config_error(tmp_path, cli):
    write_site(tmp_path, PAGES, options(baseline=""))
    assert_config_error(tmp_path, cli, "option 'baseline': expected the path of the file")


# ---------------------------------------------------------------------------------------------
# --write-baseline FILE


def test_a_spec_given_to_write_baseline_is_never_overwritten(tmp_path, cli):
    write_site(tmp_path, PAGES)
    before = snapshot(tmp_path)
    run = cli("check", "--write-baseline", f"docs/{SPEC}")
    assert run.code == 2
    assert run.out == ""
    assert one_line(run.err) == (
        f"mkdocs-specs: error: docs/{SPEC} looks like a PATH to report, not a baseline file: "
        f"report on it with `mkdocs-specs check docs/{SPEC}`, or record the whole site with "
        "`mkdocs-specs check --write-baseline` (or `--write-baseline=FILE`)\n"
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("docs/specs", "looks like a PATH to report"),
        ("notes.txt", "exists and is not a baseline; not overwriting it"),
        ("mkdocs.yml", "exists and is not a baseline; not overwriting it"),
        ("other.json", "exists and is not a baseline; not overwriting it"),
        ("docs/baseline.json", "is in the docs folder, which MkDocs publishes"),
        ("docs/specs/../../docs/x.json", "is in the docs folder"),
        ("link-to-spec.json", f"leads to the Markdown file {{tmp}}/docs/{SPEC}"),
        ("link-into-docs.json", "is in the docs folder"),
        ("/dev/null", "is not a regular file; not writing to it"),
        ("/dev/zero", "is not a regular file; not writing to it"),
    ],
)
def test_write_baseline_overwrites_nothing_of_the_users(tmp_path, cli, target, words):
    write_site(tmp_path, PAGES)
    (tmp_path / "notes.txt").write_text("my notes\n", "utf-8")
    (tmp_path / "other.json").write_text('{"version": 1}\n', "utf-8")
    (tmp_path / "link-to-spec.json").symlink_to(tmp_path / "docs" / SPEC)
    (tmp_path / "link-into-docs.json").symlink_to(tmp_path / "docs/new.json")
    before = snapshot(tmp_path)
    run = cli("check", "--write-baseline", target)
    assert run.code == 2
    assert words.format(tmp=tmp_path) in one_line(run.err)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "docs/new.json").exists()


def test_the_default_baseline_file_is_not_overwritten_unless_it_is_one(tmp_path, cli):
    write_site(tmp_path, PAGES)
    (tmp_path / ".specs-baseline.json").write_text("the team's own file\n", "utf-8")
    run = cli("check", "--write-baseline")
    assert run.code == 2
    assert ".specs-baseline.json exists and is not a baseline" in one_line(run.err)
    assert (tmp_path / ".specs-baseline.json").read_text("utf-8") == "the team's own file\n"


def test_a_baseline_or_a_link_to_one_is_rewritten(tmp_path, cli):
    write_site(tmp_path, {SPEC: spec(status="Nonsense")})
    assert cli("check", "--write-baseline", "ci/baseline.json").code == 0
    (tmp_path / "current.json").symlink_to("ci/baseline.json")
    write_site(tmp_path, {SPEC: spec(status="Nonsense", project="{Project Name}")})
    run = cli("check", "--write-baseline", "current.json")
    assert run.code == 0, run.err
    assert (tmp_path / "current.json").is_symlink()
    recorded = json.loads((tmp_path / "ci/baseline.json").read_text("utf-8"))
    assert {entry["rule"] for entry in recorded["findings"]} == {"invalid-status", "placeholder"}
    assert sorted(p.name for p in (tmp_path / "ci").iterdir()) == ["baseline.json"]


def test_a_configured_markdown_baseline_is_a_config_error(tmp_path, cli):
    write_site(tmp_path, PAGES, options(baseline=f"docs/{SPEC}"))
    before = snapshot(tmp_path)
    run = cli("check", "--write-baseline")
    assert run.code == 2
    assert "option 'baseline'" in one_line(run.err)
    assert "is a Markdown file" in run.err
    assert snapshot(tmp_path) == before


def test_a_folder_at_the_default_baseline_file_is_refused(tmp_path, cli):
    write_site(tmp_path, PAGES)
    (tmp_path / ".specs-baseline.json").mkdir()
    run = cli("check", "--write-baseline")
    assert run.code == 2
    assert one_line(run.err).endswith(".specs-baseline.json is a folder, not a baseline file\n")
    assert not any((tmp_path / ".specs-baseline.json").iterdir())


HOOK = '''
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File


@event_priority(-100)  # after the specs plugin has looked at the files
def on_files(files, config):
    files.append(File.generated(config, "data", content="late"))
    return files
'''


def test_a_file_added_after_the_plugin_looked_fails_the_export_in_one_line(tmp_path):
    write_site(tmp_path, PAGES, {"plugins": [{"specs": {"export": "data/specs.json"}}]})
    (tmp_path / "late_file.py").write_text(HOOK, "utf-8")
    config = (tmp_path / "mkdocs.yml").read_text("utf-8") + "hooks: [late_file.py]\n"
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    result = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert result.exit_code == 1
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert f"cannot write the export {tmp_path / 'site/data/specs.json'}" in errors[0]
    assert "Traceback" not in result.output
    assert (tmp_path / "site/data").read_text("utf-8") == "late"
