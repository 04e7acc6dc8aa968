"""`mkdocs-specs check`: the same findings as the build, in every format CI reads, with exit codes
a pipeline can rely on."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from cli_runner import run_cli
from conftest import age_pages, write_site
from factory import SECTIONS, spec

from mkdocs_specs.rule_docs import INDEX_URL, rule_page
from mkdocs_specs.rules import DOCS_URL, RULES

ADR = "---\nstatus: accepted\n---\n# Use Postgres\n\n## Context\n\nWhy.\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`site(files, config=None)`: write a site into the current folder."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes], config: dict | None = None) -> Path:
        return write_site(tmp_path, files, config)

    return write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    return lambda *args: run_cli(capsys, *args)


def test_clean_site_exits_0_and_prints_the_summary(site, cli):
    site({"specs/payment-retries.md": spec(), "adr/0001-use-postgres.md": ADR})
    run = cli("check")
    assert run.code == 0
    assert run.out == "checked 1 spec, 0 PRDs, 1 ADR: 0 errors, 0 warnings, 0 info\n"
    assert run.err == ""


def test_error_exits_1_and_names_file_line_and_rule(site, cli):
    site({"specs/a.md": spec(status="Aproved")})
    run = cli("check")
    assert run.code == 1
    assert run.findings() == {("docs/specs/a.md", 8, "invalid-status", "error")}
    assert 'ERROR   docs/specs/a.md:8: invalid-status: status "Aproved" is not one of' in run.out
    assert '(hint: did you mean "Approved"?)' in run.out
    assert run.out.endswith("checked 1 spec, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info\n")


def out_of_order() -> str:
    return spec(sections=[SECTIONS[1], SECTIONS[0], *SECTIONS[2:]])


@pytest.mark.parametrize(
    ("config_fail_on", "flag", "code"),
    [
        (None, None, 0),
        (None, "warning", 1),
        ("warning", None, 1),
        ("warning", "error", 0),
        ("never", None, 0),
    ],
)
def test_fail_on_comes_from_the_config_and_the_flag_overrides_it(
    site, cli, config_fail_on, flag, code
):
    options = {"fail_on": config_fail_on} if config_fail_on else {}
    site({"specs/a.md": out_of_order()}, {"plugins": [{"specs": options}]})
    run = cli("check", *(["--fail-on", flag] if flag else []))
    assert run.findings() == {("docs/specs/a.md", 12, "section-order", "warning")}
    assert run.code == code


def test_fail_on_never_passes_even_with_errors(site, cli):
    site({"specs/a.md": spec(status="Shipped")}, {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert cli("check").code == 0
    assert cli("check", "--fail-on", "error").code == 1


BROKEN_CONFIGS = {
    "broken YAML": "site_name: [Test\nplugins:\n  - specs\n",
    "invalid plugin option": "site_name: Test\nplugins:\n  - specs:\n      fail_on: sometimes\n",
    "unknown rule id": "site_name: Test\nplugins:\n  - specs:\n      rules: {no-such-rule: off}\n",
    "missing template": "site_name: Test\nplugins:\n  - specs:\n      template: nope.md\n",
    "missing INHERIT": "site_name: Test\nINHERIT: base.yml\n",
}


@pytest.mark.parametrize("text", BROKEN_CONFIGS.values(), ids=BROKEN_CONFIGS.keys())
def test_a_broken_config_exits_2_with_one_line_and_no_traceback(tmp_path, monkeypatch, cli, text):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    run = cli("check")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("mkdocs-specs: error: ")
    assert run.err.count("\n") == 1
    assert "Traceback" not in run.err


def test_invalid_plugin_option_message_names_the_option(site, cli):
    site({"specs/a.md": spec()}, {"plugins": [{"specs": {"fail_on": "sometimes"}}]})
    run = cli("check")
    assert run.code == 2
    assert "fail_on" in run.err and "sometimes" in run.err


def test_missing_config_file_exits_2(tmp_path, monkeypatch, cli):
    (tmp_path / ".git").mkdir()  # the search for the file stops here, whatever /tmp holds
    monkeypatch.chdir(tmp_path)
    run = cli("check")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "mkdocs-specs: error: no mkdocs.yml, mkdocs.yaml, properdocs.yml, properdocs.yaml or "
        f"zensical.toml in {tmp_path}, the top of its git repository; "
        "name the configuration with -f FILE\n"
    )
    assert cli("check", "-f", "elsewhere/mkdocs.yml").code == 2


@pytest.mark.parametrize(
    "args",
    [["check", "--no-such-flag"], ["check", "--format", "xml"], ["lint"], [], ["check", "nope"]],
    ids=["unknown flag", "unknown format", "unknown command", "no command", "missing path"],
)
def test_usage_mistakes_exit_2_with_one_line(site, cli, args):
    site({"specs/a.md": spec()})
    run = cli(*args)
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1, run.err


def test_help_exits_0(cli):
    run = cli("check", "--help")
    assert run.code == 0
    assert "--write-baseline" in run.out


def test_config_warnings_go_to_stderr_and_do_not_fail(site, cli):
    site({"specs/a.md": spec()}, {"not_a_mkdocs_option": 1})
    run = cli("check")
    assert run.code == 0
    assert "Unrecognised configuration name: not_a_mkdocs_option" in run.err
    assert run.out.startswith("checked 1 spec")


def test_config_is_loaded_like_mkdocs_does_with_env_tags(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"specs/a.md": spec(status="Shipped")})
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - specs:\n      fail_on: !ENV [SPECS_FAIL_ON, error]\n",
        "utf-8",
    )
    assert cli("check").code == 1
    monkeypatch.setenv("SPECS_FAIL_ON", "never")
    assert cli("check").code == 0


def test_site_without_the_plugin_is_checked_with_its_defaults(site, cli):
    site({"specs/a.md": spec(status="Shipped")}, {"plugins": ["search"]})
    run = cli("check")
    assert run.code == 1
    assert run.findings() == {("docs/specs/a.md", 8, "invalid-status", "error")}


def test_excluded_pages_are_not_checked(site, cli):
    site(
        {"specs/a.md": spec(), "specs/old/b.md": "# nothing like a spec\n"},
        {"exclude_docs": "specs/old/\n"},
    )
    run = cli("check")
    assert run.code == 0
    assert run.out == "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 0 warnings, 0 info\n"


def test_paths_restrict_the_report_but_references_still_resolve(site, cli):
    site(
        {
            "specs/a.md": spec(related_adr="ADR-0001"),
            "specs/b.md": spec(status="Shipped"),
            "adr/0001-use-postgres.md": ADR,
        }
    )
    assert cli("check").code == 1
    run = cli("check", "docs/specs/a.md")
    assert run.code == 0
    assert run.out == "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 0 warnings, 0 info\n"
    run = cli("check", "docs/specs")
    assert run.code == 1
    assert run.findings() == {("docs/specs/b.md", 8, "invalid-status", "error")}
    run = cli("check", "mkdocs.yml")  # a file that is not a page: nothing to report
    assert run.code == 0
    assert run.out.startswith("checked 0 specs")


def test_paths_are_relative_to_the_current_folder(tmp_path, monkeypatch, cli):
    project = tmp_path / "handbook"
    project.mkdir()
    write_site(project, {"specs/a.md": spec(status="Shipped")})
    monkeypatch.chdir(tmp_path)
    run = cli("check", "-f", "handbook/mkdocs.yml", "--format", "github", "handbook/docs/specs")
    assert run.code == 1
    assert run.out.startswith("::error file=handbook/docs/specs/a.md,line=8,title=invalid-status::")


def test_colour_only_on_a_terminal_and_never_with_no_color(site, cli, monkeypatch):
    site({"specs/a.md": spec(status="Shipped")})
    assert "\033[" not in cli("check").out

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for no_color, coloured in ((None, True), ("1", False)):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        terminal = Terminal()
        monkeypatch.setattr(sys, "stdout", terminal)
        cli("check")
        assert ("\033[1;31mERROR" in terminal.getvalue()) is coloured
        assert "docs/specs/a.md:8: invalid-status:" in terminal.getvalue()


# --- formats -------------------------------------------------------------------------------------


@pytest.fixture
def broken_site(site):
    """One error, one warning and one info finding, in two specs."""
    return site(
        {
            "specs/a.md": spec(status="Shipped"),
            "specs/b.md": out_of_order(),
            "specs/c.md": spec(status="Draft", drop_fields=("Author",)),
            "adr/0001-use-postgres.md": ADR,
        }
    )


EXPECTED = {
    ("docs/specs/a.md", 8, "invalid-status", "error"),
    ("docs/specs/b.md", 12, "section-order", "warning"),
    ("docs/specs/c.md", 3, "missing-field", "info"),
}


def test_text_format(broken_site, cli):
    run = cli("check", "--format", "text")
    assert run.code == 1
    assert run.findings() == EXPECTED


def test_json_format_is_the_exports_documents_array(broken_site, cli):
    run = cli("check", "--format", "json")
    assert run.code == 1
    assert run.err == ""
    documents = json.loads(run.out)
    assert [d["src_path"] for d in documents] == [
        "adr/0001-use-postgres.md",
        "specs/a.md",
        "specs/b.md",
        "specs/c.md",
    ]
    assert documents[1]["url"] == "specs/a/"
    found = {
        (f"docs/{d['src_path']}", f["line"], f["rule"], f["severity"])
        for d in documents
        for f in d["findings"]
    }
    assert found == EXPECTED


GITHUB_RE = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),title=([^:]+)::(.*)$")


def test_github_format_prints_workflow_commands(broken_site, cli):
    run = cli("check", "--format", "github", "--min-severity", "info")
    assert run.code == 1
    lines = run.out.splitlines()
    matches = [GITHUB_RE.match(line) for line in lines]
    assert all(matches), lines
    levels = {"error": "error", "warning": "warning", "notice": "info"}
    found = {(m[2], int(m[3]), m[4], levels[m[1]]) for m in matches if m}
    assert found == EXPECTED


def test_github_format_escapes_data_and_properties(site, cli):
    site({"specs/50%,a:b.md": spec(status="50%, done: no")})
    run = cli("check", "--format", "github")
    line = run.out.splitlines()[0]
    assert line.startswith("::error file=docs/specs/50%25%2Ca%3Ab.md,line=8,title=invalid-status::")
    assert 'status "50%25, done: no" is not one of' in line


def test_junit_format_is_a_testcase_per_document_and_a_failure_per_finding(broken_site, cli):
    run = cli("check", "--format", "junit", "--min-severity", "info")
    assert run.code == 1
    root = ElementTree.fromstring(run.out)
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {
        "docs/adr/0001-use-postgres.md",
        "docs/specs/a.md",
        "docs/specs/b.md",
        "docs/specs/c.md",
    }
    assert suite.get("tests") == "4"
    assert suite.get("failures") == "2"
    failure = cases["docs/specs/a.md"].find("failure")
    assert failure is not None
    assert failure.get("type") == "invalid-status"
    assert "docs/specs/a.md:8: invalid-status:" in (failure.text or "")
    assert cases["docs/specs/b.md"].find("failure").get("type") == "section-order"
    assert cases["docs/specs/c.md"].find("failure") is None  # info is not a failure
    assert "docs/specs/c.md:3: missing-field" in cases["docs/specs/c.md"].find("system-out").text
    assert cases["docs/adr/0001-use-postgres.md"].find("failure") is None


def test_junit_stays_valid_xml_with_control_characters_in_a_page(site, cli):
    site({"specs/a.md": spec(status="Ship\x01ped\x1b[31m")})
    run = cli("check", "--format", "junit")
    failure = ElementTree.fromstring(run.out).find("testsuite/testcase/failure")
    assert failure is not None
    assert "Ship\ufffdped\ufffd[31m" in failure.get("message", "")


def test_sarif_format_describes_rules_and_locates_results(broken_site, cli):
    run = cli("check", "--format", "sarif", "--min-severity", "info")
    assert run.code == 1
    log = json.loads(run.out)
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "mkdocs-specs"
    assert driver["informationUri"].startswith("https://")
    assert driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    assert rules[list(RULES).index("missing-section")]["name"] == "MissingSection"
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"] == RULES[rule["id"]].why
        assert rule["help"]["text"]
    assert "%SRCROOT%" in sarif_run["originalUriBaseIds"]
    found = set()
    levels = {"error": "error", "warning": "warning", "note": "info"}
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        line = location["physicalLocation"]["region"]["startLine"]
        found.add((artifact["uri"], line, result["ruleId"], levels[result["level"]]))
    assert found == EXPECTED


def test_sarif_rules_link_their_pages_and_carry_them_as_help(broken_site, cli):
    """GitHub code scanning shows a rule's `help.markdown` beside an alert and links `helpUri`."""
    [sarif_run] = json.loads(cli("check", "--format", "sarif").out)["runs"]
    for rule in sarif_run["tool"]["driver"]["rules"]:
        assert rule["helpUri"] == f"{DOCS_URL}rules/{rule['id']}/"
        assert rule["help"]["markdown"] == rule_page(
            RULES[rule["id"]], index=INDEX_URL, reports=False
        )
        assert rule["help"]["text"].endswith(f"See {rule['helpUri']}")


