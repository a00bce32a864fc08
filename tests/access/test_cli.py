"""`shop users …` as a person runs it: one line each, exit 0 done, 1 refused, 2 bad usage."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.foundation.shop_process import shop, shop_env


def _piped(cwd: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shop", *args],
        cwd=cwd,
        env=shop_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_add_list_and_disable(tmp_path: Path) -> None:
    added = shop(tmp_path, "users", "add", "Anna", "--role", "operator")
    assert added.returncode == 0, added.stderr
    assert re.fullmatch(r"added anna \(operator\); one-time password: \S{20,}\n", added.stdout)

    piped = _piped(tmp_path, "a-password-of-my-own\n", "users", "add", "boss", "--role", "owner")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == "added boss (owner)\n"  # the password is not echoed

    taken = shop(tmp_path, "users", "add", "ANNA", "--role", "owner")
    assert taken.returncode == 1
    assert taken.stderr == "shop: name taken: anna\n"

    listed = shop(tmp_path, "users", "list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["anna", "operator", "active"],
        ["boss", "owner", "active"],
    ]

    disabled = shop(tmp_path, "users", "disable", "anna")
    assert disabled.returncode == 0
    assert disabled.stdout == "disabled anna; their sessions and API tokens are closed\n"
    assert shop(tmp_path, "users", "list").stdout.startswith("anna\toperator\tdisabled ")
    unknown = shop(tmp_path, "users", "disable", "zoe")
    assert (unknown.returncode, unknown.stderr) == (1, "shop: no such user: zoe\n")


def test_bad_usage_is_exit_2(tmp_path: Path) -> None:
    assert shop(tmp_path, "users", "add", "x", "--role", "root").returncode == 2
    assert shop(tmp_path, "users", "add", "x").returncode == 2
    empty = _piped(tmp_path, "", "users", "add", "x", "--role", "owner", "--password-stdin")
    assert empty.returncode == 2
    assert "no password on stdin" in empty.stderr
    short = _piped(tmp_path, "short\n", "users", "add", "x", "--role", "owner")
    assert short.returncode == 1
    assert "at least 12 characters" in short.stderr


def test_token_prints_a_new_token_once_and_revokes_it(tmp_path: Path) -> None:
    assert shop(tmp_path, "users", "add", "anna", "--role", "accountant").returncode == 0
    made = shop(tmp_path, "users", "token", "anna", "--label", "1С выгрузка")
    assert made.returncode == 0, made.stderr
    found = re.fullmatch(
        r"token (\d+) of anna \(1С выгрузка\), shown once: (vt_\S{40,})\n", made.stdout
    )
    assert found is not None, made.stdout
    revoked = shop(tmp_path, "users", "token", "anna", "--revoke", found[1])
    assert (revoked.returncode, revoked.stdout) == (0, f"revoked token {found[1]} of anna\n")
    missing = shop(tmp_path, "users", "token", "anna", "--revoke", "999")
    assert (missing.returncode, missing.stderr) == (1, "shop: no such token: 999\n")
    unknown = shop(tmp_path, "users", "token", "zoe")
    assert (unknown.returncode, unknown.stderr) == (1, "shop: no such user: zoe\n")
    assert shop(tmp_path, "users", "token", "anna", "--revoke", "x").returncode == 2
