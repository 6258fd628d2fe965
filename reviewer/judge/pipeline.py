"""Which judges run, in order: the rule judge always; a learned model where a check names one; the
learned relevance gate where the playbook names one; the local LLM when asked for."""

from __future__ import annotations

from reviewer.judge.base import Judge
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.judge import RuleJudge
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings


def build_judges(index: SetIndex, playbook: Playbook, *, llm: str | None, settings: Settings) -> list[Judge]:
    judges: list[Judge] = [RuleJudge(index)]
    if any(check.model for check in playbook.checks):  # checks with `model:` get the learned judge's verdict
        from reviewer.judge.learned.judge import LearnedJudge, default_embedders

        judges.append(LearnedJudge(index, playbook, default_embedders(settings)))
    if playbook.relevance_model:  # "missing" only when the learned relevance gate finds nothing
        from reviewer.judge.learned.judge import default_embedders
        from reviewer.judge.learned.relevance import RelevanceJudge
        from reviewer.store.files import SetFiles

        stored = SetFiles(settings.sets_dir).folder_if_stored(index.contract_set.id)  # None: kept in memory
        judges.append(RelevanceJudge(index, playbook, default_embedders(settings), stored))
    if llm:
        judges.append(llm_judge(llm, index, settings))  # the LLM judge always runs last
    return judges


def llm_judge(llm: str, index: SetIndex, settings: Settings) -> Judge:
    if llm != "ollama":
        from reviewer.errors import ConfigError

        raise ConfigError(f"unknown LLM judge {llm!r}; use ollama")
    from reviewer.judge.llm.judge import LlmJudge

    return LlmJudge(index, settings)
