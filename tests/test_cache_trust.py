"""The rule cache is trusted as ssh trusts its files, and overlays are never ignored in silence.

The cache (``$XDG_CACHE_HOME/ytsub`` or ``YTSUB_CACHE_DIR``) is used only when its folder is
a real folder owned by the user and writable by nobody else, and each cached file only when
it is a regular file of the user's, not writable by others, of bounded size, marked as
ytsub's, keyed to these rule files and undamaged. Housekeeping deletes only ytsub's own files.
The digest an estimate shows folds in the checksum of the data used: a cache changed by
anyone who could write it never passes for the published rules.

Other owners are simulated with ``os.chown`` to nobody's uid (the tests may run as root,
for whom permissions do not stop anything: the checks look at owner and mode, not access).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import RULES_DIR
from yantai_subsidy import loader
from yantai_subsidy.__main__ import run
from yantai_subsidy.engine import estimate
from yantai_subsidy.errors import RuleFileError, RulesPathError
from yantai_subsidy.loader import load_rules

NOBODY = 65534
TECHLOAN = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
AMOUNT = {"amount": "50万"}  # 1.5% is 7,500; 15% would be 75,000 (below the 10万 cap)
DAY = "2024-06-01"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("YTSUB_CACHE_DIR", str(folder))
    return folder


def published() -> str:
    return load_rules(use_cache=False).digest


def high(rules: loader.RuleSet) -> str:
    return str(estimate(rules, "techloan", AMOUNT, DAY).amount.high)


def poison(path: Path, rate: str = "15%") -> None:
    """What the issue's attacker did: 15% in place of 1.5%, with a checksum that matches."""
    head, body = path.read_bytes().split(b"\n", 1)
    files = json.loads(body)
    files["m48-techloan.yaml"]["benefits"][0]["params"]["subsidy_rate"]["value"] = rate
    new_body = json.dumps(files, ensure_ascii=False, separators=(",", ":")).encode()
    header = json.loads(head)
    header["sha256"] = hashlib.sha256(new_body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + new_body)


def the_cache_file(folder: Path) -> Path:
    [found] = sorted(folder.glob("rules-*.json"))
    return found


# --- the digest is of the data used -------------------------------------------------------------


def test_an_honest_cache_gives_the_digest_of_no_cache(cache: Path) -> None:
    cold = load_rules()
    warm = load_rules()
    assert cold.digest == warm.digest == published()
    assert the_cache_file(cache).exists()


def test_a_changed_cache_never_shows_the_published_digest(cache: Path) -> None:
    """Even in the user's own folder (someone with the user's rights changed it)."""
    load_rules()
    poison(the_cache_file(cache))
    tampered = load_rules()
    assert high(tampered) == "75000.00"  # the data was used: that is what a cache is for …
    assert tampered.digest != published()  # … but it never looks like the published rules


def test_a_changed_digest_in_the_header_never_shows_the_published_digest(cache: Path) -> None:
    """A warm start takes the rule files' digest from the header: changing it changes the digest."""
    load_rules()
    path = the_cache_file(cache)
    head, body = path.read_bytes().split(b"\n", 1)
    header = json.loads(head) | {"source": "sha256:" + "0" * 64}
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    rules = load_rules()
    assert high(rules) == "7500.00"
    assert rules.digest != published()


# --- the key: each rule file's status, or its content while it has just changed ----------------


