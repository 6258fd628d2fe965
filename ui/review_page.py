"""New review: upload a contract set, choose tier, jurisdictions, playbook and LLM, watch progress."""

from __future__ import annotations

from typing import Any, cast

import streamlit as st

from reviewer import api
from reviewer.models import Jurisdiction, Tier
from ui import state
from ui.error_text import explained
from ui.i18n import N_, _, lang
from ui.jobs import ReviewJob, ReviewRequest
from ui.safe import md
from ui.style import JURISDICTION_LABEL, TIER_HELP, jurisdiction_name, tier_name

UPLOAD_TYPES = ["pdf", "docx", "txt", "md"]


def _playbook_choice() -> str | None:
    entries = state.playbooks()
    usable = {name: e for name, e in entries.items() if e.playbook is not None}
    if not usable:
        st.error(_("No valid playbook is available. The Settings page lists the playbooks and their errors."))
        return None
    names = sorted(usable, key=lambda n: (n != "ai-vendor", n))

    def label(name: str) -> str:
        book = usable[name].playbook
        assert book is not None
        return _("{title} ({n} checks)", title=book.title or name, n=len(book.checks))

    return cast(str, st.selectbox(_("Playbook"), names, format_func=label, key="playbook"))


def _tier_choice() -> Tier:
    tiers = list(TIER_HELP)
    return cast(
        Tier,
        st.radio(
            _("How sensitive is the data you will give this vendor?"),
            tiers,
            index=1,
            format_func=tier_name,
            captions=[
                _("{what} For example: {examples}.", what=_(TIER_HELP[t][1]), examples=_(TIER_HELP[t][2]))
                for t in tiers
            ],
            key="tier",
            help=_("The stricter the tier, the more checks become must-haves and the higher their severity."),
        ),
    )


def _jurisdiction_choice() -> list[Jurisdiction]:
    chosen = st.pills(
        _("Laws that apply to you"),
        list(JURISDICTION_LABEL),
        selection_mode="multi",
        format_func=jurisdiction_name,
        key="jurisdictions",
        help=_("Adds the checks these jurisdictions require (e.g. cross-border transfer rules)."),
    )
    return cast(list[Jurisdiction], list(chosen or []))


def _llm_choice() -> str | None:
    settings = state.settings()
    use = st.toggle(
        _("Ask the local LLM for a second opinion"),
        key="use_llm",
        help=_(
            "Uses {model} on {host} (set on the Settings page). "
            "Slower; the LLM may only cite text that is in the contract.",
            model=md(settings.ollama_model),
            host=md(settings.ollama_host),
        ),
    )
    return "ollama" if use else None


def _start(files: list[tuple[str, bytes]], name: str, options: dict[str, Any]) -> None:
    who = state.identity()
    request = ReviewRequest(files=files, name=name.strip() or None, identity=who, **options)
    st.session_state[state.JOB] = ReviewJob(request, state.settings(), lang=lang()).start()


def current_job() -> ReviewJob | None:
    job: Any = st.session_state.get(state.JOB)
    return job if isinstance(job, ReviewJob) else None


def open_finished(job: ReviewJob) -> None:
    """Show the finished review (once)."""
    if job.done and job.review is not None and not job.opened:
        job.opened = True
        state.open_review(job.review)


@st.fragment(run_every=0.5)
def progress_panel(compact: bool = False) -> None:
    """The running review's progress; reruns the app when it finishes."""
    job = current_job()
    if job is None:
        return
    if job.done:
        if not compact:
            open_finished(job)
        st.rerun(scope="app")
        return
    st.progress(job.fraction(), text=md(job.describe()))
    if not compact:
        st.caption(
            _("{seconds} s · you can switch pages; the review keeps running.", seconds=f"{job.elapsed:.0f}")
        )


def job_notice() -> None:
    """The review started here: its progress, then a way to open it (shown on the other pages)."""
    job = current_job()
    if job is None:
        return
    if not job.done:
        st.caption(_("Review running…"))
        progress_panel(compact=True)
    elif job.review is not None and not job.opened:
        job.noticed = True
        st.success(
            _("The review of {name} is ready.", name=md(job.review.contract_set.name)), icon=":material/task_alt:"
        )
        st.button(_("Open results"), key="open_job", on_click=open_finished, args=(job,))