# --- rule ----------------------------------------------------------------------------------------


def test_rule_prints_the_rules_page_and_needs_no_site(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here
    run = cli("rule", "missing-section")
    assert (run.code, run.err) == (0, "")
    assert run.out == rule_page(RULES["missing-section"], index=INDEX_URL)
    assert run.out.startswith("# `missing-section`\n")
    assert f"]({INDEX_URL}#example-template)" in run.out  # a link that works outside the site
    assert "specs_ignore: [missing-section]" in run.out


def test_rule_without_an_id_lists_every_rule_with_its_default_severity(cli):
    run = cli("rule")
    assert run.code == 0
    listed = [line.split(maxsplit=2) for line in run.out.splitlines()]
    assert listed == [[rule.id, rule.severity.value, rule.summary] for rule in RULES.values()]


def test_an_unknown_rule_id_is_one_line_naming_the_closest_id(cli):
    run = cli("rule", "missing-sektion")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "mkdocs-specs: error: unknown rule id 'missing-sektion'; did you mean 'missing-section'?\n"
    )


def test_an_unknown_rule_id_is_shown_inert(cli):
    run = cli("rule", "\x1b[2J\nstale")
    assert run.code == 2
    assert run.err.startswith("mkdocs-specs: error: unknown rule id '\\x1b[2J\\nstale'")
    assert run.err.count("\n") == 1