def test_a_warm_start_reads_no_rule_file_and_answers_as_a_cold_one(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_rules(use_cache=False)
    load_rules()  # the bundled files changed long ago: keyed by their status

    def unread(path: object) -> bytes:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(loader, "read_bytes", unread)
    warm = load_rules()
    assert warm == cold
    assert estimate(warm, "techloan", AMOUNT, DAY) == estimate(cold, "techloan", AMOUNT, DAY)


def test_the_same_command_answers_alike_from_a_warm_cache_and_without_one(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["estimate", "techloan", "--amount", "300万", "--as-of", DAY, "--format", "json"]
    load_rules()
    assert run(args) == 0
    warm = capsys.readouterr()
    monkeypatch.setenv("YTSUB_CACHE_DIR", "off")
    assert run(args) == 0
    assert capsys.readouterr() == warm


def rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Another content of the same length, with the modification time set back (as cp -p or
    an editor that restores it would): only the ctime, which no program can set, tells."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode())
    assert old in text
    time.sleep(0.05)  # past the file system clock's tick: the write gets a later ctime
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_rule_file_changed_with_its_size_and_mtime_kept_is_not_served_stale(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "SETTLED_NS", 0)  # the overlay counts as settled at once
    folder = folder_with(tmp_path, "m48-techloan.yaml")
    assert high(load_rules(folder)) == "7500.00"
    # the figure and its quote, as an overlay must change them (tests/test_loader.py)
    rewrite_keeping_size_and_mtime(folder / "m48-techloan.yaml", "1.5%", "2.5%")
    assert high(load_rules(folder)) == "12500.00"


def test_a_rule_file_that_just_changed_is_read_even_if_its_status_looks_unchanged(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes within one tick of the clock can leave size and times as they were: a file
    changed less than SETTLED_NS ago is keyed by its content."""
    folder = folder_with(tmp_path, "m48-techloan.yaml")
    target = str(folder / "m48-techloan.yaml")
    frozen = os.stat(target)
    real_stat = os.stat

    def same_status(path: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        return frozen if str(path) == target else found

    monkeypatch.setattr(loader.os, "stat", same_status)
    assert high(load_rules(folder)) == "7500.00"
    text = TECHLOAN.replace("1.5%", "2.5%")  # the figure and its quote
    (folder / "m48-techloan.yaml").write_text(text, encoding="utf-8")
    assert high(load_rules(folder)) == "12500.00"
    digest = loader.rules_digest(
        {p.name: p.read_bytes() for p in RULES_DIR.glob("*.yaml")}
        | {"m48-techloan.yaml": text.encode()}
    )
    assert (cache / f"rules-{loader._cache_key(digest)}.json").exists()  # keyed by content


# --- the folder: the user's own, writable by nobody else ---------------------------------------


def test_a_folder_others_can_write_is_not_used(cache: Path) -> None:
    load_rules()
    poison(the_cache_file(cache))
    for mode in (0o777, 0o770, 0o722, 0o702):
        cache.chmod(mode)
        rules = load_rules()
        assert (high(rules), rules.digest) == ("7500.00", published()), oct(mode)
    cache.chmod(0o700)


def test_a_folder_of_another_owner_is_not_used(cache: Path) -> None:
    load_rules()
    poison(the_cache_file(cache))
    os.chown(cache, NOBODY, NOBODY)
    rules = load_rules()
    assert (high(rules), rules.digest) == ("7500.00", published())


def test_a_linked_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv("YTSUB_CACHE_DIR", str(real))
    load_rules()
    poison(the_cache_file(real))
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("YTSUB_CACHE_DIR", str(link))
    assert high(load_rules()) == "7500.00"


def test_the_default_folder_made_group_writable_by_an_older_ytsub_is_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a umask of 002 an older ytsub made ~/.cache/ytsub 0775: still the user's own."""
    monkeypatch.delenv("YTSUB_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "ytsub"
    folder.mkdir()
    folder.chmod(0o775)
    load_rules()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert the_cache_file(folder).exists()
    poison(the_cache_file(folder))
    the_cache_file(folder).chmod(0o664)  # a file others may write is still not used
    assert high(load_rules()) == "7500.00"


def test_a_folder_named_with_ytsub_cache_dir_is_never_changed(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o775)
    load_rules()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o775
    assert list(cache.iterdir()) == []  # not used, so nothing written either


def test_a_new_folder_is_made_for_the_user_alone(cache: Path) -> None:
    load_rules()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(the_cache_file(cache).stat().st_mode) == 0o600


def test_the_issue_case_a_shared_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """XDG_CACHE_HOME=/tmp/shared-cache owned by nobody, and nobody's poisoned ytsub/rules-KEY.json."""
    shared = tmp_path / "shared-cache"
    monkeypatch.delenv("YTSUB_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    load_rules()  # the key follows from the public rule files: the attacker computes it as well
    poison(the_cache_file(shared / "ytsub"))
    for path in (shared, shared / "ytsub", the_cache_file(shared / "ytsub")):
        os.chown(path, NOBODY, NOBODY)
        path.chmod(0o777 if path.is_dir() else 0o666)
    code = run(["estimate", "techloan", "--amount", "300万", "--as-of", DAY, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, data["amount"]["high"], data["rules_digest"]) == (0, "45000.00", published())
    assert data["overrides"] == []
    assert run(["show", "techloan", "--format", "json"]) == 0
    assert '"1.5%"' in capsys.readouterr().out


# --- the file: regular, the user's, bounded ---------------------------------------------------------


def test_a_file_of_another_owner_or_writable_by_others_is_not_used(cache: Path) -> None:
    load_rules()
    path = the_cache_file(cache)
    poison(path)
    os.chown(path, NOBODY, NOBODY)
    assert high(load_rules()) == "7500.00"  # not used, and replaced by the user's own
    poison(the_cache_file(cache))
    the_cache_file(cache).chmod(0o622)
    assert high(load_rules()) == "7500.00"


def test_a_fifo_at_the_cache_path_does_not_hang(cache: Path) -> None:
    load_rules()
    path = the_cache_file(cache)
    path.unlink()
    os.mkfifo(path)
    code = "from yantai_subsidy.loader import load_rules; print(len(load_rules().measures))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "62\n"


def test_a_link_to_dev_zero_is_not_read(cache: Path) -> None:
    load_rules()
    path = the_cache_file(cache)
    path.unlink()
    path.symlink_to("/dev/zero")
    assert len(load_rules().measures) == 62
    assert path.is_symlink() is False  # replaced by a real cache file, not written through


def test_a_huge_cache_file_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules()
    path = the_cache_file(cache)
    os.truncate(path, 4 * 1024**3)  # sparse: 4 GB that a read would have to go through
    real_read = loader._read_cache
    seen: list[object] = []

    def read(*args: object) -> object:
        seen.append(real_read(*args))  # type: ignore[arg-type]
        return seen[-1]

    monkeypatch.setattr(loader, "_read_cache", read)
    assert len(load_rules().measures) == 62
    assert seen == [None]


# --- housekeeping deletes only ytsub's own files ---------------------------------------------------


def test_housekeeping_leaves_the_users_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YTSUB_CACHE_DIR may name a folder that holds the user's own rules-*.json files."""
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    theirs = [
        folder / "rules-2023.json",
        folder / f"rules-{'a' * 32}.json",
        folder / "rules-x.json",
    ]
    for path in theirs:
        path.write_text('{"my": "data"}\n', encoding="utf-8")
        os.utime(path, (0, 0))  # older than anything ytsub writes
    monkeypatch.setenv("YTSUB_CACHE_DIR", str(folder))
    for number in range(loader.CACHE_KEEP + 3):
        overlay = tmp_path / f"o{number}"
        overlay.mkdir()
        (overlay / "m48-techloan.yaml").write_text(
            TECHLOAN.replace("Sci-tech credit", f"Sci-tech {number}"), encoding="utf-8"
        )
        load_rules(overlay)
    assert all(path.exists() for path in theirs)
    ours = [p for p in folder.glob("rules-*.json") if p not in theirs]
    assert len(ours) == loader.CACHE_KEEP


# --- which folder ---------------------------------------------------------------------------------


@pytest.mark.parametrize("off", ["off", "OFF", "Off", "none", "NONE", "no", "false", "0", "", " "])
def test_words_for_off_turn_the_cache_off(
    off: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YTSUB_CACHE_DIR", off)
    assert loader.cache_dir() is None
    assert len(load_rules().measures) == 62
    assert list(tmp_path.iterdir()) == []  # no folder made in the current directory


def test_a_relative_cache_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YTSUB_CACHE_DIR", "relcache")
    assert loader.cache_dir() is None
    load_rules()
    assert list(tmp_path.iterdir()) == []


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG base directory specification: a relative path is invalid and is ignored."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("YTSUB_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relcache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert loader.cache_dir() == str(tmp_path / "home" / ".cache" / "ytsub")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert loader.cache_dir() == str(tmp_path / "xdg" / "ytsub")


# --- overlays that would have been ignored ----------------------------------------------------------


def folder_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    for name in names:
        (folder / name).write_text(TECHLOAN, encoding="utf-8")
    return folder


def refused(folder: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as raised:
        load_rules(folder, use_cache=False)
    assert "\n" not in str(raised.value)
    return raised.value


def test_an_empty_overlay_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "README.md")
    assert str(refused(folder)) == (
        f"{folder}: --rules: no rule file in this folder (m48-techloan.yaml, document.yaml,"
        " lpr.yaml, facts.yaml …)"
    )


@pytest.mark.parametrize("name", ["m48-techloan.YAML", "m48-techloan.Yaml", "m48-techloan.yml"])
def test_a_name_that_is_almost_a_rule_file_is_refused(tmp_path: Path, name: str) -> None:
    folder = folder_with(tmp_path, name)
    error = refused(folder)
    assert str(error).startswith(f"{folder / name}: not a rule file name")


def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "m48-techloan.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert str(refused(folder)).startswith(
        f"{folder / 'm48-techloan.yaml'}: a link to nothing, or a loop of links"
    )


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "m48-techloan.yaml").symlink_to(folder / "m08-techreno.yaml")
    (folder / "m08-techreno.yaml").symlink_to(folder / "m48-techloan.yaml")
    assert "a link to nothing, or a loop of links" in str(refused(folder))


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "m48-techloan.yaml")
    assert str(refused(folder)) == (
        f"{folder / 'm48-techloan.yaml'}: not a regular file (a FIFO, a device or a socket)"
    )


def test_a_folder_named_like_a_rule_file_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "m48-techloan.yaml").mkdir()
    assert str(refused(folder)) == f"{folder / 'm48-techloan.yaml'}: a folder, not a rule file"


def test_a_link_to_a_rule_file_is_followed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (tmp_path / "kept.yaml").write_text(TECHLOAN.replace("value: 1.5%", "value: 1.5%"), "utf-8")
    (folder / "m48-techloan.yaml").symlink_to(tmp_path / "kept.yaml")
    assert load_rules(folder, use_cache=False).overlays == (str(folder / "m48-techloan.yaml"),)


def test_the_total_an_overlay_may_hold_is_bounded_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue: 3,000 files of just under 1 MB took 2.9 GB and 17 s before the first error."""
    folder = folder_with(tmp_path)
    for number in range(20):
        path = folder / f"m{100 + number}-big.yaml"
        path.touch()
        os.truncate(path, loader.MAX_RULE_FILE_BYTES - 10)  # sparse: nothing to write
    read: list[Path] = []
    monkeypatch.setattr(loader, "read_bytes", lambda path: read.append(path) or b"")
    error = refused(folder)
    assert str(error) == (
        f"{folder}: --rules: its rule files hold more than 16 MB: an overlay holds the few files"
        " it changes"
    )
    assert read == []


def test_a_folder_that_cannot_be_listed_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_with(tmp_path, "m48-techloan.yaml")

    def denied(_: object) -> list[str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loader.os, "listdir", denied)
    with pytest.raises(RulesPathError) as raised:
        load_rules(folder, use_cache=False)
    assert str(raised.value) == f"{folder}: --rules: cannot list the folder: Permission denied"
    assert raised.value.exit_code == 2


def test_ytsub_rules_is_named_as_ytsub_rules(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YTSUB_RULES", "/nonexistent")
    assert run(["list"]) == 2
    assert capsys.readouterr().err == (
        "Error: /nonexistent: YTSUB_RULES: not a folder of rule files\n"
    )
