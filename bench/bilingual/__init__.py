"""The English/Chinese contract pairs of ``python -m bench.bilingual`` (data beside this file)."""