# --- one pipeline --------------------------------------------------------------------------------

BUILD_LINE_RE = re.compile(
    r"^(ERROR|WARNING|INFO): (?:mkdocs_specs: )?(docs/\S+?):(\d+): ([a-z-]+): ", re.MULTILINE
)


def test_check_gives_the_same_findings_as_mkdocs_build(build, cli, monkeypatch, tmp_path):
    files = {
        "index.md": "# Home\n",
        "specs/valid.md": spec(related_prd="PRD-1", related_adr="ADR-0001"),
        "specs/missing-section.md": spec(sections=SECTIONS[:-1]),
        "specs/out-of-order.md": out_of_order(),
        "specs/draft.md": spec(status="Draft", project="{Project Name}", sections=SECTIONS[:3]),
        "specs/stale.md": spec(status="Review", date="2020-01-01"),
        "specs/dangling.md": spec(related_adr="ADR-0099, ADR-0002"),
        "specs/retired.md": spec(related_adr="ADR-0002"),
        "specs/broken-front-matter.md": spec(front_matter="title: [oops"),
        "specs/conflict.md": spec(front_matter="status: Review"),
        "notes/declared.md": "---\nspecs_kind: spec\n---\n# Just notes\n",
        "specs/excluded.md": "# not a spec at all\n",
        "prd/1-checkout.md": "# Checkout\n\n**Status:** Approved\n",
        "adr/0001-use-postgres.md": ADR,
        "adr/0002-use-mongo.md": "---\nstatus: superseded\n---\n# Use Mongo\n",
        "adr/2-duplicate.md": "# Duplicate number\n",
    }
    result = build(files, {"exclude_docs": "specs/excluded.md\n"})
    from_build = {
        (path, int(line), rule, level.lower())
        for level, path, line, rule in BUILD_LINE_RE.findall(result.log)
    }
    # The build counts a Draft's info findings on one line; `check` lists each of them.
    (folded,) = re.findall(
        r"^INFO: mkdocs_specs: (docs/\S+): (\d+) info findings \(Draft\)", result.log, re.M
    )
    monkeypatch.chdir(tmp_path)
    run = cli("check")
    drafts = {f for f in run.findings() if f[0] == folded[0] and f[3] == "info"}
    listed = re.findall(rf"^INFO\s+{re.escape(folded[0])}:\d+: ", run.out, re.M)
    assert (folded[0], len(listed)) == ("docs/specs/draft.md", int(folded[1]))
    assert run.findings() - drafts == from_build
    assert {rule for _, _, rule, _ in run.findings()} >= {
        "missing-section",
        "section-order",
        "placeholder",
        "stale",
        "unresolved-reference",
        "inactive-reference",
        "duplicate-id",
        "front-matter",
        "metadata-conflict",
        "missing-title",
    }
    assert not any("excluded" in path for path, *_ in from_build)
    assert result.exit_code == run.code == 1
    exported = [(d["src_path"], d["findings"]) for d in result.export()["documents"]]
    checked = [
        (d["src_path"], d["findings"]) for d in json.loads(cli("check", "--format", "json").out)
    ]
    assert checked == exported


