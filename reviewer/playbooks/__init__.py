"""The clause library: playbooks of checks, as strictly validated YAML data."""

from reviewer.playbooks.loader import available_playbooks, load_playbook, validate_path
from reviewer.playbooks.schema import TOPICS, Check, Playbook

__all__ = ["TOPICS", "Check", "Playbook", "available_playbooks", "load_playbook", "validate_path"]
