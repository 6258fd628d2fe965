"""Start the app: ``python -m ui.launch [streamlit options]`` (what ``make run`` does).

Streamlit has two network look-ups of its own, both off here:

- it asks checkip.amazonaws.com for the machine's public address, for its "External URL" banner
  and to judge a cross-origin WebSocket. Any web page open in the user's browser can open such a
  WebSocket to 127.0.0.1:8501, so a page elsewhere could make this app call out;
- it opens a UDP socket towards 8.8.8.8 to learn the machine's LAN address.

Without them, same-origin use (the normal case, on this machine or over the LAN) is unchanged and a
cross-origin page is refused unless it is listed in ``server.corsAllowedOrigins``.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def _no_lookup() -> str | None:
    return None


def keep_streamlit_local() -> None:
    """Replace Streamlit's address look-ups by ones that never touch the network."""
    from streamlit import net_util

    net_util.get_external_ip = _no_lookup
    net_util.get_internal_ip = _no_lookup


def main(argv: list[str] | None = None) -> int:
    keep_streamlit_local()
    from streamlit.web import cli

    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", str(APP), *args]
    try:
        cli.main()  # runs the server in this process, so the replacements above hold
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
