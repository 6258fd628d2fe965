"""``reviewer doctor``, ``reviewer audit show|verify|drill``, ``reviewer users add|list|remove|passwd``
and ``reviewer share``.

With ``REVIEWER_AUTH=1`` every command acts as a logged-in user: ``REVIEWER_USER`` and
``REVIEWER_PASSWORD`` from the environment, or a prompt on the terminal for what is missing
(installed by ``register`` below, so it applies to every command of the CLI).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.cli.lazy import lazy_module
from reviewer.cli.output import print_json, shorten, table
from reviewer.errors import PermissionDeniedError, UsageError
from reviewer.settings import get_settings
from reviewer.trust import session
from reviewer.trust.users import ROLES

if TYPE_CHECKING:
    from reviewer import api
else:
    api = lazy_module("reviewer.api")


def _terminal_login(known_name: str | None) -> tuple[str, str]:
    if not sys.stdin.isatty():
        raise PermissionDeniedError(
            "login required: set REVIEWER_USER and REVIEWER_PASSWORD, or run the command in a terminal"
        )
    name = known_name or input("user: ").strip()
    return name, getpass.getpass(f"password for {name}: ")


def register(sub: argparse._SubParsersAction) -> None:
    session.set_prompt(_terminal_login)
    _register_doctor(sub)
    _register_audit(sub)
    _register_users(sub)
    share = sub.add_parser("share", help="share a contract set with named users (or show who has it)")
    share.add_argument("set_id", metavar="ID", help="a contract set id, or a unique prefix of one")
    share.add_argument("users", nargs="*", metavar="USER", help="users to share with (none: show who has it)")
    share.add_argument("--revoke", action="store_true", help="stop sharing with these users")
    share.add_argument("--json", action="store_true", help="print the owner and the users as JSON")
    share.set_defaults(func=cmd_share)


def _register_doctor(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="where data is stored, which model files and hosts are used")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--no-probe", action="store_true", help="do not check whether the hosts answer")
    p.add_argument("--selftest", action="store_true", help="review a sample contract and watch the network")
    p.add_argument("--playbook", default="ai-vendor", help="playbook for --selftest (default ai-vendor)")
    p.add_argument("--sandbox-overhead", nargs="+", type=Path, metavar="FILE", help="time parsing FILEs both ways")
    p.set_defaults(func=cmd_doctor)


def _register_audit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="show or verify the audit log (admins)")
    a = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    show = a.add_parser("show", help="show audit entries, oldest first")
    show.add_argument("--set", dest="set_id", metavar="ID", help="only this contract set (id or prefix)")
    show.add_argument("--user", help="only this user")
    show.add_argument("--action", help="only this action (ingest, review, export, delete, login, ...)")
    show.add_argument("--outcome", choices=["ok", "denied", "error"], help="only entries with this outcome")
    show.add_argument("--limit", type=int, help="only the last N entries")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_audit_show)
    verify = a.add_parser("verify", help="check the hash chain; names the line of any edit, removal or move")
    verify.add_argument("--anchor", action="append", default=[], metavar="HASH", help="a hash noted earlier")
    verify.add_argument("--receipt", type=Path, help="also check that a kept deletion receipt matches the log")
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(func=cmd_audit_verify)
    drill = a.add_parser("drill", help="tamper with a scratch log in every known way; count what is caught")
    drill.add_argument("--json", action="store_true", help="print JSON")
    drill.set_defaults(func=cmd_audit_drill)


def _register_users(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="manage users for REVIEWER_AUTH=1 (admins)")
    u = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = u.add_parser("add", help="add a user (the first one must be an admin)")
    add.add_argument("name", help="the user's login name")
    add.add_argument("--role", choices=ROLES, required=True, help="what the user may do")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=cmd_users_add)
    ls = u.add_parser("list", help="list users and roles")
    ls.add_argument("--json", action="store_true", help="print JSON (no password hashes)")
    ls.set_defaults(func=cmd_users_list)
    rm = u.add_parser("remove", help="remove a user")
    rm.add_argument("name", help="the user to remove")
    rm.set_defaults(func=cmd_users_remove)
    pw = u.add_parser("passwd", help="set a user's password (admins; anyone for themselves)")
    pw.add_argument("name", help="whose password to set")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw.set_defaults(func=cmd_users_passwd)


# --- doctor --------------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    from reviewer.trust import doctor

    settings = get_settings()
    if args.sandbox_overhead:
        return _sandbox_overhead(args.sandbox_overhead)
    report = doctor.report(settings, probe=not args.no_probe)
    if args.selftest:
        report["selftest"] = _selftest(settings, args.playbook)
    if args.json:
        print_json(report)
    else:
        print(describe_doctor(report))
    failed = report.get("selftest", {}).get("violations")
    return 1 if failed or not report["audit"]["chain_ok"] else 0


def _selftest(settings: Any, playbook: str) -> dict[str, Any]:
    from reviewer.trust import selftest

    result = selftest.run(settings, playbook)
    return {
        "playbook": result.playbook,
        "findings": result.findings,
        "seconds": result.seconds,
        "network_events": len(result.events),
        "connections": sum(1 for e in result.events if e.event == "socket.connect"),
        "violations": [f"{e.event} {e.target}: {e.why}" for e in result.violations],
        "events": [f"{e.event} {e.target} ({e.why})" for e in result.events],
    }


def describe_doctor(report: dict[str, Any]) -> str:
    s = report["storage"]
    lines = [
        f"contract-reviewer {report['version']}",
        "",
        "Data (all on this machine)",
        f"  data folder      {s['data_dir']} "
        + (f"(mode {s['data_dir_mode']})" if s["data_dir_mode"] else "(not created yet)"),
        f"  contract sets    {s['sets']} in {s['sets_dir']} ({s['sets_bytes'] / 1e6:.1f} MB)",
        f"  vector store     {s['vector_store_kind']}: {s['vector_store']}",
        f"  audit log        {s['audit_log']} ({report['audit']['entries']} entries, "
        f"chain {'intact' if report['audit']['chain_ok'] else 'BROKEN'})",
        f"  receipts         {s['receipts_dir']}",
    ]
    if s["files_not_owner_only"]:
        lines.append(f"  ! {len(s['files_not_owner_only'])} stored files are readable by others")
    lines += [f"  ! audit: {p}" for p in report["audit"]["problems"]]
    lines += ["", "Model files"]
    for m in report["models"]:
        if m.get("path"):
            lines.append(f"  {m['role']:20} {m['path']}\n  {'':20} sha256 {m['sha256']}")
        else:
            lines.append(f"  {m['role']:20} {m['model']} (served by {m.get('served_by')}) {m.get('error', '')}")
    lines += ["", "Hosts the app may contact (no others)"]
    where = {True: "this machine", False: "ANOTHER MACHINE"}
    lines += [
        f"  {h['host']}:{h['port']:<6} {h['role']:15} {where[h['on_this_machine']]:16} {h['status']}"
        for h in report["hosts"]
    ]
    switches = report["offline_switches"]
    off = [k for k, v in switches.items() if v["actual"] != v["wanted"]]
    lines += ["", f"Telemetry and download switches: {len(switches) - len(off)} of {len(switches)} pinned off"]
    lines += [f"  ! {k} is {switches[k]['actual']!r}, expected {switches[k]['wanted']!r}" for k in off]
    st = report["streamlit"]
    lines.append(f"  streamlit config {st.get('path')}: gatherUsageStats = {st.get('gather_usage_stats')}")
    acc, sb = report["access"], report["parse_sandbox"]
    login = "on" if acc["auth"] else f"off (one user: {acc.get('acting_user')} acts as admin)"
    roles = ", ".join(f"{n} {r}" for r, n in acc.get("by_role", {}).items() if n)
    lines += [
        "",
        f"Login: {login}; {acc.get('users', 0)} users" + (f" ({roles})" if roles else ""),
        f"Parser sandbox: {sb['mode']}, {sb['timeout_s']:g} s and {sb['memory_mb']:g} MB per document",
    ]
    if "selftest" in report:
        t = report["selftest"]
        lines += [
            "",
            f"Self-test: sample contract reviewed with playbook {t['playbook']} ({t['findings']} findings, "
            f"{t['seconds']} s); {t['network_events']} network events, {t['connections']} connections, "
            f"{len(t['violations'])} to hosts not configured",
        ]
        lines += [f"  ! {v}" for v in t["violations"]]
    return "\n".join(lines)


def _sandbox_overhead(paths: list[Path], repeat: int = 5) -> int:
    import time

    from reviewer.ingest.base import detect_parser
    from reviewer.ingest.sandbox import run_parser

    settings = get_settings()
    rows = []
    for path in paths:
        data = path.read_bytes()
        parser = detect_parser(data, path.name)
        parser.parse(data, path.name, settings)  # warm the imports once
        best = []
        for sandboxed in (False, True):
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                if sandboxed:
                    run_parser(parser, data, path.name, settings)
                else:
                    parser.parse(data, path.name, settings)
                timings.append(time.perf_counter() - started)
            best.append(min(timings) * 1000)
        rows.append([path.name, f"{best[0]:.1f}", f"{best[1]:.1f}", f"{best[1] - best[0]:.1f}"])
    print(table(rows, ["file", "in-process ms", "sandboxed ms", "overhead ms"]))
    print(f"(best of {repeat} runs each)")
    return 0


# --- audit -----------------------------------------------------------------------------------


def cmd_audit_show(args: argparse.Namespace) -> int:
    entries = api.audit_log(
        set_id=args.set_id, user=args.user, action=args.action, outcome=args.outcome, limit=args.limit
    )
    if args.json:
        print_json(entries)
        return 0
    if not entries:
        print("no audit entries match")
        return 0
    rows = []
    for e in entries:
        extra = " ".join(f"{k}={v}" for k, v in e.detail.items() if k not in ("seconds",))
        what = " ".join(x for x in (e.playbook, e.tier) if x)
        rows.append(
            [
                str(e.seq),
                f"{e.time:%Y-%m-%d %H:%M:%S}",
                e.user,
                e.action,
                e.outcome,
                (e.set_id or "-")[:12],
                what,
                shorten(extra, 70),
            ]
        )
    print(table(rows, ["#", "time (UTC)", "user", "action", "outcome", "set", "playbook/tier", "detail"]))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from reviewer.trust.deletion import verify_receipt

    result = api.verify_audit_log(anchors=args.anchor)
    receipt_problems = verify_receipt(get_settings(), args.receipt) if args.receipt else []
    if args.json:
        print_json(
            {
                "path": result.path,
                "ok": result.ok and not receipt_problems,
                "entries": result.entries,
                "unkeyed_entries": result.unkeyed,
                "head_hash": result.head_hash,
                "problems": [vars(p) for p in result.problems],
                "receipt_problems": receipt_problems,
            }
        )
    else:
        state = "intact" if result.ok else f"BROKEN ({len(result.problems)} problems)"
        print(f"{result.path}: {result.entries} entries, chain {state}")
        if result.unkeyed:
            print(f"  {result.unkeyed} entries predate the log's key (covered by the hash chain only)")
        for p in result.problems:
            print(f"  {'line ' + str(p.line) if p.line else 'log'}: {p.kind}: {p.message}")
        if args.receipt:
            print(f"receipt {args.receipt}: {'matches the log' if not receipt_problems else 'DOES NOT MATCH'}")
            for problem in receipt_problems:
                print(f"  {problem}")
        print(f"head hash {result.head_hash} (note it elsewhere; `--anchor HASH` checks it later)")
    return 0 if result.ok and not receipt_problems else 1


def cmd_audit_drill(args: argparse.Namespace) -> int:
    from reviewer.trust.audit_drill import run

    results = run()
    if args.json:
        print_json(
            [
                {
                    "case": r.case,
                    "detected": r.detected,
                    "detected_with_anchor": r.detected_with_anchor,
                    "problems": [vars(p) for p in r.problems],
                }
                for r in results
            ]
        )
        return 0
    rows = [
        [
            r.case,
            "yes" if r.detected else "NO",
            "yes" if r.detected_with_anchor else "NO",
            shorten(r.problems[0].message, 60) if r.problems else "-",
        ]
        for r in results
    ]
    print(table(rows, ["tampering", "caught", "caught with anchor", "first problem reported"]))
    print(
        f"caught {sum(r.detected for r in results)} of {len(results)} by the chain, MACs and head record; "
        f"{sum(r.detected_with_anchor for r in results)} of {len(results)} with a hash noted earlier"
    )
    return 0


# --- users and shares -------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the passwords differ; nothing was changed")
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    user = api.add_user(args.name, args.role, _read_password(args.password_stdin))
    print(f"added {user.name} ({user.role})")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    users = api.list_users()
    if args.json:
        print_json([u.model_dump(mode="json", exclude={"password_hash"}) for u in users])
        return 0
    rows = [[u.name, u.role, f"{u.created_at:%Y-%m-%d}", f"{u.password_changed_at:%Y-%m-%d}"] for u in users]
    print(table(rows, ["user", "role", "created", "password set"]) if rows else "no users yet")
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    user = api.remove_user(args.name)
    print(f"removed {user.name} ({user.role}); the sets they own stay, for admins to reassign or delete")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    user = api.set_password(args.name, _read_password(args.password_stdin))
    print(f"password of {user.name} changed")
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    if args.users:
        now = api.share_set(args.set_id, args.users, revoke=args.revoke)
    else:
        now = api.set_shares(args.set_id).shared_with
    owner = api.set_shares(args.set_id).owner
    if args.json:
        print_json({"set_id": args.set_id, "owner": owner, "shared_with": now})
        return 0
    print(f"owner: {owner or '(none: admins only)'}; shared with: {', '.join(now) or 'nobody'}")
    return 0