SOURCES = (N_("Upload documents"), N_("Use a stored contract set"))
STORED = "stored_set"


def review_stored(set_id: str) -> None:
    """From History: open New review with a stored set chosen."""
    st.session_state["source"] = SOURCES[1]
    st.session_state[STORED] = set_id
    state.go_to("New review")


def _forget_failed_job() -> None:
    """New files chosen: the message about the previous ones no longer applies."""
    job = current_job()
    if job is not None and job.done and job.error:
        del st.session_state[state.JOB]


def _uploaded(busy: bool, job: ReviewJob | None) -> tuple[list[tuple[str, bytes]], str]:
    uploads = st.file_uploader(
        _("Contract documents (PDF, Word, text)"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="uploads",
        disabled=busy,
        on_change=_forget_failed_job,
    )
    if job is not None and job.error:
        st.error(explained(job.error_headline, job.error), icon=":material/warning:")
    name = st.text_input(
        _("Vendor or contract name"),
        key="set_name",
        placeholder=(uploads[0].name.rsplit(".", 1)[0] if uploads else _("e.g. Acme AI, 2025 renewal")),
        disabled=busy,
    )
    return [(u.name, u.getvalue()) for u in uploads or []], name


def _stored(busy: bool) -> str | None:
    sets = {s.id: s for s in api.list_sets(state.settings(), identity=state.identity())}

    def label(set_id: str) -> str:
        summary = sets[set_id]
        files = ", ".join(d.file_name for d in summary.documents)
        return f"{summary.name} · {summary.created_at:%Y-%m-%d} · {files}"

    if st.session_state.get(STORED) not in sets:
        st.session_state[STORED] = None
    chosen = st.selectbox(
        _("Contract set"),
        list(sets),
        key=STORED,
        format_func=label,
        placeholder=_("Choose a stored set"),
        disabled=busy,
    )
    return str(chosen) if chosen else None


def render() -> None:
    st.title(_("Review a vendor's contract"))
    st.caption(
        _(
            "Upload every document the vendor sent (master agreement, data processing agreement, order "
            "form): they are reviewed together as one contract set, on this machine only."
        )
    )
    if not state.can("ingest"):
        st.info(
            _(
                "Your account can read the reviews of the contract sets shared with you (see History); "
                "starting a review needs the reviewer role."
            ),
            icon=":material/lock:",
        )
        return
    job = current_job()
    if job is not None and job.done and job.review is not None and not job.opened:
        if not job.noticed:  # it finished while the user watched this page: show it
            open_finished(job)
            st.rerun()
        job_notice()
    busy = job is not None and not job.done
    source = SOURCES[0]
    if api.list_sets(state.settings(), identity=state.identity()):
        st.session_state.setdefault("source", SOURCES[0])
        source = st.segmented_control(_("Documents"), SOURCES, key="source", format_func=_) or SOURCES[0]
    files: list[tuple[str, bytes]] = []
    name, set_id = "", None
    if source == SOURCES[0]:
        files, name = _uploaded(busy, job)
    else:
        set_id = _stored(busy)
    left, right = st.columns([3, 2], gap="large")
    with left:
        tier = _tier_choice()
    with right:
        jurisdictions = _jurisdiction_choice()
        playbook = _playbook_choice()
        llm = _llm_choice()
    ready = bool(files or set_id) and playbook is not None and not busy
    if st.button(_("Start review"), type="primary", disabled=not ready, key="start"):
        options = {"playbook": playbook, "tier": tier, "jurisdictions": jurisdictions, "llm": llm}
        _start(files, name, {**options, "set_id": set_id})
        st.rerun()
    if not ready and not busy:
        st.caption(
            _("Add at least one document to start.") if source == SOURCES[0] else _("Choose a contract set.")
        )
    if busy:  # the state this run was drawn with: if the job ends meanwhile, the panel sees it and reruns
        progress_panel()
