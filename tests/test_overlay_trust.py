"""An overlay others can write is used, and every answer made with it says who can write it.

``--rules DIR`` (``YTSUB_RULES``) is what the user asked for, and a team may share a folder:
unlike the cache (tests/test_cache_trust.py), which ytsub can simply do without, an overlay
is not dropped. But anyone who can write the folder, a folder above it, a file in it or the
file a link in it leads to can change every figure, so each estimate, match, batch and client
list made with it warns, naming the path and who can write it, and ``rules check`` says so.

Other owners are simulated with ``os.chown`` to nobody's uid, and the checks read owner and
mode, not access: they mean the same when the tests run as root (as in CI).
"""

from __future__ import annotations

import grp
import json
import os
import pwd
from pathlib import Path

import pytest

from tests.conftest import RULES_DIR
from yantai_subsidy.__main__ import run
from yantai_subsidy.loader import load_rules, overlay_risks, rule_files

NOBODY = 65534
TECHLOAN = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
DAY = "2024-06-01"
ESTIMATE = ("estimate", "techloan", "--amount", "300万", "--as-of", DAY)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTSUB_CACHE_DIR", "off")


def overlay_in(parent: Path) -> Path:
    """A folder of the user's own (0755) holding techloan's rule (0644), both in a group that
    others may be in (nobody's), so that making them group-writable means others can write."""
    folder = parent / "overlay"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    path = folder / "m48-techloan.yaml"
    path.write_text(TECHLOAN, encoding="utf-8")
    path.chmod(0o644)
    shared_group(folder, path)
    return folder


def shared_group(*paths: Path) -> None:
    for path in paths:
        os.chown(path, -1, NOBODY)


def group_of(path: Path) -> str:
    return grp.getgrgid(path.stat().st_gid).gr_name


def warning(what: str, path: Path | str, who: str) -> str:
    return (
        f"the overlaid rules may have been changed by others: {what} {path} can be written by {who}"
    )


def risks(folder: Path) -> list[str]:
    return [str(risk) for risk in overlay_risks(folder, rule_files(folder))]


def warnings_of(folder: Path, capsys: pytest.CaptureFixture[str], lang: str = "en") -> list[str]:
    code = run([*ESTIMATE, "--rules", str(folder), "--format", "json", "--lang", lang])
    out = capsys.readouterr().out
    assert code == 0
    return list(json.loads(out)["warnings"])


def test_an_overlay_of_the_users_own_warns_of_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    assert risks(folder) == []
    plain = run([*ESTIMATE, "--format", "json"])
    published = json.loads(capsys.readouterr().out)["warnings"]
    assert plain == 0
    assert warnings_of(folder, capsys) == published


@pytest.mark.parametrize(
    ("mode", "who"),
    [(0o775, "group {group}"), (0o757, "every user"), (0o777, "group {group} and every user")],
)
def test_a_folder_others_can_write_is_named_on_every_estimate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int, who: str
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(mode)
    expected = warning("folder", folder, who.format(group=group_of(folder)))
    assert expected in warnings_of(folder, capsys)
    # the overlay is still used: the user asked for it
    assert load_rules(folder).overlays == (str(folder / "m48-techloan.yaml"),)


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="root's group is root's own"
)
def test_a_folder_writable_by_the_users_own_group_warns_of_nothing(tmp_path: Path) -> None:
    """A user's private group (named as the user, no other member: Debian's and Fedora's
    scheme, with a umask of 002) lets nobody else write; a group others are in does."""
    assert grp.getgrgid(0).gr_name == "root"
    assert set(grp.getgrgid(0).gr_mem) <= {"root"}
    folder = overlay_in(tmp_path)
    os.chown(folder, -1, 0)
    folder.chmod(0o775)
    assert risks(folder) == []
    os.chown(folder, -1, NOBODY)
    assert risks(folder) == [warning("folder", folder, f"group {group_of(folder)}")]


def test_a_sticky_overlay_folder_still_warns(tmp_path: Path) -> None:
    """The sticky bit stops others replacing a file, not adding one, which is overlaid too."""
    folder = overlay_in(tmp_path)
    folder.chmod(0o1777)
    assert risks(folder) == [warning("folder", folder, f"group {group_of(folder)} and every user")]


def test_a_file_others_can_write_or_of_another_owner_is_named(tmp_path: Path) -> None:
    folder = overlay_in(tmp_path)
    path = folder / "m48-techloan.yaml"
    path.chmod(0o666)
    assert risks(folder) == [warning("file", path, f"group {group_of(path)} and every user")]
    path.chmod(0o644)
    os.chown(path, NOBODY, NOBODY)
    owner = pwd.getpwuid(NOBODY).pw_name
    assert risks(folder) == [warning("file", path, f"its owner {owner}")]


def test_a_folder_of_another_owner_is_named(tmp_path: Path) -> None:
    folder = overlay_in(tmp_path)
    os.chown(folder, NOBODY, NOBODY)
    owner = pwd.getpwuid(NOBODY).pw_name
    assert risks(folder) == [warning("folder", folder, f"its owner {owner}")]


def test_a_folder_above_that_others_can_write_is_named_unless_sticky(tmp_path: Path) -> None:
    """Who can write the folder above can rename the overlay away and put another in its place."""
    shared = tmp_path / "shared"
    folder = overlay_in(shared)
    shared_group(shared)
    shared.chmod(0o777)
    assert risks(folder) == [warning("folder", shared, f"group {group_of(shared)} and every user")]
    shared.chmod(0o1777)  # as /tmp: others cannot replace what is not theirs
    assert risks(folder) == []