def test_python_m_runs_the_command_in_a_subprocess(tmp_path):
    write_site(tmp_path, {"specs/a.md": spec(status="Aprövd"), "specs/b.md": spec()})
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs_specs", "check", "--format", "json", "docs/specs/a.md"],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},  # machine formats are UTF-8 regardless
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == b""  # MkDocs' own INFO logging stays silent
    (document,) = json.loads(completed.stdout.decode("utf-8"))
    assert document["src_path"] == "specs/a.md"
    assert [(f["line"], f["rule"]) for f in document["findings"]] == [(8, "invalid-status")]
    assert 'status "Aprövd"' in document["findings"][0]["message"]


def test_a_broken_config_in_a_subprocess_is_one_line_without_traceback(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [Test\n", "utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs_specs", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith("mkdocs-specs: error: ")
    assert completed.stderr.count("\n") == 1


def test_a_second_check_parses_only_the_pages_edited_since(site, cli, parses, own_cache_folder):
    root = site({f"specs/s{index}.md": spec(f"Spec {index}") for index in range(3)})
    age_pages(root)
    first = cli("check")
    assert sorted(parses) == ["specs/s0.md", "specs/s1.md", "specs/s2.md"]
    (saved,) = (own_cache_folder / "mkdocs-specs").iterdir()  # one folder for the site
    assert len(list(saved.iterdir())) == 33  # 32 shards and what they were checked with

    parses.clear()
    assert cli("check") == first
    assert parses == []

    (folder,) = (own_cache_folder / "mkdocs-specs").iterdir()
    written = {part.name: part.stat().st_mtime_ns for part in folder.iterdir()}
    (root / "docs/specs/s1.md").write_text(spec("Spec 1", status="Shipped"), "utf-8")
    run = cli("check")
    assert parses == ["specs/s1.md"]
    rewritten = [p.name for p in folder.iterdir() if p.stat().st_mtime_ns != written[p.name]]
    assert len(rewritten) == 2 and "meta.json" in rewritten  # and the edited page's shard
    assert ("docs/specs/s1.md", 8, "invalid-status", "error") in run.findings()


def test_no_cache_neither_reads_nor_writes_it(site, cli, parses, own_cache_folder):
    root = site({"specs/a.md": spec("Alpha")})
    age_pages(root)
    cli("check", "--no-cache")
    cli("check", "--no-cache")
    assert parses == ["specs/a.md", "specs/a.md"]
    assert not (own_cache_folder / "mkdocs-specs").exists()


def test_an_unreadable_cache_is_ignored(site, cli, own_cache_folder):
    site({"specs/a.md": spec("Alpha", status="Shipped")})
    cli("check")
    (saved,) = (own_cache_folder / "mkdocs-specs").iterdir()
    for part in saved.iterdir():
        part.write_bytes(b"\x80\x05not a pickle")
    run = cli("check")
    assert run.code == 1 and "invalid-status" in run.out
    assert cli("check") == run


def test_changing_the_configuration_drops_the_cache(site, cli, parses):
    root = site({"specs/a.md": spec("Alpha")})
    age_pages(root)
    cli("check")
    site({"specs/a.md": spec("Alpha")}, {"plugins": [{"specs": {"required_depth": 3}}]})
    age_pages(root)
    cli("check")
    assert parses == ["specs/a.md", "specs/a.md"]


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    """`mkdocs-specs rule | head -1`: the pipe closes before the command has written."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs_specs", "rule", "missing-section"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the interpreter has even started
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in stderr
    assert stderr == ""
