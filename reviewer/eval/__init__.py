"""Evaluation on labelled contracts: ContractNLI, CUAD, and users' own labels."""