def test_a_linked_overlay_folder_is_checked_where_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    real = overlay_in(shared)
    shared_group(shared)
    shared.chmod(0o777)
    link = tmp_path / "mine"
    link.symlink_to(real)
    assert risks(link) == [warning("folder", shared, f"group {group_of(shared)} and every user")]


def test_a_link_in_the_overlay_is_checked_where_it_leads(tmp_path: Path) -> None:
    folder = overlay_in(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kept = elsewhere / "techloan.yaml"
    kept.write_text(TECHLOAN, encoding="utf-8")
    kept.chmod(0o644)
    shared_group(elsewhere, kept)
    (folder / "m48-techloan.yaml").unlink()
    (folder / "m48-techloan.yaml").symlink_to(kept)
    elsewhere.chmod(0o755)
    assert risks(folder) == []
    elsewhere.chmod(0o777)
    assert risks(folder) == [
        warning("folder", elsewhere, f"group {group_of(elsewhere)} and every user")
    ]
    elsewhere.chmod(0o755)
    kept.chmod(0o646)
    assert risks(folder) == [warning("file", kept, "every user")]


def test_the_warning_is_in_every_format_and_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    english = warning("folder", folder, "every user")
    chinese = f"叠加的规则可能已被他人改动：文件夹 {folder} 可由所有用户写入"
    assert chinese in warnings_of(folder, capsys, "zh")
    for fmt in ("table", "markdown"):
        for lang, text in (("en", english), ("zh", chinese)):
            code = run([*ESTIMATE, "--rules", str(folder), "--format", fmt, "--lang", lang])
            out = capsys.readouterr().out
            assert code == 0
            assert text.replace(" ", "") in "".join(out.split()), (fmt, lang)
    code = run([*ESTIMATE, "--rules", str(folder), "--format", "csv"])
    assert code == 0
    assert english in capsys.readouterr().err


def test_a_warm_cache_does_not_hide_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YTSUB_CACHE_DIR", str(tmp_path / "cache"))
    folder = overlay_in(tmp_path)
    load_rules(folder)  # cached while the folder was the user's alone
    folder.chmod(0o757)
    assert warning("folder", folder, "every user") in warnings_of(folder, capsys)


def test_ytsub_rules_warns_as_rules_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    monkeypatch.setenv("YTSUB_RULES", str(folder))
    assert run([*ESTIMATE, "--format", "json"]) == 0
    assert (
        warning("folder", folder, "every user") in json.loads(capsys.readouterr().out)["warnings"]
    )


def test_a_batch_warns_on_each_row_and_in_its_summary_alike_under_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    rows = tmp_path / "rows.csv"
    rows.write_text("benefit,amount\ntechloan,300万\ntechloan,100万\n", encoding="utf-8")
    args = ["batch", str(rows), "--format", "jsonl", "--as-of", DAY, "--rules", str(folder)]
    text = warning("folder", folder, "every user")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        code = run([*args, "--output", str(out), "--jobs", jobs])
        err = capsys.readouterr().err
        assert code == 0
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == 2
        assert all(text in line["warnings"] for line in lines)
        assert err.splitlines()[0].endswith(
            f"rule files overlaid: {folder / 'm48-techloan.yaml'}; {text}"
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_client_list_summary_names_who_can_write_the_overlay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    clients = tmp_path / "clients.csv"
    clients.write_text("kind,techloan_principal\nenterprise,300万\n", encoding="utf-8")
    args = ["match", str(clients), "-f", "csv", "-o", str(tmp_path / "out.csv"), "--as-of", DAY]
    code = run([*args, "--rules", str(folder), "--lang", "zh"])
    err = capsys.readouterr().err
    assert code == 0
    assert err.splitlines()[0].endswith(
        f"；叠加的规则可能已被他人改动：文件夹 {folder} 可由所有用户写入"
    )


def test_a_match_of_one_profile_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    profile = Path(__file__).parent.parent / "examples" / "profiles" / "tech-sme.yaml"
    text = warning("folder", folder, "every user")
    for fmt in ("json", "table", "markdown"):
        code = run(["match", str(profile), "--rules", str(folder), "--as-of", DAY, "-f", fmt])
        out = capsys.readouterr().out
        assert code == 0
        assert text.replace(" ", "") in "".join(out.split()), fmt


def test_rules_check_reports_who_can_write_and_still_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = overlay_in(tmp_path)
    folder.chmod(0o757)
    assert run(["rules", "check", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out == "65 rule files: OK\n"
    assert err == f"warning: {warning('folder', folder, 'every user')}\n"
    folder.chmod(0o755)
    assert run(["rules", "check", str(folder)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_an_overlay_path_with_a_control_character_is_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """The overlaid files and the warning name the folder: its ESC must not reach the terminal."""
    folder = overlay_in(tmp_path / "in\x1b[2Jhere")
    folder.chmod(0o757)
    code = run([*ESTIMATE, "--rules", str(folder), "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    assert "\x1b" not in out
    flat = "".join(out.split())
    assert "in\\x1b[2Jhere/overlay/m48-techloan.yaml" in flat  # the overlaid file
    assert (
        "folderin\\x1b[2Jhere/overlaycanbewrittenbyeveryuser".replace(
            "folderin", f"folder{tmp_path}/in"
        )
        in flat
    )  # the warning
    code = run([*ESTIMATE, "--rules", str(folder), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["overlays"] == [str(folder / "m48-techloan.yaml")]  # JSON escapes it
